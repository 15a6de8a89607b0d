// Issue #12: a video with no face and no speech (an ffmpeg test pattern with a 220 Hz tone, 3 s)
// scored 90 "Compelling". Through the real pipeline (ffmpeg, pocketsphinx, Human, fusion,
// rule-based coaching), the result must say what it could not judge, with no tier.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, runMediaTool } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeMedia } from "../src/pipeline/analyze-media";
import { createPipelineDeps } from "../src/pipeline/create-deps";
import { createRuleBasedCoachingProvider } from "../src/providers/coaching/rule-based";
import { createPocketsphinxProvider } from "../src/providers/speech/pocketsphinx";
import { createHumanVisionProvider } from "../src/providers/vision/human";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-nothing-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a video with no face and no speech", () => {
  it("says what it could not judge and withholds the tier", async () => {
    const path = join(dir, "pattern.mp4");
    await runMediaTool({
      args: [
        ...["-f", "lavfi", "-i", "testsrc=duration=3:size=640x360:rate=25"],
        ...["-f", "lavfi", "-i", "sine=frequency=220:duration=3"],
        ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-y", path],
      ],
    });
    const deps = await createPipelineDeps({
      providers: {
        speech: createPocketsphinxProvider(),
        vision: createHumanVisionProvider(),
        coaching: createRuleBasedCoachingProvider(),
      },
      logger: createLogger({ level: "silent" }),
    });
    const result = await analyzeMedia({ videoPath: path, deps, fps: 2, signal: new AbortController().signal });
    expect(result.flags).toEqual([]);
    expect(result.judgement?.tierWithheld).toBe(true);
    expect(result.judgement?.couldNotJudge.join(" ")).toMatch(/No face was visible.*No words were heard/);
    expect(result.report.summary).toMatch(/^We could not judge this talk/);
    expect(result.report.summary).not.toMatch(/Compelling|Proficient|Developing|Needs Work/);
  });
});
