import type { TMetric } from "@coherence/shared";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CouldNotJudge, JudgementNotice, judgementOf } from "./Judgement";

const metric = (name: string, value: number, details?: Record<string, unknown>): TMetric => ({
  name,
  value,
  unit: "",
  ...(details ? { details } : {}),
});

describe("what could not be judged (issue #12)", () => {
  it("withholds the tier for a talk with no face and no words, and says why", () => {
    const j = judgementOf({ metrics: [metric("wordsSpokenCount", 0), metric("facePresenceShare", 0)] });
    expect(j.tierWithheld).toBe(true);
    render(
      <>
        <CouldNotJudge />
        <JudgementNotice judgement={j} />
      </>,
    );
    expect(screen.getByRole("img", { name: "Could not judge this talk" })).toBeTruthy();
    const note = screen.getByRole("note").textContent ?? "";
    expect(note).toMatch(/^We could not judge this talk\./);
    expect(note).toContain("No face was visible");
    expect(note).toContain("No words were heard clearly");
  });

  it("keeps the tier but says plainly when the words were not heard reliably", () => {
    const j = judgementOf({
      metrics: [
        metric("wordsSpokenCount", 40),
        metric("eyeContactShare", 90),
        metric("transcriptConfidence", 20, { reliable: false, uncertainWords: 30 }),
      ],
    });
    expect(j.tierWithheld).toBe(false);
    render(<JudgementNotice judgement={j} />);
    expect(screen.getByRole("note").textContent).toContain(
      "We could not hear the words reliably: verbal metrics are estimates.",
    );
  });

  it("prefers the judgement stored with the analysis, and shows nothing when all was judged", () => {
    const stored = { couldNotJudge: [], tierWithheld: false, transcriptReliable: true };
    expect(judgementOf({ judgement: stored, metrics: [] })).toBe(stored);
    const { container } = render(<JudgementNotice judgement={stored} />);
    expect(container.textContent).toBe("");
  });
});
