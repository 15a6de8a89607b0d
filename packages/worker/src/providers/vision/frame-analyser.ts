import type { TVisualFrame } from "@coherence/shared";
import type { Config } from "@vladmandic/human";
import type { RawFrame } from "../../media/frames";
import { createBodySchedule } from "./body-rate";
import { toVisualFrame } from "./human-frame";
import type { HumanEngine } from "./human-runtime";
import { letterbox, needsLetterbox } from "./letterbox";

/** Which picture Human saw: the sampled frame, or a copy of it with grey margins around (letterbox.ts). */
type Geometry = "plain" | "letterboxed";

/** On frames without a face, look for a close-up on a letterboxed copy this often (every Nth sampled frame). */
const NO_FACE_LETTERBOX_EVERY = 4;

/** A body keypoint at least this sure counts as seen. */
const MIN_WRIST_SCORE = 0.3;

/** Whether the frame's body model saw a wrist (true for the first frame, which has no predecessor). */
function wristSeen(frame: TVisualFrame | undefined): boolean {
  if (!frame) return true;
  return Boolean(
    frame.body?.some((k) => (k.part === "leftWrist" || k.part === "rightWrist") && k.score >= MIN_WRIST_SCORE),
  );
}

/**
 * Per-call module switches. Human merges per-call config into its instance
 * for good and the engine is shared, so every switch is set on every call.
 */
function moduleToggles(on: {
  hands: boolean;
  body: boolean;
  emotion: boolean;
  faceDetectorSkips: number;
  trackingSensitivity: number;
}): Partial<Config> {
  return {
    // A change between frames above this (Human's measure: mean squared pixel difference / 255) forces
    // the face detector to run. 0 turns frame-to-frame tracking off.
    cacheSensitivity: on.faceDetectorSkips > 0 ? on.trackingSensitivity : 0,
    gesture: { enabled: true },
    face: {
      enabled: true,
      detector: { skipFrames: on.faceDetectorSkips },
      mesh: { enabled: true },
      iris: { enabled: true },
      emotion: { enabled: on.emotion },
    },
    body: { enabled: on.body },
    hand: { enabled: on.hands },
  };
}

/** `frame` with its face readings (box, head, gaze, emotions) replaced by those of `from`. */
function withFaceOf(frame: TVisualFrame, from: TVisualFrame): TVisualFrame {
  const { face: _face, head: _head, gaze: _gaze, emotions: _emotions, ...rest } = frame;
  const { face, head, gaze, emotions } = from;
  return {
    ...rest,
    facePresent: from.facePresent,
    ...(face ? { face } : {}),
    ...(head ? { head } : {}),
    ...(gaze ? { gaze } : {}),
    ...(emotions ? { emotions } : {}),
  };
}

export type FrameAnalyserOptions = {
  engine: HumanEngine;
  handsEvery: number;
  emotionEvery: number;
  faceDetectorSkips: number;
  /** While the presenter is still, the body model runs on one pair of frames in every 2 × this many (1 = every frame). */
  bodyStillEvery?: number;
  /**
   * Human's frame-change threshold (`cacheSensitivity`) above which the face detector runs even
   * between its every-Nth-frame runs (default 0.7, Human's own).
   */
  trackingSensitivity?: number;
  onCameraMaxDegrees: number;
  onCameraMaxPitchDegrees: number;
};

/**
 * Runs Human on one sampled frame after another and maps each result to a
 * visual frame. Keeps what must carry over between frames: which picture Human
 * saw last (its face tracking is in that picture's pixels) and whether the
 * last face needed a margin.
 */
export function createFrameAnalyser(opts: FrameAnalyserOptions) {
  const counts = { redetections: 0, letterboxed: 0 };
  let lastGeometry: Geometry = "plain";
  let prevGeometry: Geometry = "plain";
  const bodySchedule = createBodySchedule({ stillEvery: opts.bodyStillEvery ?? 1 });
  /** The last frame the body model ran on: whether it saw a wrist decides the hand models. */
  let lastBodyRun: TVisualFrame | undefined;

  async function analyse({ frame, prev }: { frame: RawFrame; prev: TVisualFrame | undefined }): Promise<TVisualFrame> {
    const toggles = {
      hands: opts.handsEvery > 0 && frame.index % opts.handsEvery === 0 && wristSeen(prev && lastBodyRun),
      emotion: frame.index % opts.emotionEvery === 0,
      body: bodySchedule.runs(frame.index),
    };
    let boxed: ReturnType<typeof letterbox> | undefined;
    const run = async (geometry: Geometry, skips: number, faceOnly = false) => {
      boxed = geometry === "letterboxed" ? (boxed ?? letterbox(frame)) : undefined;
      const input = boxed ?? frame;
      // Human tracks the face from the previous call's box, in that call's pixels: only on the same geometry.
      const faceDetectorSkips = geometry === lastGeometry ? skips : 0;
      lastGeometry = geometry;
      const result = await opts.engine.detect({
        data: input.data,
        width: input.width,
        height: input.height,
        overrides: moduleToggles({
          emotion: toggles.emotion,
          hands: toggles.hands && !faceOnly,
          body: toggles.body && !faceOnly,
          faceDetectorSkips,
          trackingSensitivity: opts.trackingSensitivity ?? 0.7,
        }),
      });
      return toVisualFrame({
        t: frame.t,
        result,
        width: input.width,
        height: input.height,
        picture: boxed?.picture,
        onCameraMaxDegrees: opts.onCameraMaxDegrees,
        onCameraMaxPitchDegrees: opts.onCameraMaxPitchDegrees,
      });
    };
    // The previous frame needed the margin and its face is still a close-up (or at an edge): so does this one.
    const geometry: Geometry = prevGeometry === "letterboxed" && needsLetterbox(prev) ? "letterboxed" : "plain";
    let out = await run(geometry, opts.faceDetectorSkips);
    prevGeometry = geometry;
    // Tracking lost the face (it moved out of last frame's box): look again with the detector.
    if (!out.facePresent && opts.faceDetectorSkips > 0 && prev?.facePresent) {
      out = await run(geometry, 0);
      counts.redetections += 1;
    }
    // No face, or one cut off by the frame: a close-up too large for the face detector may be there.
    // A face found whole stays as it is, even near an edge: its reading did not need the margin.
    const lookAgain = out.face?.clipped || (!out.facePresent && frame.index % NO_FACE_LETTERBOX_EVERY === 0);
    if (geometry === "plain" && lookAgain) {
      // The face models only: the body and hands were read on the plain frame already.
      const again = await run("letterboxed", 0, true);
      counts.letterboxed += 1;
      if (again.facePresent) {
        out = withFaceOf(out, again);
        prevGeometry = "letterboxed";
      }
    }
    bodySchedule.observe({ frame: out, ran: toggles.body, prev, aspect: frame.width / frame.height });
    if (toggles.body) lastBodyRun = out;
    return out;
  }

  return { analyse, counts };
}
