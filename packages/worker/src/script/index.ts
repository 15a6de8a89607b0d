export * from "./adherence";
export * from "./align";
export * from "./aligned-transcript";
export * from "./key-terms";
export * from "./metrics";
export * from "./number-words";
export * from "./tokenise";
export * from "./word-alignment";
