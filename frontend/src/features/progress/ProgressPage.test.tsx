import { PACE_BAND_WPM } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { CHARTS } from "./ProgressPage";

describe("Progress page pace chart (issue #13 item 16)", () => {
  it("draws the one shared pace band the engine rates against, not its own 120–160", () => {
    const pace = CHARTS.find((c) => c.key === "wpm")!;
    expect(pace.band).toEqual([...PACE_BAND_WPM.good]);
    expect(pace.better).toBe(`aim for ${PACE_BAND_WPM.good[0]}–${PACE_BAND_WPM.good[1]}`);
  });
});
