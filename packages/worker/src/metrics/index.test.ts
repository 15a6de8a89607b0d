import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_BANDS, rate, rateMetric } from "../fusion/bands";
import { audioFeatures, calmFrame, script, visualTimeline } from "../fusion/testing/build";
import { extractVerbal } from "../fusion/verbal";
import { computeMetrics, monotoneStretches } from "./index";

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
