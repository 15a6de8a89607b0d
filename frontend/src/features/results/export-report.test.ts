import type { TFlag } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { demoResult } from "../../mocks/fixtures";
import { flagsToWebVTT, toJsonReport, vttTimestamp } from "./export-report";

const base = { confidence: 0.8, tip: "", evidence: { quote: "", observation: "", provider: "t" } };

describe("WebVTT export", () => {
  it("formats timestamps as hh:mm:ss.mmm", () => {
    expect(vttTimestamp(0)).toBe("00:00:00.000");
    expect(vttTimestamp(75.25)).toBe("00:01:15.250");
    expect(vttTimestamp(3725.0004)).toBe("01:02:05.000");
  });

  it("writes one cue per flag, sorted by time, with label, quote, observation and tip", () => {
    const flags: TFlag[] = [
      {
        ...base,
        type: "GAZE_AVOIDANCE",
        start: 75.25,
        end: 80,
        severity: 0.85,
        evidence: { quote: "our key result", observation: "gaze off camera", provider: "v" },
        tip: "Look at the lens.",
      },
      { ...base, type: "PACE_MISMATCH", start: 2, end: 2, severity: 0.5 },
    ];
    expect(flagsToWebVTT(flags)).toBe(
      [
        "WEBVTT",
        "",
        "flag-1",
        "00:00:02.000 --> 00:00:03.000",
        "Pace mismatch (severity 50%)",
        "",
        "flag-2",
        "00:01:15.250 --> 00:01:20.000",
        "Gaze avoidance (severity 85%)",
        "“our key result”",
        "Seen: gaze off camera",
        "Tip: Look at the lens.",
        "",
      ].join("\n"),
    );
  });

  it("never lets cue text break the format (no '-->' and no blank lines inside a cue)", () => {
    const vtt = flagsToWebVTT([
      { ...base, type: "GAZE_AVOIDANCE", start: 1, end: 2, severity: 1, tip: "a --> b\n\nc" },
    ]);
    const cue = vtt.split("\n\n")[1]!;
    expect(cue.split("\n").filter((l) => l.includes("-->"))).toHaveLength(1);
    expect(vtt).toContain("Tip: a → b\nc");
  });

  it("is empty but valid without flags", () => {
    expect(flagsToWebVTT([])).toBe("WEBVTT\n");
  });
});

describe("JSON export", () => {
  it("contains the whole analysis and what it is about", () => {
    const result = demoResult();
    const parsed = JSON.parse(toJsonReport(result, { videoId: "v1", title: "Pitch" }));
    expect(parsed.format).toBe("coherence-report/1");
    expect(parsed.video).toEqual({ videoId: "v1", title: "Pitch" });
    expect(parsed.analysis.coherenceScore).toBe(result.coherenceScore);
    expect(parsed.analysis.flags).toHaveLength(result.flags.length);
    expect(parsed.analysis.transcript.words).toHaveLength(result.transcript.words.length);
  });
});
