import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { TDissonanceType, TTranscript } from "@coherence/shared";
import {
  makeSpeechAudio,
  type SpeechScriptStep,
  type SpokenSegment,
  transcriptFromSegments,
} from "@coherence/worker/demo";
import { muxWithRoomNoise } from "../analyze/talk";
import { FACES } from "./faces";
import { isSay, type TalkSpec } from "./spec";
import { type FaceState, FRAME, faceInState, renderTalkVideo, SIZES, type StateSegment, TURNED_FACE } from "./video";

/** Bump when the generator changes in a way the spec hash cannot see. */
const GENERATOR_VERSION = 1;
/** A pause at least this long is a break: it is not speaking time (coaching.md's long pause). */
const LONG_PAUSE_SECONDS = 1.5;

/** A flag the talk must raise, by construction. */
export type Label = { type: TDissonanceType; start: number; end: number; reverse: boolean; text: string };

/** What the talk is, by construction: the numbers a perfect engine would report. */
export type Truth = {
  words: number;
  /** First word to last, minus pauses of LONG_PAUSE_SECONDS or more. */
  speakingSeconds: number;
  wpm: number;
  /** Share (%) of the speaking time with a presenter in the picture looking into the lens. */
  eyeContactShare: number;
  /** Share (%) of the talk with a face in the picture. */
  facePresentShare: number;
};

export type BuiltTalk = {
  spec: TalkSpec;
  key: string;
  path: string;
  durationSeconds: number;
  /** The script timed to the audio: exact at sentence edges, spread by word length within one. */
  transcript: TTranscript;
  spoken: SpokenSegment[];
  states: StateSegment[];
  labels: Label[];
  truth: Truth;
};

export const defaultCacheDir = () => join(homedir(), ".cache", "coherence-eval");

/**
 * Hash of everything that decides the media: what is said and how, what the
 * presenter does, the face crops, the frame and the generator's version. Labels,
 * the half and the descriptions are left out: relabelling a talk reuses its media.
 */
export function talkKey(spec: TalkSpec): string {
  const faces = [...new Set([spec.face, TURNED_FACE])].map((f) => FACES[f]);
  const steps = spec.steps.map((s) => {
    if (!isSay(s)) return s;
    const { flags: _f, flagThrough: _t, reverse: _r, ...media } = s;
    return media;
  });
  const picture = { face: spec.face, size: spec.size, mirror: !!spec.mirror, state: spec.state ?? "still" };
  const what = JSON.stringify({ picture, steps, faces, FRAME, size: SIZES[spec.size], GENERATOR_VERSION });
  return createHash("sha256").update(what).digest("hex").slice(0, 16);
}

/** Each step's time span: spoken steps where the audio put them, pauses between their neighbours. */
function stepSpans(spec: TalkSpec, spoken: SpokenSegment[], durationSeconds: number) {
  const spans: { start: number; end: number; state: FaceState }[] = [];
  let k = 0;
  for (const [i, step] of spec.steps.entries()) {
    const state = step.state ?? spec.state ?? "still";
    if (isSay(step)) {
      const seg = spoken[k++]!;
      spans.push({ start: seg.start, end: seg.end, state });
    } else {
      const start = spans[i - 1]?.end ?? 0;
      const next = spoken[k];
      spans.push({ start, end: next ? next.start : durationSeconds, state });
    }
  }
  return spans;
}

/** The presenter's states over the whole talk, the lead-in and tail in the talk's own state. */
function stateSegments(spec: TalkSpec, spans: ReturnType<typeof stepSpans>, durationSeconds: number) {
  const base = spec.state ?? "still";
  const out: StateSegment[] = [];
  const push = (start: number, end: number, state: FaceState) => {
    if (end <= start) return;
    const last = out.at(-1);
    if (last && last.state === state && Math.abs(last.end - start) < 1e-6) last.end = end;
    else out.push({ start, end, state });
  };
  push(0, spans[0]?.start ?? durationSeconds, base);
  for (const s of spans) push(s.start, s.end, s.state);
  push(spans.at(-1)?.end ?? 0, durationSeconds, base);
  return out;
}

function labelsOf(spec: TalkSpec, spoken: SpokenSegment[]): Label[] {
  const says = spec.steps.filter(isSay);
  return says.flatMap((step, k) =>
    (step.flags ?? []).map((type) => ({
      type,
      start: spoken[k]!.start,
      end: spoken[Math.min(k + (step.flagThrough ?? 0), spoken.length - 1)]!.end,
      reverse: !!step.reverse,
      text: step.say,
    })),
  );
}

