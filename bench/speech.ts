// Speech benchmark: real-time factor and WER of the local speech engines on
// jfk.wav (shared fixtures) and on a ~60 s espeak-ng talk.
// Run: pnpm tsx bench/speech.ts   (WHISPER_MODEL_PATH=... adds whisper.cpp)

import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core";
import { makeSpeechAudio, SAMPLE_TALK, scriptText } from "@coherence/worker/demo";
import {
  computeAudioFeatures,
  createPocketsphinxProvider,
  createWhisperProvider,
  readWavFile,
  type SpeechTranscriptionProvider,
  wordErrorRate,
} from "@coherence/worker/pipeline";
import { sharedFixturePath } from "@coherence/worker/testing";

const logger = createLogger({ level: "warn" });

/** CPU seconds used by this process and its finished children (Linux /proc), so external decoders count. */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  // After the command name: cutime and cstime are fields 14 and 15 (0-based 13, 14), in clock ticks.
  const children = (Number(fields[13]) + Number(fields[14])) / 100;
  return (own.user + own.system) / 1e6 + children;
}

async function measure(provider: SpeechTranscriptionProvider, name: string, wav: string, reference: string) {
  const { samples, sampleRate } = await readWavFile(wav);
  const duration = samples.length / sampleRate;
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const transcript = await provider.transcribe({
    audioPath: wav,
    durationSeconds: duration,
    signal: AbortSignal.timeout(600_000),
    logger,
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const wer = wordErrorRate({ reference, hypothesis: transcript.text });
  console.log(
    `${provider.name.padEnd(13)} ${name.padEnd(14)} audio ${duration.toFixed(1)} s  wall ${wall.toFixed(2)} s  ` +
      `RTF ${(wall / duration).toFixed(3)}  CPU ${cpu.toFixed(2)} s (CPU RTF ${(cpu / duration).toFixed(3)})  ` +
      `WER ${(wer.wer * 100).toFixed(1)}% (S${wer.substitutions} D${wer.deletions} I${wer.insertions} / ${wer.referenceWords})`,
  );
  console.log(`  hyp: ${transcript.text.slice(0, 300)}`);
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${availableParallelism()} cores`,
);
const dir = await mkdtemp(join(tmpdir(), "coherence-bench-speech-"));
try {
  const talkWav = join(dir, "talk.wav");
  const t0 = performance.now();
  const talk = await makeSpeechAudio({ script: SAMPLE_TALK, outputPath: talkWav });
  console.log(
    `espeak talk: ${talk.durationSeconds.toFixed(1)} s generated in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );

  const f0 = performance.now();
  const features = computeAudioFeatures({ audio: talk.audio, words: [] });
  console.log(
    `audio features on the talk: ${((performance.now() - f0) / 1000).toFixed(3)} s ` +
      `(RTF ${((performance.now() - f0) / 1000 / talk.durationSeconds).toFixed(4)}), ${features.pauses.length} pauses`,
  );

  const providers: SpeechTranscriptionProvider[] = [createPocketsphinxProvider()];
  // PS_EXTRA_ARGS="-maxhmmpf 30000 -maxwpf -1" measures the unpruned decoder (pocketsphinx's own defaults) next to ours.
  if (process.env.PS_EXTRA_ARGS) {
    const extraArgs = process.env.PS_EXTRA_ARGS.split(/\s+/).filter(Boolean);
    providers.push({ ...createPocketsphinxProvider({ extraArgs }), name: "ps+extra" });
  }
  if (process.env.WHISPER_MODEL_PATH)
    providers.push(createWhisperProvider({ modelPath: process.env.WHISPER_MODEL_PATH }));
  const jfk = sharedFixturePath("speech", "jfk.wav");
  for (const p of providers) {
    if (jfk) {
      const ref = readFileSync(sharedFixturePath("speech", "jfk.txt") as string, "utf8");
      await measure(p, "jfk.wav", jfk, ref);
    } else console.log("shared/fixtures/speech not found: skipping jfk.wav");
    await measure(p, "espeak talk", talkWav, scriptText(SAMPLE_TALK));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
