import type { TMetric, TVisualTimeline } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_BANDS, extractVerbal, fuse } from "../../fusion";
import { detectDeicticMismatch } from "../../fusion/detectors";
import { DEFAULT_FRAME_RULES } from "../../fusion/signals";
import { audioFeatures, script } from "../../fusion/testing/build";
import { computeMetrics } from "../../metrics/index";
import { parseDeliveryDescription } from "./twelvelabs-delivery";
import { SAMPLE_FPS, SAMPLE_SOURCE, spreadEvenly, synthesizeSamples } from "./twelvelabs-samples";

const DURATION = 20;

/** A complete answer for a 20 s talk whose metrics are known by construction. */
const answer = () => ({
  eyeContactShare: 0.6,
  fidgetingShare: 0.25,
  emotions: [
    { emotion: "neutral", share: 1.2 },
    { emotion: "happy", share: 0.6 },
    { emotion: "sad", share: 0.2 },
  ],
  lookingAway: [{ start: 2, end: 5, direction: "down" }],
  cameraDistance: [{ start: 8, end: 12, distance: "too_far" }],
  faceObstructed: [{ start: 14, end: 16 }],
  fidgeting: [{ start: 0.5, end: 1.5 }],
  gesturing: [{ start: 18, end: 25 }],
});

/** Fusion's metrics over the samples synthesized from `raw`, with no speech (every frame is judged). */
function run(raw: unknown) {
  const { description, warnings } = parseDeliveryDescription(raw, DURATION);
  const samples = synthesizeSamples({ description, durationSeconds: DURATION, warnings });
  const visual: TVisualTimeline = {
    provider: "twelvelabs",
    fps: samples.fps,
    frames: samples.frames,
    motion: samples.motion,
    observations: [],
  };
  const transcript = { provider: "test", language: "en", durationSeconds: DURATION, text: "", words: [] };
  const metrics = computeMetrics({
    verbal: extractVerbal(transcript, null),
    visual,
    audio: null,
    bands: DEFAULT_METRIC_BANDS,
  });
  const byName = Object.fromEntries(metrics.map((m) => [m.name, m])) as Record<string, TMetric | undefined>;
  return { samples, warnings, description, byName };
}

