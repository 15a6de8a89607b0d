import type { TScriptAdherence, TScriptPassage, TScriptWordStatus } from "@coherence/shared";

/** A piece of the script as the Script tab shows it. */
export type ScriptSegment = {
  key: string;
} /** Text between words (spaces, punctuation, line breaks), shown as written. */ & (
  | { kind: "text"; text: string }
  /** A script word with how it was delivered; `seconds` is where a click seeks. */
  | { kind: "word"; index: number; text: string; status: TScriptWordStatus; seconds: number | null }
  /** An ad-lib: words said that the script does not have, shown where they were said. */
  | { kind: "added"; text: string; seconds: number }
);

/** Counts for the summary. */
export type ScriptSummary = {
  deliveredShare: number;
  asWrittenShare: number;
  words: Record<TScriptWordStatus, number>;
  passages: { skipped: number; added: number; moved: number };
};

function addedSegment(p: TScriptPassage, n: number): ScriptSegment {
  return { key: `added-${p.fromWord}-${n}`, kind: "added", text: p.text, seconds: p.start };
}

/** Whether the adherence's word offsets point at the same words in this script text. */
function offsetsMatch(script: string, adherence: TScriptAdherence): boolean {
  let last = 0;
  return adherence.words.every((w) => {
    const ok = w.charStart >= last && w.charEnd <= script.length && script.slice(w.charStart, w.charEnd) === w.text;
    last = w.charEnd;
    return ok;
  });
}

/**
 * The script cut into text, marked words and inserted ad-libs, in reading order. When the
 * offsets do not fit the text (a script stored after this analysis was made), the words are
 * shown on their own, separated by spaces, so a mark never lands on the wrong word.
 */
export function scriptSegments(script: string, adherence: TScriptAdherence): ScriptSegment[] {
  const fits = offsetsMatch(script, adherence);
  const out: ScriptSegment[] = [];
  let cursor = 0;
  adherence.words.forEach((w, index) => {
    const gap = fits ? script.slice(cursor, w.charStart) : index > 0 ? " " : "";
    if (gap) out.push({ key: `text-${index}`, kind: "text", text: gap });
    adherence.added.forEach((p, n) => {
      if (p.fromWord === index) out.push(addedSegment(p, n));
    });
    out.push({ key: `word-${index}`, kind: "word", index, text: w.text, status: w.status, seconds: w.seconds });
    cursor = w.charEnd;
  });
  adherence.added.forEach((p, n) => {
    if (p.fromWord >= adherence.words.length) out.push(addedSegment(p, n));
  });
  if (fits && cursor < script.length) out.push({ key: "text-end", kind: "text", text: script.slice(cursor) });
  return out;
}

export function scriptSummary(adherence: TScriptAdherence): ScriptSummary {
  const words: Record<TScriptWordStatus, number> = { said: 0, changed: 0, skipped: 0, moved: 0 };
  for (const w of adherence.words) words[w.status]++;
  return {
    deliveredShare: adherence.deliveredShare,
    asWrittenShare: adherence.asWrittenShare,
    words,
    passages: { skipped: adherence.skipped.length, added: adherence.added.length, moved: adherence.moved.length },
  };
}
