import type { TDissonanceType } from "@coherence/shared";

/** 75.4 → "1:15"; 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 ? 0 : 1)} ${units[i]}`;
}

export function formatDate(iso: string | Date): string {
  return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export const FLAG_LABELS: Record<TDissonanceType, string> = {
  EMOTIONAL_MISMATCH: "Emotional mismatch",
  GAZE_AVOIDANCE: "Gaze avoidance",
  NERVOUS_FIDGETING: "Nervous fidgeting",
  CONFIDENCE_MISMATCH: "Confidence mismatch",
  MONOTONE_EMPHASIS: "Monotone emphasis",
  DEICTIC_MISMATCH: "Pointing without showing",
  PACE_MISMATCH: "Pace mismatch",
};

/** A readable label for a flag type, including types this build does not know yet. */
export function flagLabel(type: string): string {
  return FLAG_LABELS[type as TDissonanceType] ?? humanize(type);
}

/** "filler_density" / "fillerDensity" → "Filler density". */
export function humanize(name: string): string {
  const spaced = name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Severity 0–1 → a heat colour from calm teal through amber to red. */
export function severityColor(severity: number): string {
  const s = Math.min(1, Math.max(0, severity));
  if (s === 0) return "var(--heat-0)";
  // Hue 165 (teal) → 45 (amber) → 0 (red).
  const hue = s < 0.5 ? 165 - (s / 0.5) * 120 : 45 - ((s - 0.5) / 0.5) * 45;
  return `hsl(${Math.round(hue)} 78% ${Math.round(52 - s * 8)}%)`;
}

export function severityWord(severity: number): "low" | "medium" | "high" {
  return severity >= 0.66 ? "high" : severity >= 0.33 ? "medium" : "low";
}

// C0 and C1 control characters (tabs and newlines included): fonts draw them as empty boxes.
const CONTROL_CHARS = /\p{Cc}+/gu;

/**
 * Text typed by a user, made safe to display: control characters become a space and
 * runs of spaces one. Titles stored before the API refused them may still hold some.
 */
export function displayText(text: string): string {
  return text
    .replace(CONTROL_CHARS, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
}

/** What to call a talk: its title, else the uploaded file's name, else `fallback`; always displayable. */
export function talkTitle(
  video: { title?: string | null; originalFilename?: string | null } | null | undefined,
  fallback = "Untitled talk",
): string {
  return displayText(video?.title ?? "") || displayText(video?.originalFilename ?? "") || fallback;
}
