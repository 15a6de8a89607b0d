import { describe, expect, it } from "vitest";
import { runCli } from "./cli";

describe("coherence CLI", () => {
  it("--help lists the commands", async () => {
    let out = "";
    const code = await runCli(["--help"], (s) => {
      out += s;
    });
    expect(code).toBe(0);
    expect(out).toContain("Usage:");
    expect(out).toContain("migrate");
    expect(out).toContain("seed-demo");
    expect(out).toContain("rescore --all [--off-peak]");
  });

  it("rescore --all with a bad option exits 2 before touching the database", async () => {
    let out = "";
    const code = await runCli(["rescore", "--all", "--off-peak", "--limit", "0"], (s) => {
      out += s;
    });
    expect(code).toBe(2);
    expect(out).toContain("--limit must be 1 to 100000");
    expect(out).toContain("Usage: coherence rescore --all");
  });

  it("an unknown command exits 2 and shows help", async () => {
    let out = "";
    const code = await runCli(["frobnicate"], (s) => {
      out += s;
    });
    expect(code).toBe(2);
    expect(out).toContain('Unknown command "frobnicate"');
  });
});
