import { createLogger } from "@coherence/core";
import { DISSONANCE_TYPES, type TCoachingReport, type TFlag, type TMetric, ZCoachingReport } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { fuse } from "../../fusion";
import { audioFeatures, calmFrame, script, visualTimeline, within } from "../../fusion/testing/build";
import type { CoachingInput } from "../types";
import { buildRuleBasedReport, createRuleBasedCoachingProvider, formatTime } from "./rule-based";

const flag = (p: Partial<TFlag>): TFlag => ({
  type: "GAZE_AVOIDANCE",
  start: 30,
  end: 34,
  severity: 0.8,
  confidence: 0.9,
  evidence: { quote: "the key point", observation: "off camera in 80% of frames", provider: "test" },
  tip: "",
  ...p,
});
const metric = (p: Partial<TMetric> & Pick<TMetric, "name" | "value">): TMetric => ({ unit: "count", ...p });

/** Asserts that every statement in the report rests on the input's metrics or flags. */
function expectTraceable(report: TCoachingReport, input: CoachingInput) {
  ZCoachingReport.parse(report);
  const metricNames = new Set(input.metrics.map((m) => m.name));
  const flagTypes = new Set(input.flags.map((f) => f.type));
  for (const item of report.strengths) {
    expect(item.basis.length).toBeGreaterThan(0);
    for (const b of item.basis) {
      if (metricNames.has(b)) expect(input.metrics.find((m) => m.name === b)!.rating).toBe("good");
      // A flag-type basis on a strength means "no flag of this type was raised".
      else {
        expect(DISSONANCE_TYPES as readonly string[]).toContain(b);
        expect(flagTypes.has(b as TFlag["type"])).toBe(false);
      }
    }
  }
  for (const item of report.improvements) {
    expect(item.basis.length).toBeGreaterThan(0);
    expect(item.drill).toBeTruthy();
    for (const b of item.basis) {
      if (flagTypes.has(b as TFlag["type"])) {
        const starts = input.flags.filter((f) => f.type === b).map((f) => f.start);
        expect(item.timestamps.length).toBeGreaterThan(0);
        for (const t of item.timestamps) expect(starts).toContain(t);
      } else {
        const m = input.metrics.find((x) => x.name === b);
        expect(m, `basis ${b} names a metric of the input`).toBeDefined();
        expect(m!.rating).not.toBe("good");
        expect(item.detail).toContain(Number.isInteger(m!.value) ? String(m!.value) : m!.value.toFixed(1));
      }
    }
  }
  expect(report.summary).toContain(`${input.score}/100`);
  expect(report.summary).toContain(input.tier);
}

describe("rule-based coaching", () => {
  it("picks the top 3 improvements with timestamps and drills, all traceable", () => {
    const input: CoachingInput = {
      durationSeconds: 300,
      score: 58,
      tier: "Developing",
      transcriptExcerpt: "",
      flags: [
        flag({ start: 30 }),
        flag({ start: 95, severity: 0.6 }),
        flag({
          type: "MONOTONE_EMPHASIS",
          start: 120,
          end: 125,
          severity: 0.9,
          evidence: { quote: "this is critical", observation: "pitch 0.4 st", provider: "audio" },
        }),
        flag({
          type: "DEICTIC_MISMATCH",
          start: 200,
          end: 203,
          severity: 0.3,
          confidence: 0.5,
          evidence: { quote: "", observation: "no gesture", provider: "v" },
        }),
      ],
      metrics: [
        metric({ name: "fillerDensity", value: 6.4, unit: "%", rating: "needs-work", band: { low: null, high: 2 } }),
        metric({
          name: "averageWordsPerMinutePace",
          value: 142,
          unit: "wpm",
          rating: "good",
          band: { low: 100, high: 165 },
        }),
        metric({
          name: "eyeContactShare",
          value: 62.5,
          unit: "%",
          rating: "fair",
          band: { low: 70, high: null },
          details: { times: [12, 40] },
        }),
        metric({ name: "pitchVariation", value: 2.6, unit: "semitones", rating: "good", band: { low: 2, high: null } }),
        metric({ name: "wordsSpokenCount", value: 700, unit: "words" }),
      ],
    };
    const report = buildRuleBasedReport(input);
    expectTraceable(report, input);
    expect(report.improvements).toHaveLength(3);
    expect(report.improvements.map((i) => i.basis[0])).toEqual([
      "GAZE_AVOIDANCE",
      "MONOTONE_EMPHASIS",
      "fillerDensity",
    ]);
    expect(report.improvements[0]!.timestamps).toEqual([30, 95]);
    expect(report.improvements[0]!.detail).toContain("0:30");
    expect(report.strengths.map((s) => s.basis[0])).toEqual(["averageWordsPerMinutePace", "pitchVariation"]);
    expect(report.summary).toContain("hold eye contact on key points");
  });

  it("praises a clean talk and says nothing needs fixing", () => {
    const input: CoachingInput = {
      durationSeconds: 90,
      score: 96,
      tier: "Compelling",
      transcriptExcerpt: "",
      flags: [],
      metrics: [metric({ name: "fillerDensity", value: 0.5, unit: "%", rating: "good", band: { low: null, high: 2 } })],
    };
    const report = buildRuleBasedReport(input);
    expectTraceable(report, input);
    expect(report.improvements).toEqual([]);
    expect(report.strengths[0]!.basis).toEqual([...DISSONANCE_TYPES]);
    expect(report.summary).toMatch(/Nothing stood out/);
  });

  it("handles metrics it has no wording for, and pace windows as timestamps", () => {
    const input: CoachingInput = {
      durationSeconds: 120,
      score: 40,
      tier: "Needs Work",
      transcriptExcerpt: "",
      flags: [],
      metrics: [
        metric({ name: "someCloudMetric", value: 3, rating: "needs-work", band: { low: 5, high: 9 } }),
        metric({
          name: "averageWordsPerMinutePace",
          value: 201.5,
          unit: "wpm",
          rating: "needs-work",
          band: { low: 100, high: 165 },
          details: {
            windows: [
              { start: 0, wpm: 150 },
              { start: 30, wpm: 230 },
            ],
          },
        }),
        metric({ name: "anotherGood", value: 1, rating: "good" }),
      ],
    };
    const report = buildRuleBasedReport(input);
    expectTraceable(report, input);
    const pace = report.improvements.find((i) => i.basis[0] === "averageWordsPerMinutePace")!;
    expect(pace.timestamps).toEqual([30]);
    expect(report.improvements.find((i) => i.basis[0] === "someCloudMetric")!.detail).toContain("the target is 5–9");
  });

  it("stays traceable on a report built from a real fusion result", () => {
    const { transcript, spans, end } = script([
      { text: "Um, so, good morning everyone." },
      { text: "The most important result this year is that we grew revenue by forty percent." },
      { text: "As you can see on this chart, the growth came from new customers." },
      { text: "I am thrilled to share this great news with all of you." },
    ]);
    const duration = end + 1;
    const visual = visualTimeline({
      duration,
      frame: (t) =>
        within(t, spans[1])
          ? { ...calmFrame(t), gaze: { yaw: 30, pitch: 0, onCamera: false } }
          : within(t, spans[3])
            ? { ...calmFrame(t), emotions: { neutral: 0.9, sad: 0.1 } }
            : calmFrame(t),
    });
    const fused = fuse({ transcript, visual, audio: audioFeatures({ duration }), durationSeconds: duration });
    expect(fused.flags.length).toBeGreaterThan(0);
    const input: CoachingInput = {
      durationSeconds: duration,
      score: fused.score,
      tier: fused.tier,
      metrics: fused.metrics,
      flags: fused.flags,
      transcriptExcerpt: transcript.text,
    };
    expectTraceable(buildRuleBasedReport(input), input);
  });

  it("is a CoachingSynthesisProvider that honours the abort signal", async () => {
    const provider = createRuleBasedCoachingProvider();
    const input: CoachingInput = {
      durationSeconds: 60,
      score: 80,
      tier: "Proficient",
      transcriptExcerpt: "",
      flags: [],
      metrics: [],
    };
    const logger = createLogger({ level: "silent" });
    const report = await provider.generate({ input, signal: new AbortController().signal, logger });
    expect(report.provider).toBe(provider.name);
    const aborted = new AbortController();
    aborted.abort();
    await expect(provider.generate({ input, signal: aborted.signal, logger })).rejects.toThrow();
  });

  it("formats times as m:ss", () => {
    expect([0, 5.4, 65, 600].map(formatTime)).toEqual(["0:00", "0:05", "1:05", "10:00"]);
  });
});

