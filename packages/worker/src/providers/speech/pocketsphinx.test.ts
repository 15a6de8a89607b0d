import { describe, expect, it } from "vitest";
import { parsePocketsphinxOutput, parsePocketsphinxWordLine, pocketsphinxArgs } from "./pocketsphinx";

// Real output of `pocketsphinx_continuous -infile jfk.wav -time yes` (Debian 0.8+5prealpha), trimmed.
const SAMPLE = `and then our my arm arrow
<s> 0.000 0.040 0.998900
and 0.050 0.160 0.032758
then 0.170 0.670 0.213530
our(3) 0.680 0.980 0.207841
</s> 2.310 2.440 1.000000
and not
<s> 3.170 3.280 1.000300
and(2) 3.290 3.730 0.985603
<sil> 3.740 3.980 0.828680
[NOISE] 3.980 3.990 0.5
not 3.990 4.300 0.817730
++UM++ 4.300 4.500 0.4
++BREATH++ 4.500 4.600 0.4
</s> 4.310 4.760 1.000000
`;

describe("parsePocketsphinxWordLine", () => {
  it("reads word, times and confidence, dropping the pronunciation variant", () => {
    expect(parsePocketsphinxWordLine("our(3) 0.680 0.980 0.207841")).toEqual({
      word: "our",
      start: 0.68,
      end: 0.98,
      confidence: 0.207841,
    });
  });

  it("drops sentence markers, silences and noise tags, and ignores hypothesis lines", () => {
    for (const line of [
      "<s> 0.000 0.040 0.99",
      "</s> 2.3 2.4 1.0",
      "<sil> 3.7 3.9 0.8",
      "[NOISE] 1 2 0.5",
      "and not",
    ]) {
      expect(parsePocketsphinxWordLine(line)).toBeNull();
    }
  });

  it("keeps filler tags as the filler word and clamps the confidence to 0–1", () => {
    expect(parsePocketsphinxWordLine("++UM++ 4.3 4.5 0.4")?.word).toBe("um");
    expect(parsePocketsphinxWordLine("++BREATH++ 4.5 4.6 0.4")).toBeNull();
    expect(parsePocketsphinxWordLine("Hello 1.0 1.2 1.000300")).toMatchObject({ word: "hello", confidence: 1 });
  });
});

describe("parsePocketsphinxOutput", () => {
  it("builds a transcript of the real words in time order", () => {
    const t = parsePocketsphinxOutput({ stdout: SAMPLE, durationSeconds: 11 });
    expect(t.provider).toBe("pocketsphinx");
    expect(t.durationSeconds).toBe(11);
    expect(t.text).toBe("and then our and not um");
    expect(t.words.map((w) => w.start)).toEqual([0.05, 0.17, 0.68, 3.29, 3.99, 4.3]);
    for (const w of t.words) expect(w.end).toBeGreaterThanOrEqual(w.start);
  });
});

describe("pocketsphinxArgs", () => {
  it("names the model files explicitly and asks for word times", () => {
    const args = pocketsphinxArgs({ audioPath: "/a.wav", modelDir: "/m" });
    expect(args).toEqual([
      "-infile",
      "/a.wav",
      "-hmm",
      "/m/en-us",
      "-lm",
      "/m/en-us.lm.bin",
      "-dict",
      "/m/cmudict-en-us.dict",
      "-time",
      "yes",
      "-maxhmmpf",
      "4000",
      "-maxwpf",
      "10",
    ]);
  });

  it("lets an extra argument replace the default pruning (pocketsphinx rejects repeated arguments)", () => {
    const args = pocketsphinxArgs({ audioPath: "/a.wav", modelDir: "/m", extraArgs: ["-maxhmmpf", "30000"] });
    expect(args.filter((a) => a === "-maxhmmpf")).toHaveLength(1);
    expect(args.slice(-4)).toEqual(["-maxwpf", "10", "-maxhmmpf", "30000"]);
  });
});
