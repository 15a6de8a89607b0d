import { describe, expect, it } from "vitest";
import { rankToConfidence, searchHitsToObservations, type TwelveLabsQuery } from "./twelvelabs-queries";

const query: TwelveLabsQuery = {
  dissonanceType: "GAZE_AVOIDANCE",
  queryText: "presenter looking away from camera while talking",
  searchOptions: ["visual"],
  confidenceTop: 0.9,
  confidenceFloor: 0.3,
  maxRank: 4,
};

describe("rank to confidence", () => {
  it("falls linearly from top to floor over the kept ranks", () => {
    expect([1, 2, 3, 4].map((rank) => rankToConfidence({ rank, resultCount: 10, query }))).toEqual([
      0.9, 0.7, 0.5, 0.3,
    ]);
  });

  it("drops ranks beyond maxRank and nonsense ranks", () => {
    expect(rankToConfidence({ rank: 5, resultCount: 10, query })).toBeNull();
    expect(rankToConfidence({ rank: 0, resultCount: 10, query })).toBeNull();
  });

  it("scales to how many results came back: a lone match gets the top confidence", () => {
    expect(rankToConfidence({ rank: 1, resultCount: 1, query })).toBe(0.9);
    expect([1, 2].map((rank) => rankToConfidence({ rank, resultCount: 2, query }))).toEqual([0.9, 0.3]);
  });

  it("turns hits into observations clipped to the talk", () => {
    const obs = searchHitsToObservations({
      query,
      hits: [{ rank: 1, start: 55, end: 70 }, { rank: 2, start: -1, end: 3 }, { rank: 3 }],
      durationSeconds: 60,
    });
    expect(obs).toEqual([
      { type: "GAZE_AVOIDANCE", start: 55, end: 60, confidence: 0.9, description: expect.stringContaining("rank 1") },
      { type: "GAZE_AVOIDANCE", start: 0, end: 3, confidence: 0.3, description: expect.stringContaining("rank 2") },
    ]);
  });
});