describe("talkLength", () => {
  it("names short talks in seconds and longer ones in minutes", async () => {
    const { talkLength } = await import("./rule-based");
    expect(talkLength(21)).toBe("21-second");
    expect(talkLength(89)).toBe("89-second");
    expect(talkLength(150)).toBe("3-minute");
  });
});

describe("issue #12: honest, plain reports", () => {
  const base: CoachingInput = {
    durationSeconds: 60,
    score: 90,
    tier: "Compelling",
    transcriptExcerpt: "",
    flags: [],
    metrics: [],
  };

  it("writes plurals correctly, never 'moment(s)'", () => {
    const one = buildRuleBasedReport({ ...base, flags: [flag({})] });
    expect(one.improvements[0]!.detail).toMatch(/^1 moment where/);
    const two = buildRuleBasedReport({ ...base, flags: [flag({}), flag({ start: 50, end: 53 })] });
    expect(two.improvements[0]!.detail).toMatch(/^2 moments where/);
    const terms = buildRuleBasedReport({
      ...base,
      metrics: [metric({ name: "nonInclusiveLanguageOccurrencesCount", value: 1, rating: "fair" })],
    });
    expect(terms.improvements[0]!.detail).toMatch(/^1 non-inclusive term came up/);
    for (const r of [one, two, terms]) expect(JSON.stringify(r)).not.toMatch(/\(s\)/);
  });

  it("gives no tier when nothing could be judged, and says what was missing", () => {
    const report = buildRuleBasedReport({
      ...base,
      judgement: {
        couldNotJudge: ["No face was visible, so …", "No words were heard, so …"],
        tierWithheld: true,
        transcriptReliable: true,
      },
    });
    expect(report.summary).toMatch(/^We could not judge this talk\. No face was visible/);
    expect(report.summary).not.toMatch(/Compelling|90\/100/);
    expect(report.strengths).toEqual([]);
  });

  it("says the words were not heard reliably and softens verbal tips", () => {
    const input: CoachingInput = {
      ...base,
      judgement: {
        couldNotJudge: ["We could not hear the words reliably: verbal metrics are estimates."],
        tierWithheld: false,
        transcriptReliable: false,
      },
      metrics: [
        metric({ name: "fillerDensity", value: 7, unit: "%", rating: "needs-work", band: { low: null, high: 2 } }),
      ],
    };
    const report = buildRuleBasedReport(input);
    expect(report.summary).toContain("We could not hear the words reliably: verbal metrics are estimates.");
    expect(report.improvements[0]!.title).toBe("Check: cut filler words");
    expect(report.improvements[0]!.detail).toMatch(/^The words were hard to hear, so this is an estimate\./);
    const clean = buildRuleBasedReport({ ...input, metrics: [] });
    expect(clean.strengths[0]!.detail).toMatch(/as far as we could hear the words/);
  });
});
