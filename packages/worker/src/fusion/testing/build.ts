import type { TAudioFeatures, TRawEvent, TTranscript, TVisualFrame, TVisualTimeline, TWord } from "@coherence/shared";

// Builders for hand-made fusion inputs whose ground truth is known by construction.

export type Span = { start: number; end: number };

/**
 * A transcript read at a steady rate: each part is a run of text; `wordSeconds`
 * per word (default 0.4 s = 150 WPM incl. gaps), `pauseAfter` seconds of silence after it.
 */
export function script(
  parts: { text: string; wordSeconds?: number; pauseAfter?: number }[],
  opts: { start?: number; provider?: string; confidence?: number; unpunctuated?: boolean } = {},
): { transcript: TTranscript; spans: Span[]; end: number } {
  let t = opts.start ?? 0.5;
  const words: TWord[] = [];
  const spans: Span[] = [];
  for (const part of parts) {
    const step = part.wordSeconds ?? 0.4;
    const start = t;
    for (const display of part.text.split(/\s+/).filter(Boolean)) {
      const word = display.toLowerCase().replace(/[^a-z0-9'-]/g, "");
      words.push({
        word,
        display: opts.unpunctuated ? word : display,
        start: t,
        end: t + step * 0.85,
        confidence: opts.confidence ?? 0.95,
      });
      t += step;
    }
    spans.push({ start, end: t });
    t += part.pauseAfter ?? 0.4;
  }
  return {
    transcript: {
      provider: opts.provider ?? "test-speech",
      language: "en",
      durationSeconds: t,
      text: parts.map((p) => p.text).join(" "),
      words,
    },
    spans,
    end: t,
  };
}

/** True when t lies in the span. */
export const within = (t: number, s: Span | undefined) => !!s && t >= s.start && t <= s.end;

/** A presenter facing the camera, centred, calm, mildly smiling, gesturing now and then. */
export function calmFrame(t: number): TVisualFrame {
  return {
    t,
    facePresent: true,
    face: { x: 0.4, y: 0.2, width: 0.2, height: 0.3, confidence: 0.95 },
    head: { yaw: 3 * Math.sin(t), pitch: 0, roll: 0 },
    gaze: { yaw: 2, pitch: 0, onCamera: true },
    emotions: { neutral: 0.5, happy: 0.45, surprise: 0.05 },
    gestures: ["facing center", "raise right hand"],
  };
}

/** A visual timeline at `fps` from a per-frame function; motion windows of 1 s from `energy`. */
export function visualTimeline(opts: {
  duration: number;
  fps?: number;
  frame?: (t: number) => TVisualFrame;
  energy?: (t: number) => number;
  observations?: TVisualTimeline["observations"];
  provider?: string;
}): TVisualTimeline {
  const fps = opts.fps ?? 2;
  const frames: TVisualFrame[] = [];
  for (let i = 0; i / fps <= opts.duration; i++) frames.push((opts.frame ?? calmFrame)(i / fps));
  const motion = [];
  for (let s = 0; s < opts.duration; s += 1)
    motion.push({ start: s, end: s + 1, energy: (opts.energy ?? (() => 0.1))(s + 0.5) });
  return { provider: opts.provider ?? "test-vision", fps, frames, motion, observations: opts.observations ?? [] };
}

/** Lively voice: pitch swings ±3 semitones around 160 Hz, loudness ±5 dB. */
export const livelyVoice = (t: number) => ({
  f0: 160 * 2 ** ((3 * Math.sin(t * 1.3)) / 12),
  rmsDb: -20 + 5 * Math.sin(t * 0.9),
});

/** Audio features in 0.1 s windows from a per-window function. */
export function audioFeatures(opts: {
  duration: number;
  voice?: (t: number) => { f0: number | null; rmsDb: number };
  pauses?: Span[];
  windowSeconds?: number;
}): TAudioFeatures {
  const windowSeconds = opts.windowSeconds ?? 0.1;
  const windows = [];
  for (let i = 0; i * windowSeconds <= opts.duration; i++) {
    const t = Math.round(i * windowSeconds * 1000) / 1000;
    windows.push({ t, ...(opts.voice ?? livelyVoice)(t) });
  }
  return { windowSeconds, windows, pauses: opts.pauses ?? [] };
}

/** A raw event with defaults, for clustering and score tests. */
export function rawEvent(partial: Partial<TRawEvent> & Pick<TRawEvent, "start" | "end">): TRawEvent {
  return {
    type: "GAZE_AVOIDANCE",
    confidence: 0.9,
    severity: 0.7,
    quote: "the key point",
    observation: "gaze off camera",
    provider: "test",
    ...partial,
  };
}

/** A talk ready for `fuse`: the transcript, each part's span, and both delivery channels. */
export type Talk = {
  transcript: TTranscript;
  spans: Span[];
  duration: number;
  visual: TVisualTimeline;
  audio: TAudioFeatures;
};

/** How one part of a talk is delivered instead of calmly: the frame, motion energy and voice inside its span. */
export type Delivery = {
  frame?: (calm: TVisualFrame, t: number) => TVisualFrame;
  energy?: number;
  voice?: (t: number, span: Span) => { f0: number | null; rmsDb: number };
};

/**
 * A talk read from `parts` (see `script`), delivered calmly with a lively
 * voice except inside part `during.index`, where `during` takes over. The
 * talk runs one second past the last word.
 */
export function buildTalk(opts: {
  parts: Parameters<typeof script>[0];
  scriptOptions?: Parameters<typeof script>[1];
  during?: Delivery & { index: number };
}): Talk & { span: Span | undefined } {
  const { transcript, spans, end } = script(opts.parts, opts.scriptOptions);
  const duration = end + 1;
  const d = opts.during;
  const span = d ? spans[d.index] : undefined;
  const inSpan = (t: number) => within(t, span);
  const visual = visualTimeline({
    duration,
    frame: (t) => (inSpan(t) && d?.frame ? d.frame(calmFrame(t), t) : calmFrame(t)),
    energy: (t) => (inSpan(t) && d?.energy !== undefined ? d.energy : 0.1),
  });
  const audio = audioFeatures({
    duration,
    voice: (t) => (inSpan(t) && d?.voice && span ? d.voice(t, span) : livelyVoice(t)),
  });
  return { transcript, spans, duration, visual, audio, span };
}

/** A frame in which the presenter is out of view. */
export const absentFrame = (_calm: TVisualFrame, t: number): TVisualFrame => ({ t, facePresent: false });
