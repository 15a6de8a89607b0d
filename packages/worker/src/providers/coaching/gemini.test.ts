import { describe, expect, it } from "vitest";
import type { CoachingInput } from "../types";
import { buildCoachingPrompt } from "./gemini";

const input: CoachingInput = {
  durationSeconds: 42,
  score: 90,
  tier: "Compelling",
  metrics: [{ name: "wordsSpokenCount", value: 80, unit: "words" }],
  flags: [],
  transcriptExcerpt: "thanks for coming in",
};

describe("buildCoachingPrompt and the judgement (issue 12)", () => {
  it("tells the model what could not be judged and to soften verbal advice over an unreliable transcript", () => {
    const prompt = buildCoachingPrompt({
      ...input,
      judgement: {
        couldNotJudge: ["We could not hear the words reliably: verbal metrics are estimates."],
        tierWithheld: false,
        transcriptReliable: false,
      },
    });
    expect(prompt).toContain("Could not be judged: We could not hear the words reliably");
    expect(prompt).toContain("soften verbal advice");
    expect(prompt).toContain("(Compelling)");
  });

  it("names no tier when nothing was judged", () => {
    const prompt = buildCoachingPrompt({
      ...input,
      judgement: { couldNotJudge: ["No face was visible."], tierWithheld: true, transcriptReliable: true },
    });
    expect(prompt).not.toContain("Compelling");
    expect(prompt).toContain("do not name a tier");
  });

  it("adds nothing when everything was judged", () => {
    const prompt = buildCoachingPrompt({
      ...input,
      judgement: { couldNotJudge: [], tierWithheld: false, transcriptReliable: true },
    });
    expect(prompt).not.toContain("Could not be judged");
    expect(prompt).not.toContain("not heard reliably");
  });
});
