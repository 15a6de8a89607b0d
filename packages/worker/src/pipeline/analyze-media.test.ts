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
});
