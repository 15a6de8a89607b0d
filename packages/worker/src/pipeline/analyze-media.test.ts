import { writeFile } from "node:fs/promises";
import { createLogger } from "@coherence/core";
import type { TTranscript, TVisualTimeline } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { analyzeMedia } from "./analyze-media";
import type { PipelineDeps, StageCache } from "./types";

const transcript: TTranscript = {
  provider: "fake-speech",
  language: "en",
  durationSeconds: 4,
  text: "i am thrilled",
  words: [
    { word: "i", start: 0.5, end: 0.6, confidence: 0.9 },
    { word: "am", start: 0.7, end: 0.8, confidence: 0.9 },
    { word: "thrilled", start: 0.9, end: 1.4, confidence: 0.9 },
  ],
};
const visual: TVisualTimeline = { provider: "fake-vision", fps: 2, frames: [], motion: [], observations: [] };

function fakeDeps(calls: string[], opts: { failVision?: boolean } = {}): PipelineDeps {
  return {
    logger: createLogger({ level: "silent" }),
    probe: async () => {
      calls.push("probe");
      return { durationSeconds: 4 };
    },
    extractAudio: async ({ outPath }) => {
      calls.push("extract");
      await writeFile(outPath, "RIFF");
    },
    speech: {
      name: "fake-speech",
      transcribe: async ({ onProgress }) => {
        calls.push("transcribe");
        onProgress?.(0.5);
        return transcript;
      },
    },
    vision: {
      name: "fake-vision",
      analyze: async ({ signal }) => {
        calls.push("visuals");
        if (opts.failVision) throw new Error("vision exploded");
        signal.throwIfAborted();
        return visual;
      },
    },
    audioFeatures: async () => {
      calls.push("audio");
      return { windowSeconds: 0.05, windows: [], pauses: [] };
    },
    fuse: ({ transcript: t }) => {
      calls.push("fuse");
      const judgement = { couldNotJudge: [], tierWithheld: false, transcriptReliable: true };
      return {
        rawEvents: [],
        flags: [],
        heatmap: { binSeconds: 1, bins: [0, 0, 0, 0] },
        metrics: [{ name: "wordsSpokenCount", value: t.words.length, unit: "words" }],
        score: 91,
        tier: "Compelling",
        breakdown: { score: 91, tier: "Compelling", dissonance: 100, delivery: null, impact: 0, judgement },
        judgement,
      };
    },
    coaching: {
      name: "fake-coach",
      generate: async ({ input }) => {
        calls.push("coach");
        return {
          provider: "fake-coach",
          summary: `Score ${input.score}`,
          strengths: [],
          improvements: [],
        };
      },
    },
  };
}

function memoryCache(): StageCache & { store: Map<string, unknown> } {
  const store = new Map<string, unknown>();
  return {
    store,
    get: async <T>(stage: string, provider: string) => store.get(`${stage}:${provider}`) as T | undefined,
    set: async (stage, provider, data) => {
      store.set(`${stage}:${provider}`, data);
    },
  };
}

describe("analyzeMedia", () => {
  it("runs every stage and assembles the result", async () => {
    const calls: string[] = [];
    const progress: number[] = [];
    const result = await analyzeMedia({
      videoPath: "/dev/null",
      deps: fakeDeps(calls),
      fps: 2,
      signal: new AbortController().signal,
      onProgress: (s) => progress.push(s.progress),
    });
    expect(result).toMatchObject({ coherenceScore: 91, scoreTier: "Compelling", durationSeconds: 4 });
    expect(result.report.summary).toBe("Score 91");
    expect(result.transcript.words).toHaveLength(3);
    expect(calls).toEqual(
      expect.arrayContaining(["probe", "extract", "transcribe", "visuals", "audio", "fuse", "coach"]),
    );
    expect(progress.at(-1)).toBeGreaterThanOrEqual(90);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("reuses stored stage outputs on a retry instead of calling providers again", async () => {
    const cache = memoryCache();
    const first: string[] = [];
    await expect(
      analyzeMedia({
        videoPath: "/dev/null",
        deps: fakeDeps(first, { failVision: true }),
        fps: 2,
        signal: new AbortController().signal,
        cache,
      }),
    ).rejects.toThrow("vision exploded");
    expect(cache.store.has("transcribe:fake-speech")).toBe(true);
    const second: string[] = [];
    await analyzeMedia({
      videoPath: "/dev/null",
      deps: fakeDeps(second),
      fps: 2,
      signal: new AbortController().signal,
      cache,
    });
    expect(second).not.toContain("transcribe");
    expect(second).not.toContain("probe");
    expect(second).toContain("visuals");
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    controller.abort(new Error("shutting down"));
    await expect(
      analyzeMedia({ videoPath: "/dev/null", deps: fakeDeps([]), fps: 2, signal: controller.signal }),
    ).rejects.toThrow("shutting down");
  });

  it("with a script: guides speech, aligns, adds script metrics; a new script re-runs transcription, not vision", async () => {
    const cache = memoryCache();
    const run = async (script: string) => {
      const calls: string[] = [];
      const scripts: (string | undefined)[] = [];
      const deps = fakeDeps(calls);
      const speech = deps.speech;
      deps.speech = {
        name: speech.name,
        transcribe: async (args) => {
          scripts.push(args.script);
          return speech.transcribe(args);
        },
      };
      const fusedWith: string[] = [];
      const fuse = deps.fuse;
      deps.fuse = (input) => {
        fusedWith.push(input.transcript.text);
        return fuse(input);
      };
      const result = await analyzeMedia({
        videoPath: "/dev/null",
        deps,
        fps: 2,
        signal: new AbortController().signal,
        cache,
        script,
      });
      return { calls, scripts, fusedWith, result };
    };
    const first = await run("I am thrilled. Thank you!");
    expect(first.scripts).toEqual(["I am thrilled. Thank you!"]);
    expect(first.calls).toEqual(expect.arrayContaining(["transcribe", "visuals", "audio", "fuse", "coach"]));
    expect(first.result.script?.skipped).toEqual([]);
    expect(first.result.script?.words.map((w) => w.status)).toEqual(["said", "said", "said", "skipped", "skipped"]);
    expect(first.result.metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(["scriptDelivered", "scriptAsWritten", "scriptSkipped", "scriptAdded", "scriptMoved"]),
    );
    expect(first.fusedWith).toEqual(["i am thrilled"]);

    const same = await run("I am thrilled. Thank you!");
    expect(same.calls).not.toContain("transcribe");
    expect(same.calls).not.toContain("visuals");

    const changed = await run("I am thrilled to be here.");
    expect(changed.calls).toContain("transcribe");
    expect(changed.calls).toContain("fuse");
    expect(changed.calls).toContain("coach");
    expect(changed.calls).not.toContain("visuals");
    expect(changed.calls).not.toContain("probe");
    expect(changed.scripts).toEqual(["I am thrilled to be here."]);
  });
});
