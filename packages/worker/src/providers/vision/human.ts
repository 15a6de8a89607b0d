import type { TVisualFrame, TVisualTimeline } from "@coherence/shared";
import type { Config } from "@vladmandic/human";
import { DEFAULT_SAMPLE_WIDTH, streamFrames } from "../../media/frames";
import type { VideoAnalysisProvider } from "../types";
import {
  DEFAULT_ON_CAMERA_MAX_DEGREES,
  DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES,
  outsideShare,
  toVisualFrame,
} from "./human-frame";
import { loadHumanEngine } from "./human-runtime";
import { letterbox, needsLetterbox } from "./letterbox";
import { computeMotion, DEFAULT_MOTION_WINDOW_SECONDS } from "./motion";

export type HumanVisionOptions = {
  /** Folder with Human's models (HUMAN_MODELS_PATH); default: the installed package's models/. */
  modelsPath?: string;
  /** Width of the analysed frames in pixels (default 640, aspect kept). */
  frameWidth?: number;
  /**
   * Run the hand models on every Nth sampled frame (default 8: 0.25 fps at the
   * default 2 fps); 0 turns them off. They cost more than face and body
   * together, and hand motion for fidgeting comes from the body's wrists and
   * elbows on every frame anyway. They also only run when the previous
   * frame's body model saw a wrist: in a head-and-shoulders framing there
   * are no hands to find.
   */
  handsEveryNthFrame?: number;
  /**
   * Run the face detector on every Nth sampled frame at most (default 8); in
   * between, the face mesh tracks the face from the previous frame's box.
   * Human still re-detects whenever the picture changes noticeably, and a
   * frame where tracking loses the face is re-run with the detector. 1 = detect every frame.
   */
  faceDetectEveryNthFrame?: number;
  /**
   * Run the emotion model on every Nth sampled frame (default 1: every frame).
   * It is cheap next to the face mesh (about 6 ms of ~100 per frame), so every
   * face frame keeps its emotion distribution.
   */
  emotionEveryNthFrame?: number;
  /** Window of the motion-energy series in seconds (default 2). */
  motionWindowSeconds?: number;
  /** Gaze within this many degrees of the camera sideways counts as on camera (default 15; see human-frame.ts). */
  onCameraMaxDegrees?: number;
  /** The vertical limit (default 20). */
  onCameraMaxPitchDegrees?: number;
};

export const HUMAN_PROVIDER_NAME = "human";

/** Which picture Human saw: the sampled frame, or a copy of it with grey margins around (letterbox.ts). */
type Geometry = "plain" | "letterboxed";

/** The frame with its emotions left out and its face marked cut off: the face was not found again with a margin. */
function withoutEmotions(frame: TVisualFrame): TVisualFrame {
  const { emotions: _, ...rest } = frame;
  return rest.face ? { ...rest, face: { ...rest.face, clipped: true } } : rest;
}

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
function moduleToggles(on: { hands: boolean; emotion: boolean; faceDetectorSkips: number }): Partial<Config> {
  return {
    // A change between frames above this (Human's measure: mean squared pixel difference / 255) forces
    // the face detector to run; 0.7 is Human's default. 0 turns frame-to-frame tracking off.
    cacheSensitivity: on.faceDetectorSkips > 0 ? 0.7 : 0,
    gesture: { enabled: true },
    face: {
      enabled: true,
      detector: { skipFrames: on.faceDetectorSkips },
      mesh: { enabled: true },
      iris: { enabled: true },
      emotion: { enabled: on.emotion },
    },
    body: { enabled: true },
    hand: { enabled: on.hands },
  };
}

/**
 * The local vision provider: samples frames with ffmpeg (raw RGB, no temp
 * files) and runs @vladmandic/human on the tfjs wasm backend on each: face box,
 * head pose, gaze, emotions, body keypoints, hands, gestures; then derives
 * hand and body motion energy per window. Models load once per process.
 */
