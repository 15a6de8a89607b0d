import { describe, expect, it } from "vitest";
import { sine } from "./testing/signals";
import { decodeWav, encodeWav } from "./wav";

describe("WAV encode/decode", () => {
  it("round-trips mono 16-bit samples and the sample rate", () => {
    const samples = sine({ hz: 440, seconds: 0.05 });
    const decoded = decodeWav(encodeWav({ sampleRate: 16_000, samples }));
    expect(decoded.sampleRate).toBe(16_000);
    expect(Array.from(decoded.samples)).toEqual(Array.from(samples));
  });

  it("rejects files that are not mono 16-bit PCM WAV", () => {
    expect(() => decodeWav(Buffer.from("not a wav file at all"))).toThrow(/RIFF/);
    const stereo = encodeWav({ sampleRate: 16_000, samples: new Int16Array(4) });
    stereo.writeUInt16LE(2, 22);
    expect(() => decodeWav(stereo)).toThrow(/mono/);
  });
});
