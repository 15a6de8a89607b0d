import type { TAnalysisResult, TFlag } from "@coherence/shared";
import { flagLabel } from "../../lib/format";

/** 75.25 → "00:01:15.250", the WebVTT timestamp form. */
export function vttTimestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const p = (v: number, w = 2) => String(v).padStart(w, "0");
  return `${p(h)}:${p(m)}:${p(s)}.${p(rest, 3)}`;
}

// A cue's text must not contain "-->" and a blank line would end the cue early.
const cueText = (s: string) =>
  s
    .replace(/-->/g, "→")
    .replace(/\n\s*\n/g, "\n")
    .trim();

/**
 * WebVTT captions with one cue per flag: what was flagged, the quote, what was
 * seen, and the tip. Cues are sorted by start time, as players expect.
 */
export function flagsToWebVTT(flags: TFlag[]): string {
  const cues = [...flags]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((f, i) => {
      const end = f.end > f.start ? f.end : f.start + 1;
      const lines = [
        `${flagLabel(f.type)} (severity ${Math.round(f.severity * 100)}%)`,
        f.evidence.quote ? `“${f.evidence.quote}”` : "",
        f.evidence.observation ? `Seen: ${f.evidence.observation}` : "",
        f.tip ? `Tip: ${f.tip}` : "",
      ].filter(Boolean);
      return `flag-${i + 1}\n${vttTimestamp(f.start)} --> ${vttTimestamp(end)}\n${cueText(lines.join("\n"))}`;
    });
  return ["WEBVTT", "", ...cues.flatMap((c) => [c, ""])].join("\n");
}

/** The downloadable JSON report: the whole analysis plus what it is about. */
export function toJsonReport(result: TAnalysisResult, meta: { videoId: string; title: string }): string {
  return JSON.stringify(
    { format: "coherence-report/1", exportedAt: new Date().toISOString(), video: meta, analysis: result },
    null,
    2,
  );
}

/** Saves text as a file through a temporary object URL. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
