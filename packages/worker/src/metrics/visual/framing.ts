import type { TVisualFrame } from "@coherence/shared";
import { type FrameRules, frameRuns, median } from "../../fusion/signals";
import { round } from "../../fusion/text";
import { type MetricContext, OCCURRENCE_SECONDS, times } from "../context";

/**
 * Camera distance per frame from the share of the frame height the face takes, with hysteresis: a
 * face becomes too far below `faceTooFarHeight` and stays so until it is back above
 * `faceFarClearHeight` (likewise for too close), so a face near a line does not flicker. Heights are
 * the median of each frame and its neighbours. Frames without a face have no state.
 */
export function cameraDistanceStates(
  frames: TVisualFrame[],
  rules: FrameRules,
): Map<TVisualFrame, "ok" | "far" | "close"> {
  const withFace = frames.filter((f) => f.face && f.face.height > 0);
  const out = new Map<TVisualFrame, "ok" | "far" | "close">();
  let state: "ok" | "far" | "close" = "ok";
  withFace.forEach((f, i) => {
    const h = median(withFace.slice(Math.max(0, i - 1), i + 2).map((x) => x.face!.height));
    if (state === "far" && h > rules.faceFarClearHeight) state = "ok";
    if (state === "close" && h < rules.faceCloseClearHeight) state = "ok";
    if (state === "ok" && h < rules.faceTooFarHeight) state = "far";
    if (state === "ok" && h > rules.faceTooCloseHeight) state = "close";
    out.set(f, state);
  });
  return out;
}

/** Framing: how often a face is in the picture, runs at a bad camera distance, and runs with the view obstructed. */
export function addFramingMetrics({ visual, rules, add }: MetricContext): void {
  if (!visual || visual.frames.length === 0) return;
  const frames = visual.frames;
  const faces = frames.filter((f) => f.facePresent).length;
  add({
    name: "facePresenceShare",
    value: round((100 * faces) / frames.length, 1),
    unit: "%",
    details: { framesWithFace: faces, frames: frames.length },
  });
  const distance = cameraDistanceStates(frames, rules);
  const badDistance = frameRuns(
    frames,
    visual.fps,
    (f) => distance.get(f) !== "ok" && distance.has(f),
    OCCURRENCE_SECONDS.cameraDistance,
  );
  add({
    name: "incorrectCameraDistanceOccurrencesCount",
    value: badDistance.length,
    unit: "count",
    details: {
      times: times(badDistance),
      medianFaceHeightShare: round(median(frames.filter((f) => f.face).map((f) => f.face!.height)), 3),
    },
  });
  const obstructed = frameRuns(
    frames,
    visual.fps,
    (f) => !f.facePresent || (f.face?.confidence ?? 1) < rules.obstructedFaceConfidence,
    OCCURRENCE_SECONDS.obstructed,
  );
  add({
    name: "obstructedViewOccurrencesCount",
    value: obstructed.length,
    unit: "count",
    details: { times: times(obstructed) },
  });
}
