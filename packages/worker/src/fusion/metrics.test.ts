import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_BANDS, rate, rateMetric } from "./bands";
import { computeMetrics, monotoneStretches } from "./metrics";
import { DEFAULT_FRAME_RULES, frameRuns, isDowncast, isOffCamera, isSelfTouch, std } from "./signals";
import { audioFeatures, calmFrame, script, visualTimeline } from "./testing/build";
import { extractVerbal } from "./verbal";

const SPEAKER_COACH = [
  "averageWordsPerMinutePace",
  "fillerWordsOccurrencesCount",
  "monotoneOccurrencesCount",
  "repetitiveLanguageOccurrencesCount",
  "nonInclusiveLanguageOccurrencesCount",
  "lostEyeContactOccurrencesCount",
  "incorrectCameraDistanceOccurrencesCount",
  "obstructedViewOccurrencesCount",
  "wordsSpokenCount",
];

function metricsFor(
  opts: { frame?: Parameters<typeof visualTimeline>[0]["frame"]; flat?: boolean; energy?: number } = {},
) {
  const { transcript, end } = script([
    { text: "Um, so hey guys, today we we look at the budget." },
    { text: "The budget is big. The budget is new. The budget is late, like, basically late." },
    { text: "Thank you all for listening to this short update today." },
  ]);
  const duration = end + 1;
  const visual = visualTimeline({ duration, frame: opts.frame, energy: () => opts.energy ?? 0.1 });
  const audio = audioFeatures({ duration, voice: opts.flat ? () => ({ f0: 120, rmsDb: -20 }) : undefined });
  const metrics = computeMetrics({
    verbal: extractVerbal(transcript, audio),
    visual,
    audio,
    bands: DEFAULT_METRIC_BANDS,
  });
  return Object.fromEntries(metrics.map((m) => [m.name, m]));
}

describe("computeMetrics", () => {
  it("reports every speakerAssignmentSubmission field plus the extra delivery metrics", () => {
    const m = metricsFor();
    for (const name of [
      ...SPEAKER_COACH,
      "eyeContactShare",
      "emotionDistribution",
      "pitchVariation",
      "pauseCount",
      "fillerDensity",
      "hedgeDensity",
      "conciseness",
      "fidgetingShare",
    ]) {
      expect(m[name], name).toBeDefined();
    }
    expect(m.wordsSpokenCount!.value).toBe(36);
    expect(m.fillerWordsOccurrencesCount!.value).toBe(4);
    expect(m.fillerWordsOccurrencesCount!.details!.topFillerWords).toEqual([
      { text: "basically", count: 1 },
      { text: "like", count: 1 },
      { text: "so", count: 1 },
      { text: "um", count: 1 },
    ]);
    expect(m.nonInclusiveLanguageOccurrencesCount!.value).toBe(1);
    expect(m.repetitiveLanguageOccurrencesCount!.value).toBeGreaterThanOrEqual(3);
    expect(m.fillerDensity!.value).toBeCloseTo((100 * 4) / 36, 1);
    expect(m.fillerDensity!.rating).toBe("needs-work");
    expect(m.eyeContactShare).toMatchObject({ value: 100, rating: "good", band: { low: 70, high: null } });
    expect(m.pitchVariation!.rating).toBe("good");
    expect(m.monotoneOccurrencesCount!.value).toBe(0);
  });

  it("counts lost eye contact, bad camera distance and obstruction as runs", () => {
    const m = metricsFor({
      frame: (t) => {
        if (t >= 2 && t < 5) return { ...calmFrame(t), gaze: { yaw: 30, pitch: 0, onCamera: false } };
        if (t >= 8 && t < 12)
          return { ...calmFrame(t), face: { x: 0.45, y: 0.4, width: 0.05, height: 0.08, confidence: 0.9 } };
        if (t >= 14 && t < 16) return { t, facePresent: false };
        return calmFrame(t);
      },
    });
    expect(m.lostEyeContactOccurrencesCount!.value).toBe(2); // the gaze run and the absent face
    expect(m.incorrectCameraDistanceOccurrencesCount!.value).toBe(1);
    expect(m.obstructedViewOccurrencesCount!.value).toBe(1);
    expect(m.eyeContactShare!.value).toBeLessThan(100);
  });

  it("finds monotone stretches and fidgeting", () => {
    const m = metricsFor({ flat: true, energy: 0.8 });
    expect(m.monotoneOccurrencesCount!.value).toBeGreaterThanOrEqual(1);
    expect(m.pitchVariation!.rating).toBe("needs-work");
    expect(m.fidgetingShare).toMatchObject({ value: 100, rating: "needs-work" });
    expect(monotoneStretches(null)).toEqual([]);
  });
});

