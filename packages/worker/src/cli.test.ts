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
