import { describe, expect, it } from "vitest";
import { pickProvider } from "./experiments";

const whisper = { name: "whisper" };
const deepgram = { name: "deepgram" };
const choice = (provider: string) => ({ experimentId: "e", experimentKey: "k", arm: "treatment" as const, provider });

describe("pickProvider", () => {
  it("uses the default without an experiment, the chosen provider when available", () => {
    expect(pickProvider({ choice: undefined, available: [whisper, deepgram], fallback: whisper })).toBe(whisper);
    expect(pickProvider({ choice: choice("deepgram"), available: [whisper, deepgram], fallback: whisper })).toBe(
      deepgram,
    );
  });

  it("falls back and warns when the chosen provider is not configured", () => {
    const warnings: object[] = [];
    const logger = { warn: (obj: object) => warnings.push(obj) };
    expect(pickProvider({ choice: choice("deepgram"), available: [whisper], fallback: whisper, logger })).toBe(whisper);
    expect(warnings).toEqual([{ experiment: "k", wanted: "deepgram", using: "whisper" }]);
  });
});
