export * from "./analysis";
export * from "./errors";
export * from "./health";
export * from "./script";
export * from "./session-cookies";
export * from "./text";
export * from "./video";
export * from "./videos-api";