/** Seconds of [start, end] that `pred` holds on, over the state segments. */
function secondsWhere(states: StateSegment[], start: number, end: number, pred: (s: FaceState) => boolean) {
  return states
    .filter((s) => pred(s.state))
    .reduce((sum, s) => sum + Math.max(0, Math.min(end, s.end) - Math.max(start, s.start)), 0);
}

function truthOf(spec: TalkSpec, built: { transcript: TTranscript; spoken: SpokenSegment[]; states: StateSegment[] }) {
  const { spoken, states } = built;
  const words = built.transcript.words.length;
  const gaps = spoken.slice(1).map((s, i) => s.start - spoken[i]!.end);
  const breaks = gaps.filter((g) => g >= LONG_PAUSE_SECONDS).reduce((a, b) => a + b, 0);
  const speakingSeconds = spoken.at(-1)!.end - spoken[0]!.start - breaks;
  const looking = (s: FaceState) => {
    const face = faceInState(s, spec.face);
    return face !== null && FACES[face].looking === "camera";
  };
  const talking = spoken.reduce((a, s) => a + s.end - s.start, 0);
  const eyeContact = spoken.reduce((a, s) => a + secondsWhere(states, s.start, s.end, looking), 0);
  const duration = states.at(-1)!.end;
  return {
    words,
    speakingSeconds,
    wpm: words / (speakingSeconds / 60),
    eyeContactShare: (100 * eyeContact) / talking,
    facePresentShare: (100 * secondsWhere(states, 0, duration, (s) => s !== "absent")) / duration,
  };
}

/**
 * Builds a talk (or loads it from the cache, keyed by the hash of its spec):
 * espeak-ng speaks the steps, ffmpeg films the presenter doing what each step
 * says, and the two are muxed with a little room noise. Returns the media with
 * its labels and truth.
 */
export async function buildTalk(spec: TalkSpec, opts: { cacheDir?: string } = {}): Promise<BuiltTalk> {
  const dir = opts.cacheDir ?? defaultCacheDir();
  const key = talkKey(spec);
  const path = join(dir, `${spec.id}-${key}.mp4`);
  const metaPath = join(dir, `${spec.id}-${key}.json`);
  if (existsSync(path) && existsSync(metaPath)) {
    return {
      spec,
      key,
      path,
      ...(JSON.parse(await readFile(metaPath, "utf8")) as Omit<BuiltTalk, "spec" | "key" | "path">),
    };
  }
  await mkdir(dir, { recursive: true });
  const script: SpeechScriptStep[] = spec.steps.map((s) => {
    if (!isSay(s)) return { silence: s.silence };
    const { say, wordsPerMinute, pitchRange, loudness } = s;
    return { say, wordsPerMinute, pitchRange, loudness };
  });
  // Scratch names carry the process id: two runs may build the same talk at once.
  const wav = join(dir, `${spec.id}-${key}-${process.pid}.wav`);
  const silent = join(dir, `${spec.id}-${key}-${process.pid}-silent.mp4`);
  const speech = await makeSpeechAudio({ script, outputPath: wav });
  const durationSeconds = Math.ceil(speech.durationSeconds * 10) / 10;
  const spans = stepSpans(spec, speech.segments, durationSeconds);
  const states = stateSegments(spec, spans, durationSeconds);
  await renderTalkVideo({
    path: silent,
    dir,
    face: spec.face,
    size: spec.size,
    mirror: spec.mirror,
    segments: states,
    durationSeconds,
  });
  await muxWithRoomNoise({ video: silent, wav, durationSeconds, out: path });
  await rm(silent, { force: true });
  await rm(wav, { force: true });
  const transcript = { ...transcriptFromSegments({ segments: speech.segments, durationSeconds }), provider: "script" };
  const built = {
    durationSeconds,
    transcript,
    spoken: speech.segments,
    states,
    labels: labelsOf(spec, speech.segments),
  };
  const meta = { ...built, truth: truthOf(spec, built) };
  await writeFile(`${metaPath}.${process.pid}`, JSON.stringify(meta));
  await rename(`${metaPath}.${process.pid}`, metaPath);
  return { spec, key, path, ...meta };
}
