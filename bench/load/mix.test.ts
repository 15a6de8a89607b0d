import { describe, expect, it } from "vitest";
import { MIX, missingPaths, splitConnections } from "./mix";

describe("the load mix", () => {
  it("splits 1000 connections by weight, exactly", () => {
    const counts = splitConnections(MIX, 1000);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(1000);
    expect(counts).toEqual([350, 200, 150, 100, 150, 50]);
  });

  it("gives every group at least one connection even when there are few", () => {
    const counts = splitConnections(MIX, 7);
    expect(counts.every((c) => c >= 1)).toBe(true);
  });

  it("names paths the API does not document", () => {
    expect(missingPaths(MIX, ["/videos", "/videos/{id}"])).toContain("/analytics/overview");
    expect(missingPaths([{ name: "x", weight: 1, paths: ["/videos"] }], ["/videos"])).toEqual([]);
  });
});
