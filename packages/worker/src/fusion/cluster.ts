import { DISSONANCE_TYPES, type TFlag, type THeatmap, type TRawEvent } from "@coherence/shared";
import { clamp, round } from "./text";
import type { Thresholds } from "./thresholds";
import { TIPS } from "./tips";

/** Step 1: drop raw events below their type's confidence or severity threshold. */
export function applyThresholds(events: TRawEvent[], thresholds: Thresholds): TRawEvent[] {
  return events.filter((e) => {
    const t = thresholds[e.type];
    return e.confidence >= t.minConfidence && e.severity >= t.minSeverity;
  });
}

/** A run of events of one type, merged across small gaps. */
export type Cluster = { type: TRawEvent["type"]; start: number; end: number; members: TRawEvent[] };

/** Step 2a: per type, merge events whose gap to the running cluster is at most `mergeGapSeconds`. */
export function clusterEvents(events: TRawEvent[], thresholds: Thresholds): Cluster[] {
  const clusters: Cluster[] = [];
  for (const type of DISSONANCE_TYPES) {
    const gap = thresholds[type].mergeGapSeconds;
    const ofType = events.filter((e) => e.type === type).sort((a, b) => a.start - b.start || a.end - b.end);
    let cur: Cluster | null = null;
    for (const e of ofType) {
      if (cur && e.start - cur.end <= gap) {
        cur.end = Math.max(cur.end, e.end);
        cur.members.push(e);
      } else {
        if (cur) clusters.push(cur);
        cur = { type, start: e.start, end: e.end, members: [e] };
      }
    }
    if (cur) clusters.push(cur);
  }
  return clusters;
}

/**
 * Step 2b: smoothing. An isolated spike (a lone event shorter than `spikeSeconds`)
 * survives only with confidence of at least `spikeConfidence`; any cluster shorter
 * than `minDurationSeconds` is dropped.
 */
export function smoothClusters(clusters: Cluster[], thresholds: Thresholds): Cluster[] {
  return clusters.filter((c) => {
    const t = thresholds[c.type];
    const duration = c.end - c.start;
    if (duration < t.minDurationSeconds) return false;
    if (c.members.length === 1 && duration < t.spikeSeconds && c.members[0]!.confidence < t.spikeConfidence)
      return false;
    return true;
  });
}

/**
 * Step 3: a cluster becomes a flag. Severity is the strongest member's; confidence
 * combines the members as independent witnesses (noisy-OR, capped at 0.99), so
 * agreeing detections and providers raise it. Evidence comes from the strongest member.
 */
export function clusterToFlag(c: Cluster): TFlag {
  const strongest = [...c.members].sort((a, b) => b.severity * b.confidence - a.severity * a.confidence)[0]!;
  const confidence = Math.min(0.99, 1 - c.members.reduce((p, e) => p * (1 - e.confidence), 1));
  const quotes = [...new Set(c.members.map((e) => e.quote).filter(Boolean))];
  const providers = [...new Set(c.members.flatMap((e) => e.provider.split("+")))];
  const pieces = mergeQuotes(quotes);
  const quote = `${pieces.slice(0, 2).join(" … ")}${pieces.length > 2 ? " …" : ""}`;
  return {
    type: c.type,
    start: round(c.start, 3),
    end: round(c.end, 3),
    severity: round(clamp(Math.max(...c.members.map((e) => e.severity))), 3),
    confidence: round(clamp(confidence), 3),
    evidence: {
      quote,
      // Plain words from the strongest member; how many detections agreed goes with the raw figures.
      observation: strongest.observation,
      provider: providers.join("+"),
      ...(strongest.details || c.members.length > 1
        ? { details: { ...strongest.details, ...(c.members.length > 1 ? { detections: c.members.length } : {}) } }
        : {}),
    },
    tip: TIPS[c.type],
  };
}

/**
 * Joins the quotes of a cluster's members (in time order) into as few pieces
 * as possible. Members of one cluster often quote overlapping words; repeating
 * them ("…will work, and we … will work, and we will…") reads as a glitch, so a
 * quote that starts with the end of the previous one continues it, and one
 * already contained in it is dropped. Disjoint quotes stay separate pieces.
 */
export function mergeQuotes(quotes: string[]): string[] {
  const pieces: string[] = [];
  for (const q of quotes) {
    const last = pieces[pieces.length - 1];
    if (last === undefined) {
      pieces.push(q);
      continue;
    }
    if (last.includes(q)) continue;
    const a = last.split(" ");
    const b = q.split(" ");
    let overlap = 0;
    for (let n = Math.min(a.length, b.length); n > 0; n--) {
      if (a.slice(a.length - n).join(" ") === b.slice(0, n).join(" ")) {
        overlap = n;
        break;
      }
    }
    if (overlap > 0) pieces[pieces.length - 1] = [...a, ...b.slice(overlap)].join(" ");
    else pieces.push(q);
  }
  return pieces;
}

/** Steps 1–3 together: raw events to flags, sorted by start time. */
export function eventsToFlags(events: TRawEvent[], thresholds: Thresholds): TFlag[] {
  const kept = applyThresholds(events, thresholds);
  return smoothClusters(clusterEvents(kept, thresholds), thresholds)
    .map(clusterToFlag)
    .sort((a, b) => a.start - b.start || a.type.localeCompare(b.type));
}

/** Default heatmap bin width, seconds. */
export const HEATMAP_BIN_SECONDS = 5;

/**
 * The timeline heatmap: fixed bins of `binSeconds`, each holding the strongest
 * severity of the flags that touch it. The last bin is cut at the talk's end
 * (`durationSeconds` rides along), and flags reaching past the end count only up to it.
 */
export function buildHeatmap(flags: TFlag[], durationSeconds: number, binSeconds = HEATMAP_BIN_SECONDS): THeatmap {
  const duration = Math.max(0, durationSeconds);
  const count = Math.max(1, Math.ceil(duration / binSeconds));
  const bins = new Array<number>(count).fill(0);
  for (const f of flags) {
    if (f.start > duration && duration > 0) continue;
    const first = clamp(Math.floor(f.start / binSeconds), 0, count - 1);
    // A flag ending exactly on a bin edge does not reach into the next bin.
    const last = clamp(Math.ceil(Math.min(f.end, duration) / binSeconds) - 1, first, count - 1);
    for (let b = first; b <= last; b++) bins[b] = Math.max(bins[b]!, f.severity);
  }
  return { binSeconds, bins, durationSeconds: round(duration, 3) };
}

/**
 * Flags cut to the talk: detectors widen cues by a second or two of context,
 * which can reach past the last frame; a flag starting after the end is dropped.
 */
export function clampFlagsToDuration(flags: TFlag[], durationSeconds: number): TFlag[] {
  if (!(durationSeconds > 0)) return flags;
  return flags
    .filter((f) => f.start < durationSeconds)
    .map((f) => (f.end > durationSeconds ? { ...f, end: round(durationSeconds, 3) } : f));
}
