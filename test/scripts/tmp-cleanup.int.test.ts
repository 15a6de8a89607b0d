// Tests used to leave coherence-* folders in /tmp. Each run now keeps its temporary files in a
// folder of its own that the run removes at the end (packages/core/src/testing/tmp-setup.ts).
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

describe("temporary files of a test run", () => {
  it("go in the run's own folder, which the run removes", async () => {
    const runDir = process.env.COHERENCE_TEST_RUN_TMPDIR;
    expect(runDir).toMatch(/coherence-test-run-/);
    expect(tmpdir()).toBe(runDir);
    const made = await mkdtemp(join(tmpdir(), "coherence-probe-"));
    expect(dirname(made)).toBe(runDir);
    expect(existsSync(runDir!)).toBe(true);
  });
});
