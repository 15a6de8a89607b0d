export * from "./analyze-file";
export * from "./energy";
export * from "./features";
export * from "./pauses";
export * from "./pitch";
export * from "./wav";
