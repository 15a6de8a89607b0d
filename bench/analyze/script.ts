import { scriptText } from "@coherence/worker/demo";
import { analyzeMedia, type MediaAnalysis, type PipelineDeps, wordErrorRate } from "@coherence/worker/pipeline";
import type { BenchTalk } from "./talk";

/**
 * `--script`: the same talk analysed again with its own text as the script. Prints WER without
 * and with the script, the adherence shares, and the wall-time ratio (issue 14's goal: ≤ 1.20).
 */
export async function compareWithScript(opts: {
  talk: BenchTalk;
  deps: PipelineDeps;
  fps: number;
  withoutScript: { result: MediaAnalysis; wallSeconds: number };
}) {
  const script = scriptText(opts.talk.script);
  const t0 = performance.now();
  const guided = await analyzeMedia({
    videoPath: opts.talk.path,
    deps: opts.deps,
    fps: opts.fps,
    signal: new AbortController().signal,
    script,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const werWithout = wordErrorRate({ reference: script, hypothesis: opts.withoutScript.result.transcript.text }).wer;
  const werWith = wordErrorRate({ reference: script, hypothesis: guided.transcript.text }).wer;
  const figures = {
    werWithout,
    werWith,
    guidance: guided.transcript.guidance,
    deliveredShare: guided.script?.deliveredShare,
    asWrittenShare: guided.script?.asWrittenShare,
    wallWithout: opts.withoutScript.wallSeconds,
    wallWith: wallSeconds,
    timeRatio: wallSeconds / opts.withoutScript.wallSeconds,
  };
  console.log(
    `script: WER ${(werWithout * 100).toFixed(1)}% without, ${(werWith * 100).toFixed(1)}% with (${figures.guidance}); ` +
      `delivered ${figures.deliveredShare}, as written ${figures.asWrittenShare}; ` +
      `wall ${figures.wallWithout.toFixed(1)}s without, ${wallSeconds.toFixed(1)}s with (ratio ${figures.timeRatio.toFixed(2)}, goal ≤ 1.20)`,
  );
  return figures;
}
