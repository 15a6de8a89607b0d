import type { TVisualFrame, TVisualTimeline } from "@coherence/shared";
import { DEFAULT_SAMPLE_WIDTH, streamFrames } from "../../media/frames";
import type { VideoAnalysisProvider } from "../types";
import { createFrameAnalyser } from "./frame-analyser";
import { DEFAULT_ON_CAMERA_MAX_DEGREES, DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES } from "./human-frame";
import { loadHumanEngine } from "./human-runtime";
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
   * How much the picture may change between frames (Human's `cacheSensitivity`: mean squared
   * pixel difference / 255) before the face detector runs anyway instead of the mesh tracking
   * the face (default 0.7, Human's own). A shaking camera exceeds 0.7 on every frame.
   */
  faceTrackingSensitivity?: number;
  /**
   * Run the emotion model on every Nth sampled frame (default 1: every frame).
   * It is cheap next to the face mesh (about 6 ms of ~100 per frame), so every
   * face frame keeps its emotion distribution.
   */
  emotionEveryNthFrame?: number;
  /**
   * While the presenter is still (the last pair of frames moved less than a tenth of the
   * fidgeting level), run the body model on one pair of consecutive frames in every 2 × this
   * many (default 2: half the frames when still; 1 = every frame). Motion energy pairs consecutive frames, so each window keeps
   * a measurement; the first pair that moves brings back every frame (body-rate.ts).
   */
  bodyStillEvery?: number;
  /** Window of the motion-energy series in seconds (default 2). */
  motionWindowSeconds?: number;
  /** Gaze within this many degrees of the camera sideways counts as on camera (default 15; see human-frame.ts). */
  onCameraMaxDegrees?: number;
  /** The vertical limit (default 20). */
  onCameraMaxPitchDegrees?: number;
};

export const HUMAN_PROVIDER_NAME = "human";

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
      const analyser = createFrameAnalyser({
        engine,
        handsEvery,
        emotionEvery,
        faceDetectorSkips,
        bodyStillEvery: opts.bodyStillEvery ?? 2,
        trackingSensitivity: opts.faceTrackingSensitivity ?? 0.7,
        onCameraMaxDegrees: opts.onCameraMaxDegrees ?? DEFAULT_ON_CAMERA_MAX_DEGREES,
        onCameraMaxPitchDegrees: opts.onCameraMaxPitchDegrees ?? DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES,
      });
      for await (const frame of streamFrames({
        videoPath,
        fps,
        width: opts.frameWidth ?? DEFAULT_SAMPLE_WIDTH,
        signal,
      })) {
        signal.throwIfAborted();
        aspect = frame.width / frame.height;
        const t0 = performance.now();
        const out = await analyser.analyse({ frame, prev: frames.at(-1) });
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
          faceRedetections: analyser.counts.redetections,
          letterboxRetries: analyser.counts.letterboxed,
        },
        "vision analysis finished",
      );
      onProgress?.(1);
      return { provider: HUMAN_PROVIDER_NAME, fps, frames, motion, observations: [] };
    },
  };
}