export function createHumanVisionProvider(opts: HumanVisionOptions = {}): VideoAnalysisProvider & {
  /** Loads the models now (they otherwise load on the first analysis); throws if they are missing. */
  warmup(): Promise<void>;
} {
  const handsEvery = opts.handsEveryNthFrame ?? 8;
  const emotionEvery = Math.max(1, opts.emotionEveryNthFrame ?? 1);
  const faceDetectorSkips = Math.max(0, (opts.faceDetectEveryNthFrame ?? 8) - 1);
  return {
    name: HUMAN_PROVIDER_NAME,
    async warmup() {
      await loadHumanEngine({ modelsPath: opts.modelsPath });
    },
    async analyze({ videoPath, durationSeconds, fps, signal, logger, onProgress }): Promise<TVisualTimeline> {
      signal.throwIfAborted();
      const engine = await loadHumanEngine({ modelsPath: opts.modelsPath });
      const frames: TVisualFrame[] = [];
      let aspect = 16 / 9;
      const started = performance.now();
      let detectMs = 0;
      let retries = 0;
      let letterboxed = 0;
      let lastGeometry: Geometry = "plain";
      for await (const frame of streamFrames({
        videoPath,
        fps,
        width: opts.frameWidth ?? DEFAULT_SAMPLE_WIDTH,
        signal,
      })) {
        signal.throwIfAborted();
        aspect = frame.width / frame.height;
        const prev = frames.at(-1);
        const toggles = {
          hands: handsEvery > 0 && frame.index % handsEvery === 0 && wristSeen(prev),
          emotion: frame.index % emotionEvery === 0,
        };
        let boxed: ReturnType<typeof letterbox> | undefined;
        const t0 = performance.now();
        const run = async (geometry: Geometry, skips: number) => {
          const input = geometry === "letterboxed" ? (boxed ??= letterbox(frame)) : frame;
          // Human tracks the face from the previous call's box, in that call's pixels: only on the same geometry.
          const faceDetectorSkips = geometry === lastGeometry ? skips : 0;
          lastGeometry = geometry;
          const result = await engine.detect({
            data: input.data,
            width: input.width,
            height: input.height,
            overrides: moduleToggles({ ...toggles, faceDetectorSkips }),
          });
          return toVisualFrame({
            t: frame.t,
            result,
            width: input.width,
            height: input.height,
            picture: "picture" in input ? input.picture : undefined,
            onCameraMaxDegrees: opts.onCameraMaxDegrees ?? DEFAULT_ON_CAMERA_MAX_DEGREES,
            onCameraMaxPitchDegrees: opts.onCameraMaxPitchDegrees ?? DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES,
          });
        };
        // A close-up (or a face at the edge) in the previous frame: give this one a margin straight away.
        const geometry: Geometry = needsLetterbox(prev) ? "letterboxed" : "plain";
        let out = await run(geometry, faceDetectorSkips);
        // Tracking lost the face (it moved out of last frame's box): look again with the detector.
        if (!out.facePresent && faceDetectorSkips > 0 && prev?.facePresent) {
          out = await run(geometry, 0);
          retries += 1;
        }
        if (geometry === "plain" && (needsLetterbox(out) || (!out.facePresent && frame.index % 4 === 0))) {
          // The face came too close or is cut off, or a close-up too large for the detector may be there.
          const again = await run("letterboxed", 0);
          letterboxed += 1;
          if (again.facePresent) out = again;
          else if (out.face && outsideShare(out.face) > 0) out = withoutEmotions(out);
        }
        detectMs += performance.now() - t0;
        frames.push(out);
        if (durationSeconds > 0) onProgress?.(Math.min(1, (frame.t + 1 / fps) / durationSeconds));
      }
      signal.throwIfAborted();
      const motion = computeMotion({
        frames,
        aspect,
        fps,
        windowSeconds: opts.motionWindowSeconds ?? DEFAULT_MOTION_WINDOW_SECONDS,
      });
      const totalMs = performance.now() - started;
      logger.info(
        {
          provider: HUMAN_PROVIDER_NAME,
          frames: frames.length,
          msPerFrame: frames.length ? Math.round(detectMs / frames.length) : 0,
          totalMs: Math.round(totalMs),
          faceRedetections: retries,
          letterboxRetries: letterboxed,
        },
        "vision analysis finished",
      );
      onProgress?.(1);
      return { provider: HUMAN_PROVIDER_NAME, fps, frames, motion, observations: [] };
    },
  };
}
