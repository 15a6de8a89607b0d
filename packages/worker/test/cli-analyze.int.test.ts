// `coherence analyze` as a user runs it: the real executable in a child process, its
// stdout parsed. Results on stdout, logs and notes on stderr; input and configuration
// errors in one line with exit code 2; cloud keys select the cloud engines even without a database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTalk } from "../src/demo/talk";
import { lines, runCoherenceBin } from "./cli-bin";
import { fakeCloudEnv } from "./fakes/cloud-env";
import { DEEPGRAM_LISTEN, startFakeDeepgram } from "./fakes/deepgram";
import type { FakeHttpServer } from "./fakes/fake-server";
import { GEMINI_GENERATE, startFakeGemini } from "./fakes/gemini";
import { startFakeTwelveLabs, TL } from "./fakes/twelvelabs";
import { generateCloudTalk } from "./fixtures/cloud-talk";

let dir: string;
let talkPath: string;
let base: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-cli-analyze-"));
  // No .data in the checkout is touched, and logs are on so that a stray one would show.
  base = { DATA_DIR: join(dir, "data"), LOG_LEVEL: "info" };
  const talk = await generateTalk({
    dir,
    name: "talk",
    script: [{ say: "Good morning everyone. Today we launch our new product." }],
    faces: (_spoken, duration) => [{ start: 0, end: duration, kind: "still" }],
  });
  talkPath = talk.path;
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("coherence analyze --json", () => {
  it("prints only the JSON result on stdout; log lines go to stderr", { timeout: 300_000 }, async () => {
    const run = await runCoherenceBin(["analyze", talkPath, "--json"], base);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.coherenceScore).toEqual(expect.any(Number));
    expect(run.stderr).toContain('"msg":"stage done"');
    expect(run.stderr).toMatch(/Engines: speech pocketsphinx \(local: DEEPGRAM_API_KEY is not set\)/);
  });
});

describe("coherence analyze with cloud keys and no database", () => {
  let deepgram: FakeHttpServer;
  let twelvelabs: FakeHttpServer;
  let gemini: FakeHttpServer;
  beforeAll(async () => {
    deepgram = await startFakeDeepgram();
    twelvelabs = await startFakeTwelveLabs({ indexingStatuses: ["ready"] });
    gemini = await startFakeGemini({ groundOnPrompt: true });
  });
  afterAll(async () => {
    await Promise.all([deepgram, twelvelabs, gemini].map((f) => f?.stop()));
  });

  it("runs Deepgram and Gemini, and says on stderr why vision stayed local", { timeout: 300_000 }, async () => {
    const run = await runCoherenceBin(["analyze", talkPath, "--json"], {
      ...base,
      LOG_LEVEL: "warn",
      ...fakeCloudEnv({ deepgram, twelvelabs, gemini }),
    });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(deepgram.countOf("POST", DEEPGRAM_LISTEN)).toBe(1);
    expect(gemini.countOf("POST", GEMINI_GENERATE)).toBeGreaterThanOrEqual(1);
    expect(twelvelabs.requests).toHaveLength(0);
    // The fake Deepgram's canned transcript, not what pocketsphinx hears in the talk.
    expect(result.transcript.text).toBe("Um, so today we launch.");
    expect(run.stderr).toContain("speech deepgram (DEEPGRAM_API_KEY is set)");
    expect(run.stderr).toContain("coaching gemini (GEMINI_API_KEY is set)");
    expect(run.stderr).toMatch(/vision human \(local: TwelveLabs keeps its index .* set DATABASE_URL/);
  });
});

describe("coherence analyze with cloud keys and DATABASE_URL", () => {
  let deepgram: FakeHttpServer;
  let twelvelabs: FakeHttpServer;
  let gemini: FakeHttpServer;
  let testDb: TestDatabase;
  let longTalk: string;
  beforeAll(async () => {
    [deepgram, twelvelabs, gemini, testDb] = await Promise.all([
      startFakeDeepgram(),
      startFakeTwelveLabs({ indexingStatuses: ["ready"] }),
      startFakeGemini({ groundOnPrompt: true }),
      createTestDatabase(),
    ]);
    longTalk = (await generateCloudTalk({ dir, name: "long-talk" })).path;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([deepgram, twelvelabs, gemini].map((f) => f?.stop()));
    await testDb?.destroy();
  });

  it("runs all three cloud engines, TwelveLabs keeping its index in that database", { timeout: 300_000 }, async () => {
    const run = await runCoherenceBin(["analyze", longTalk, "--json"], {
      ...base,
      LOG_LEVEL: "warn",
      DATABASE_URL: testDb.url,
      ...fakeCloudEnv({ deepgram, twelvelabs, gemini }),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).transcript.text).toBe("Um, so today we launch.");
    expect(run.stderr).toContain("vision twelvelabs (TWELVELABS_API_KEY is set)");
    expect(twelvelabs.countOf("POST", TL.indexes)).toBe(1);
    const settings = await testDb.db.selectFrom("providerSettings").select("key").execute();
    expect(settings.map((r) => r.key).some((k) => k.startsWith("twelvelabs.index:"))).toBe(true);
  });
});

describe("coherence analyze refuses bad input in one line, exit 2", () => {
  it.each([
    ["a text file", () => "/etc/passwd", /^Not a video or audio file: \/etc\/passwd/],
    ["a missing file", () => join(dir, "nope.mp4"), /^No such file: .*nope\.mp4$/],
    ["a folder", () => dir, /^Not a file: /],
  ])("%s", { timeout: 60_000 }, async (_name, path, message) => {
    const run = await runCoherenceBin(["analyze", path()], base);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(message);
  });
});

describe("a configuration error: one line, exit 2, no stack trace, in every command", () => {
  it.each([
    ["analyze", () => ["analyze", talkPath]],
    ["thresholds", () => ["thresholds"]],
    ["migrate", () => ["migrate"]],
    ["seed-demo", () => ["seed-demo"]],
    ["rescore --all", () => ["rescore", "--all"]],
    ["rescore", () => ["rescore", "00000000-0000-0000-0000-000000000000"]],
  ])("%s", { timeout: 60_000 }, async (_name, args) => {
    const run = await runCoherenceBin(args(), { ...base, DEEPGRAM_API_KEY: "has spaces", EMBEDDED_PG_PORT: "x" });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^Invalid configuration: /)]);
    expect(run.stderr).toContain("DEEPGRAM_API_KEY must be the provider's API key");
    expect(run.stderr).toContain("EMBEDDED_PG_PORT");
  });
});
