import { humanize } from "./format";

type Engine = {
  /** What the app calls it: what the engine does, in words a presenter reads right. */
  label: string;
  /** The product or library, for the details view only. */
  name: string;
};

/**
 * The one mapping from the API's provider ids to what the app shows. Ids such as "human"
 * (the vision library's name) read as a person, so the interface shows `label` and keeps
 * `name` for a details view.
 */
const ENGINES: Record<string, Engine> = {
  human: { label: "on-device vision", name: "Human (open-source vision library)" },
  pocketsphinx: { label: "on-device speech recognition", name: "PocketSphinx" },
  whisper: { label: "on-device speech recognition", name: "Whisper (whisper.cpp)" },
  "audio-features": { label: "voice analysis", name: "pitch and energy analysis (built in)" },
  "rule-based": { label: "rule-based coaching", name: "Coherence's rule-based coach" },
  script: { label: "the script's transcript", name: "script read aloud (demo data)" },
  deepgram: { label: "cloud speech recognition", name: "Deepgram" },
  twelvelabs: { label: "cloud video analysis", name: "TwelveLabs" },
  gemini: { label: "AI coaching", name: "Google Gemini" },
};

/** "human" → "on-device vision"; an id this build does not know reads as words ("local-vision" → "local vision"). */
export function engineLabel(id: string): string {
  return ENGINES[id]?.label ?? humanize(id).toLowerCase();
}

/** "human" → "Human (open-source vision library)"; an unknown id as stored. For details views. */
export function engineName(id: string): string {
  return ENGINES[id]?.name ?? id;
}

/** A flag's "script+human" (every engine that contributed) → "the script's transcript and on-device vision". */
export function enginesLabel(ids: string): string {
  const labels = [...new Set(ids.split("+").filter(Boolean).map(engineLabel))];
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

/** "on-device vision" → "On-device vision", for the start of a line. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