describe("bands", () => {
  it("rates good, fair and needs-work", () => {
    const band = DEFAULT_METRIC_BANDS.averageWordsPerMinutePace!;
    expect([150, 95, 185, 60, 200].map((v) => rate(v, band))).toEqual([
      "good",
      "fair",
      "fair",
      "needs-work",
      "needs-work",
    ]);
  });
  it("clears band and rating for an unbanded metric", () => {
    expect(
      rateMetric({ name: "x", value: 1, unit: "", rating: "good", band: { low: 0, high: 1 } }, DEFAULT_METRIC_BANDS),
    ).toEqual({
      name: "x",
      value: 1,
      unit: "",
    });
  });
});

describe("signals", () => {
  it("judges single frames", () => {
    const calm = calmFrame(0);
    expect(isOffCamera(calm)).toBe(false);
    expect(isOffCamera({ t: 0, facePresent: false })).toBe(true);
    expect(isOffCamera({ t: 0, facePresent: true, head: { yaw: 40, pitch: 0, roll: 0 } })).toBe(true);
    expect(isDowncast({ ...calm, gaze: undefined, head: { yaw: 0, pitch: -20, roll: 0 } })).toBe(true);
    expect(isDowncast(calm)).toBe(false);
    expect(isSelfTouch({ ...calm, hands: [[{ part: "index", x: 0.5, y: 0.3, score: 0.9 }]] })).toBe(true);
    expect(isSelfTouch({ ...calm, hands: [[{ part: "index", x: 0.9, y: 0.9, score: 0.9 }]] })).toBe(false);
    expect(DEFAULT_FRAME_RULES.headYawOffDegrees).toBeGreaterThan(0);
  });
  it("finds runs, tolerating one flickering frame", () => {
    const frames = [0, 0.5, 1, 1.5, 2, 2.5, 3].map((t) => ({ ...calmFrame(t), facePresent: t !== 1.5 }));
    expect(frameRuns(frames, 2, (f) => f.facePresent, 2)).toEqual([{ start: 0, end: 3.5 }]);
    expect(std([1])).toBe(0);
  });
});

describe("speech windows", () => {
  it("uses voiced windows when the features carry pitch, else a fixed silence level", async () => {
    const { speechWindows, loudnessVariationDb } = await import("./signals");
    const withPitch = [
      { t: 0, rmsDb: -30, f0: null },
      { t: 0.1, rmsDb: -20, f0: 150 },
      { t: 0.2, rmsDb: -24, f0: 160 },
    ];
    expect(speechWindows(withPitch).map((w) => w.t)).toEqual([0.1, 0.2]);
    expect(loudnessVariationDb(withPitch)).toBeCloseTo(2);
    const noPitch = [
      { t: 0, rmsDb: -60, f0: null },
      { t: 0.1, rmsDb: -20, f0: null },
    ];
    expect(speechWindows(noPitch).map((w) => w.t)).toEqual([0.1]);
  });
  it("does not take a mouth-open face label for a hand gesture", async () => {
    const { hasHandGesture } = await import("./signals");
    expect(hasHandGesture({ ...calmFrame(0), gestures: ["facing center", "mouth 20% open", "looking left"] })).toBe(
      false,
    );
    expect(hasHandGesture({ ...calmFrame(0), gestures: ["raise left hand"] })).toBe(true);
  });
});
