// What a benchmark needs to run the real pipeline on a file: analyzeMedia, its deps and the local providers.
export { createRuleBasedCoachingProvider } from "../providers/coaching/rule-based";
export {
  createFakeSpeechProvider,
  createPocketsphinxProvider,
  createSpeechProvider,
  wordErrorRate,
} from "../providers/speech";
export type { SpeechTranscriptionProvider, VideoAnalysisProvider } from "../providers/types";
export { createHumanVisionProvider } from "../providers/vision/human";
export { analyzeMedia, type MediaAnalysis } from "./analyze-media";
export { createPipelineDeps, type ProviderSet, selectProviders } from "./create-deps";
export type { PipelineDeps, StageCache } from "./types";
