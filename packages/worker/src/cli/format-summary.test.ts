import type { TAnalysisResult } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { formatSummary, renderProgressBar } from "./format-summary";

const base: TAnalysisResult = {
  coherenceScore: 64,
  scoreTier: "Developing",
  durationSeconds: 75,
  flags: [
    {
      type: "GAZE_AVOIDANCE",
      start: 61,
      end: 64.5,
      severity: 0.8,
      confidence: 0.9,
      evidence: { quote: "the key point", observation: "gaze off camera for 3.5 s", provider: "human" },
      tip: "Look into the lens when you land the key point.",
    },
  ],
  heatmap: { binSeconds: 5, bins: [0, 0.8] },
  metrics: [{ name: "averageWordsPerMinutePace", value: 142.3, unit: "wpm", rating: "good" }],
  report: {
    provider: "rule-based",
    summary: "Solid pace; hold eye contact on key points.",
    strengths: [],
    improvements: [],
  },
  transcript: { provider: "pocketsphinx", language: "en", durationSeconds: 75, text: "x", words: [] },
};

describe("formatSummary", () => {
  it("shows score, tier, flags with times and key metrics", () => {
    const out = formatSummary(base);
    expect(out).toContain("Coherence score: 64/100 (Developing)");
    expect(out).toContain("1:01–1:04  GAZE_AVOIDANCE");
    expect(out).toContain('"the key point"');
    expect(out).toContain("tip: Look into the lens");
    expect(out).toContain("averageWordsPerMinutePace");
    expect(out).toContain("142.30 wpm  [good]");
  });

  it("says what could not be judged, and names no tier when nothing was", () => {
    const unreliable = {
      couldNotJudge: ["We could not hear the words reliably: verbal metrics are estimates."],
      tierWithheld: false,
      transcriptReliable: false,
    };
    const out = formatSummary({ ...base, judgement: unreliable });
    expect(out).toContain("Coherence score: 64/100 (Developing)");
    expect(out).toContain("Not judged: We could not hear the words reliably");
    const nothing = {
      couldNotJudge: ["No face was visible.", "No speech was heard."],
      tierWithheld: true,
      transcriptReliable: true,
    };
    const blank = formatSummary({ ...base, judgement: nothing });
    expect(blank).toContain("(no tier: nothing could be judged)");
    expect(blank).not.toContain("Developing");
    expect(blank).toContain("Not judged: No face was visible.");
  });

  it("says so when there are no flags", () => {
    expect(formatSummary({ ...base, flags: [] })).toContain("No dissonance flags");
  });
});

describe("renderProgressBar", () => {
  it("fills in proportion and clamps", () => {
    expect(renderProgressBar({ stage: "transcribe", progress: 50, width: 10 })).toContain("[#####-----]  50%");
    expect(renderProgressBar({ stage: "x", progress: 150, width: 4 })).toContain("[####]");
  });
});
