import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCRIPT_MAX_BYTES } from "@coherence/shared";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cli";
import { readScriptFile } from "./script-file";

const dir = mkdtempSync(join(tmpdir(), "cli-script-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyzeWithScript(file: string) {
  let out = "";
  let err = "";
  const code = await runCli(
    ["analyze", join(dir, "talk.mp4"), "--script", file],
    (s) => {
      out += s;
    },
    (s) => {
      err += s;
    },
  );
  return { code, out, err };
}

describe("coherence analyze --script", () => {
  const cases: [string, () => string, RegExp][] = [
    ["a missing file", () => join(dir, "nope.txt"), /No such script file/],
    [
      "a binary file",
      () => {
        const p = join(dir, "binary.txt");
        writeFileSync(p, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]));
        return p;
      },
      /not plain text/,
    ],
    [
      "an empty file",
      () => {
        const p = join(dir, "empty.txt");
        writeFileSync(p, "  \n\n ");
        return p;
      },
      /empty/,
    ],
    [
      "a file over the limit",
      () => {
        const p = join(dir, "huge.txt");
        writeFileSync(p, "word ".repeat(SCRIPT_MAX_BYTES / 5 + 10));
        return p;
      },
      /larger than/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name} in one line on stderr, exit 2, nothing on stdout`, async () => {
      const { code, out, err } = await analyzeWithScript(make());
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(message);
      expect(err.trimEnd().split("\n")).toHaveLength(1);
    });
  }

  it("reads a plain-text script", async () => {
    const p = join(dir, "ok.md");
    writeFileSync(p, "# Launch\n\nToday we launch Coherence.\n");
    expect(await readScriptFile(p)).toBe("# Launch\n\nToday we launch Coherence.");
  });
});