describe("Pegasus delivery description to synthetic samples", () => {
  it("fills every per-frame metric fusion computes, with the described values", () => {
    const { samples, warnings, byName } = run(answer());
    expect(warnings).toEqual([]);
    expect(samples.fps).toBe(SAMPLE_FPS);
    expect(samples.frames).toHaveLength(DURATION * SAMPLE_FPS);
    expect(samples.frames.every((f) => f.source === SAMPLE_SOURCE)).toBe(true);
    expect(samples.metrics.sort()).toEqual(
      [
        "emotionDistribution",
        "eyeContactShare",
        "fidgetingShare",
        "incorrectCameraDistanceOccurrencesCount",
        "lostEyeContactOccurrencesCount",
        "obstructedViewOccurrencesCount",
      ].sort(),
    );
    // 6 frames looking down + 4 obstructed + 6 spread glances = 16 of 40 off camera.
    expect(byName.eyeContactShare?.value).toBe(60);
    // The look-down range, and the obstruction (no face is off camera too, as with a face tracker);
    // the spread glances are too short and too far apart to count.
    expect(byName.lostEyeContactOccurrencesCount?.value).toBe(2);
    expect(byName.lostEyeContactOccurrencesCount?.details).toEqual({ times: [2, 14] });
    expect(byName.incorrectCameraDistanceOccurrencesCount?.value).toBe(1);
    expect(byName.obstructedViewOccurrencesCount?.value).toBe(1);
    // Shares are normalised: 1.2 / 0.6 / 0.2 of 2.
    expect(byName.emotionDistribution).toMatchObject({ value: 30, details: { dominant: "neutral" } });
    expect(byName.fidgetingShare?.value).toBe(25);
    // The gesturing range is clamped to the video.
    expect(samples.frames.filter((f) => f.gestures).map((f) => f.t)).toEqual([18, 18.5, 19, 19.5]);
  });

  it("a malformed gaze field leaves the frame metrics out with a warning; motion still comes through", () => {
    const raw = { ...answer(), lookingAway: [{ start: 2, end: 5, direction: "sideways" }] };
    const { samples, warnings, byName } = run(raw);
    expect(samples.frames).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/^delivery\.lookingAway: malformed/),
      expect.stringMatching(/^no frames/),
    ]);
    for (const name of [
      "eyeContactShare",
      "lostEyeContactOccurrencesCount",
      "incorrectCameraDistanceOccurrencesCount",
      "obstructedViewOccurrencesCount",
      "emotionDistribution",
    ]) {
      expect(byName[name], name).toBeUndefined();
    }
    expect(samples.metrics).toEqual(["fidgetingShare"]);
    expect(byName.fidgetingShare?.value).toBe(25);
  });

  it("missing emotions and fidgeting leave exactly those metrics out, each with a warning", () => {
    const { emotions: _e, fidgeting: _f, fidgetingShare: _s, ...rest } = answer();
    const { warnings, byName, samples } = run({ ...rest, eyeContactShare: "most of the time" });
    expect(warnings).toEqual([
      expect.stringMatching(/^delivery\.eyeContactShare: malformed/),
      "delivery.fidgetingShare: missing",
      "delivery.emotions: missing",
      "delivery.fidgeting: missing",
      expect.stringMatching(/^no motion/),
    ]);
    expect(byName.emotionDistribution).toBeUndefined();
    expect(byName.fidgetingShare).toBeUndefined();
    expect(samples.motion).toEqual([]);
    // Without the share, eye contact comes from the ranges alone: 10 of 40 frames off camera.
    expect(byName.eyeContactShare?.value).toBe(75);
    expect(byName.lostEyeContactOccurrencesCount?.value).toBe(2);
  });

  it("no delivery object at all: no samples, a warning, and nothing estimated", () => {
    for (const raw of [undefined, "fine", [1, 2]]) {
      const { samples, warnings } = run(raw);
      expect(samples).toMatchObject({ frames: [], motion: [], metrics: [] });
      expect(warnings[0]).toBe("delivery: missing from the answer");
    }
  });

  it("says so when the share asks for more glances than fit between the ranges", () => {
    const { warnings, byName } = run({ ...answer(), eyeContactShare: 0 });
    expect(warnings).toEqual([expect.stringMatching(/eye contact is overstated/)]);
    expect(byName.eyeContactShare?.value).toBeGreaterThan(0);
    expect(byName.lostEyeContactOccurrencesCount?.value).toBe(2);
  });

  it("described gestures reach fusion's deictic detector: 'look at this' with a gesture is no mismatch", () => {
    const { transcript, spans } = script([
      { text: "Look at this chart of our sales.", pauseAfter: 3 },
      { text: "Now look at this other chart here.", pauseAfter: 1 },
    ]);
    const duration = Math.ceil(spans[1]!.end) + 1;
    // Gesturing during the first sentence only; otherwise calm, on camera, at a normal distance.
    const raw = { ...answer(), lookingAway: [], cameraDistance: [], faceObstructed: [], fidgeting: [] };
    const { description, warnings } = parseDeliveryDescription(
      { ...raw, fidgetingShare: 0, eyeContactShare: 1, gesturing: [{ start: 0, end: spans[0]!.end }] },
      duration,
    );
    const samples = synthesizeSamples({ description, durationSeconds: duration, warnings });
    const visual = { provider: "twelvelabs", ...samples, observations: [] };
    const audio = audioFeatures({ duration });
    const events = detectDeicticMismatch({
      verbal: extractVerbal(transcript, audio),
      visual,
      audio,
      speechProvider: "test",
      rules: DEFAULT_FRAME_RULES,
      durationSeconds: duration,
    });
    // "look at this" and "here" in the second sentence; nothing in the first, where the hands moved.
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.start >= spans[0]!.end)).toBe(true);
    // And the whole of fusion accepts the samples as they are.
    expect(fuse({ transcript, visual, audio, durationSeconds: duration }).metrics.length).toBeGreaterThan(0);
  });

  it("spreadEvenly keeps picks at least the stride apart and never more than fit", () => {
    const xs = Array.from({ length: 30 }, (_, i) => i);
    const picks = spreadEvenly(xs, 6, 3);
    expect(picks).toHaveLength(6);
    for (let i = 1; i < picks.length; i++) expect(picks[i]! - picks[i - 1]!).toBeGreaterThanOrEqual(3);
    expect(spreadEvenly(xs, 20, 3)).toHaveLength(10);
    expect(spreadEvenly(xs, -2, 1)).toEqual([]);
  });
});
