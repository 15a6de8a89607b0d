import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { armFor, bucketOf } from "./assign";

/** 1000 deterministic, UUID-shaped simulated user ids. */
const users = Array.from({ length: 1000 }, (_, i) => {
  const h = createHash("sha256").update(`user-${i}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
});

describe("experiment assignment", () => {
  it.each([5, 15, 50, 85])("puts %i%% of 1000 simulated users in the treatment, within ±3 points", (percent) => {
    const treated = users.filter(
      (userId) => armFor({ experimentKey: "speech-deepgram", userId, treatmentPercent: percent }) === "treatment",
    );
    expect(Math.abs((treated.length / users.length) * 100 - percent)).toBeLessThanOrEqual(3);
  });

  it("is sticky: the same user always lands in the same arm", () => {
    for (const userId of users.slice(0, 50)) {
      const arm = armFor({ experimentKey: "k", userId, treatmentPercent: 30 });
      expect(armFor({ experimentKey: "k", userId, treatmentPercent: 30 })).toBe(arm);
    }
  });

  it("raising the percentage only moves control users into treatment, never back", () => {
    for (const userId of users) {
      if (armFor({ experimentKey: "k", userId, treatmentPercent: 10 }) === "treatment") {
        expect(armFor({ experimentKey: "k", userId, treatmentPercent: 20 })).toBe("treatment");
      }
    }
  });

  it("different experiments split users independently", () => {
    const a = users.map((u) => bucketOf("exp-a", u) < 50);
    const b = users.map((u) => bucketOf("exp-b", u) < 50);
    const agree = a.filter((x, i) => x === b[i]).length;
    expect(agree).toBeGreaterThan(430);
    expect(agree).toBeLessThan(570);
    expect(users.every((u) => bucketOf("x", u) >= 0 && bucketOf("x", u) < 100)).toBe(true);
  });
});
