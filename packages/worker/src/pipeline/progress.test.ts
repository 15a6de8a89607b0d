import { describe, expect, it } from "vitest";
import { createProgressTracker, STAGE_WEIGHTS } from "./progress";

describe("progress tracker", () => {
  it("weights add up to one", () => {
    const sum = Object.values(STAGE_WEIGHTS).reduce((a, b) => a + (b ?? 0), 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it("reports the earliest unfinished stage and a monotone percentage", () => {
    const seen: { stage: string; progress: number }[] = [];
    const t = createProgressTracker((s) => seen.push(s));
    t.update("probe", 1);
    t.update("extract", 1);
    t.update("visuals", 0.5);
    expect(t.snapshot().stage).toBe("transcribe");
    t.update("transcribe", 1);
    t.update("visuals", 0.4); // never goes backwards
    expect(t.snapshot().stage).toBe("visuals");
    for (const s of ["visuals", "audio", "fuse", "coach", "persist"] as const) t.update(s, 1);
    expect(t.snapshot()).toEqual({ stage: "complete", progress: 100 });
    const percentages = seen.map((s) => s.progress);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
  });

  it("does not report unchanged snapshots", () => {
    let calls = 0;
    const t = createProgressTracker(() => calls++);
    t.update("transcribe", 0.001);
    t.update("transcribe", 0.002);
    expect(calls).toBe(1);
  });
});
