import { scriptText } from "@coherence/worker/demo";
import { type MediaAnalysis, wordErrorRate } from "@coherence/worker/pipeline";
import type { BenchTalk } from "./talk";

/** Frames this close to a segment edge are ignored: which side they fall on is a matter of rounding. */
const EDGE_SECONDS = 0.5;

/**
 * How right the analysis is on the bench talk, from its ground truth: speech
 * WER against the script, face presence against the segments, the eye-contact
 * share (low by design: the bench presenter's head is turned about 20°), and how often body
 * and hands were found. A speed-up must not move these much.
 */
export function qualityFigures(opts: { talk: BenchTalk; result: Pick<MediaAnalysis, "transcript" | "visual"> }) {
  const { talk, result } = opts;
  const wer = wordErrorRate({ reference: scriptText(talk.script), hypothesis: result.transcript.text });
  const kindAt = (t: number) =>
    talk.faces.find((s) => t >= s.start + EDGE_SECONDS && t < s.end - EDGE_SECONDS)?.kind ?? "edge";
  const judged = result.visual.frames
    .map((f) => ({ f, kind: kindAt(f.t) }))
    .filter((x) => x.kind !== "edge" && x.kind !== "offscreen");
  const right = judged.filter(({ f, kind }) => f.facePresent === (kind !== "absent")).length;
  const share = (kind: string) => {
    const frames = judged.filter((x) => x.kind === kind);
    return frames.length ? frames.filter(({ f }) => f.gaze?.onCamera).length / frames.length : 0;
  };
  const withFace = result.visual.frames.filter((f) => f.facePresent);
  return {
    wer: wer.wer,
    referenceWords: wer.referenceWords,
    faceFrames: judged.length,
    faceAccuracy: judged.length ? right / judged.length : 0,
    eyeContactStill: share("still"),
    eyeContactJitter: share("jitter"),
    bodyShare: withFace.length ? withFace.filter((f) => f.body?.length).length / withFace.length : 0,
    handsShare: withFace.length ? withFace.filter((f) => f.hands?.length).length / withFace.length : 0,
  };
}
