// What a benchmark needs to run the real pipeline or one of its steps on a file: analyzeMedia, its
// deps, the local providers, and the audio and frame steps.
export type { Config as HumanConfig } from "@vladmandic/human";
export { computeAudioFeatures } from "../audio/features";
export { readWavFile } from "../audio/wav";
export { streamFrames } from "../media/frames";
export { createRuleBasedCoachingProvider } from "../providers/coaching/rule-based";
export {
  createFakeSpeechProvider,
  createPocketsphinxProvider,
  createSpeechProvider,
  createWhisperProvider,
  wordErrorRate,
} from "../providers/speech";
export type { PocketsphinxOptions } from "../providers/speech/pocketsphinx";
export type { SpeechTranscriptionProvider, VideoAnalysisProvider } from "../providers/types";
export { createHumanVisionProvider, type HumanVisionOptions } from "../providers/vision/human";
export { loadHumanEngine } from "../providers/vision/human-runtime";
export { analyzeMedia, type MediaAnalysis } from "./analyze-media";
export { createPipelineDeps, type ProviderSet, selectProviders } from "./create-deps";
export type { PipelineDeps, StageCache } from "./types";
