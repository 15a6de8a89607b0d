export * from "./adherence";
export * from "./align";
export * from "./aligned-transcript";
export * from "./number-words";
export * from "./tokenise";
export * from "./word-alignment";
export * from "./key-terms";
