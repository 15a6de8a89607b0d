import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, type SeedEvent } from "../demo/seed";
import { DEMO_TALKS } from "../demo/talks";
import { formatSeedEvent, formatSeedResult } from "./seed-demo-command";

const talk = DEMO_TALKS[0]!;
const at = { index: 1, total: 5, talk };

describe("formatSeedEvent", () => {
  it("writes whole lines for the account, each talk's start and its result", () => {
    expect(formatSeedEvent({ kind: "account", email: "demo@example.com", created: true }, false)).toBe(
      "Demo account demo@example.com: created\n",
    );
    expect(formatSeedEvent({ kind: "talk-start", ...at }, false)).toBe(
      `[1/5] ${talk.title} (${talk.shows}, ${talk.ageDays} days ago)\n`,
    );
    const done: SeedEvent = { kind: "talk-done", ...at, score: 62, tier: "Developing", flags: 1 };
    expect(formatSeedEvent(done, false)).toBe("  analysed: score 62/100 (Developing), 1 flag\n");
    expect(formatSeedEvent({ kind: "talk-skipped", ...at }, false)).toBe(
      `[1/5] ${talk.title}: already seeded, skipped\n`,
    );
  });

  it("draws the pipeline's progress bar in place on a terminal, and nothing in a log", () => {
    const step: SeedEvent = { kind: "talk-progress", ...at, step: { stage: "visuals", progress: 40 } };
    expect(formatSeedEvent(step, false)).toBe("");
    const bar = formatSeedEvent(step, true);
    expect(bar.startsWith("\r")).toBe(true);
    expect(bar).toContain("40%");
    expect(bar).toContain("visuals");
    expect(formatSeedEvent({ kind: "talk-progress", ...at, step: "generate" }, true)).toContain("espeak-ng");
  });
});

describe("formatSeedResult", () => {
  it("says what was added and prints the sign-in", () => {
    const text = formatSeedResult(
      {
        userId: "u",
        accountCreated: true,
        added: [{ slug: "a", videoId: "v", score: 1, tier: "t", flags: 0 }],
        skipped: ["b"],
      },
      DEMO_ACCOUNT,
    );
    expect(text).toContain("Added 1 analysed talk; 1 already there.");
    expect(text).toContain(`${DEMO_ACCOUNT.email} and password "${DEMO_ACCOUNT.password}"`);
  });

  it("says when there was nothing to add", () => {
    const text = formatSeedResult({ userId: "u", accountCreated: false, added: [], skipped: ["a"] }, DEMO_ACCOUNT);
    expect(text).toContain("Nothing to add");
  });
});
