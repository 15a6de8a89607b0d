import type { TVisualFrame } from "@coherence/shared";
import { DEFAULT_FRAME_RULES, type FrameRules, frameRuns } from "../../fusion/signals";
import { lowerBound, round } from "../../fusion/text";
import { type MetricContext, OCCURRENCE_SECONDS, times } from "../context";

/*
 * How eye contact is computed, end to end:
 * 1. Per frame, the vision provider estimates the gaze: head pose plus the eyes' turn in the head
 *    (providers/vision/gaze.ts for Human), and says whether it is within the on-camera limits.
 * 2. Here, a frame is off camera when there is no face, the gaze is off, or (with no gaze
 *    estimate) the head is turned beyond the frame rules' yaw limit (`isOffCamera`).
 * 3. `eyeContactShare` is the share of frames on camera while the presenter speaks;
 *    `lostEyeContactOccurrencesCount` counts runs off camera of 2 s or more.
 * 4. Its band is in fusion/bands.ts (`eyeContactShare`); GAZE_AVOIDANCE (fusion/detectors.ts)
 *    uses the same `isOffCamera` over a key claim.
 */

/** The frame shows the presenter not looking at the camera: face absent, gaze off, or head turned. */
export function isOffCamera(frame: TVisualFrame, rules: FrameRules = DEFAULT_FRAME_RULES): boolean {
  if (!frame.facePresent) return true;
  if (frame.gaze) return !frame.gaze.onCamera;
  return !!frame.head && Math.abs(frame.head.yaw) > rules.headYawOffDegrees;
}

/** Eye contact while speaking (all frames when no frame falls in speech), and the runs without it. */
export function addEyeContactMetrics({ verbal, visual, rules, add }: MetricContext): void {
  if (!visual || visual.frames.length === 0) return;
  const frames = visual.frames;
  const speaking = (t: number) => {
    const s = verbal.sentences[lowerBound(verbal.sentences, (x) => x.end, t)];
    return !!s && t >= s.start;
  };
  const speakingFrames = frames.filter((f) => speaking(f.t));
  const judged = speakingFrames.length ? speakingFrames : frames;
  const onCamera = judged.filter((f) => !isOffCamera(f, rules)).length;
  add({
    name: "eyeContactShare",
    value: round((100 * onCamera) / judged.length, 1),
    unit: "%",
    details: { framesJudged: judged.length, whileSpeaking: speakingFrames.length > 0 },
  });
  const lost = frameRuns(frames, visual.fps, (f) => isOffCamera(f, rules), OCCURRENCE_SECONDS.lostEyeContact);
  add({ name: "lostEyeContactOccurrencesCount", value: lost.length, unit: "count", details: { times: times(lost) } });
}
