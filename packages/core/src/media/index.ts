export * from "./completeness";
export * from "./ffprobe";
export * from "./inspect";
export * from "./sniff";
export * from "./tools";
