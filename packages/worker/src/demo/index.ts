// The talk generators (espeak-ng speech, ffmpeg video) for seed-demo, tests and the benchmarks.

export { runMediaTool } from "@coherence/core";
export * from "./speech";
export * from "./talk";
export * from "./talks";
export * from "./video";
