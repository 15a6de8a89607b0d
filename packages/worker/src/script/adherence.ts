import type { TScriptAdherence, TScriptGuidance, TScriptPassage, TScriptWord, TWord } from "@coherence/shared";
import { alignWords } from "./align";
import { spokenForms } from "./tokenise";
import { alignScript, type ScriptAlignment } from "./word-alignment";

/** Fewer consecutive script words than this left out are recognition slips, not a skipped passage. */
export const MIN_PASSAGE_WORDS = 4;
/** An added run and a skipped run are the same passage said elsewhere when this share of the skipped words is found in it, in order. */
const MOVED_MIN_SHARE = 0.5;

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * How a talk followed its script: each script word said as written, changed, skipped or said out
 * of order; passages skipped (with when they should have come), added and moved; and the shares
 * delivered and said as written.
 */
export function scriptAdherence(opts: {
  script: string;
  words: readonly TWord[];
  guidance: TScriptGuidance;
}): TScriptAdherence {
  const alignment = alignScript(opts);
  const words = scriptWords(alignment, opts.words);
  const skippedRuns = mergeRuns(runsOf(words, (w) => w.status === "skipped")).filter(
    (r) => r.to - r.from >= MIN_PASSAGE_WORDS,
  );
  const addedRuns = mergeInsertions(alignment.insertions).filter((r) => r.words.length >= MIN_PASSAGE_WORDS);
  const moved = findMoved({ skippedRuns, addedRuns, words, alignment, spoken: opts.words });
  const skipped = skippedRuns
    .filter((r) => !moved.usedSkipped.has(r.from))
    .map((r) => passage({ words, from: r.from, to: r.to, start: words[r.from]?.seconds ?? 0 }));
  const added = addedRuns
    .filter((_, i) => !moved.usedAdded.has(i))
    .map((r) => ({
      fromWord: r.beforeToken,
      toWord: r.beforeToken,
      text: r.words.map((i) => opts.words[i]?.word ?? "").join(" "),
      start: round2(opts.words[r.words[0] as number]?.start ?? 0),
      end: round2(opts.words[r.words.at(-1) as number]?.end ?? 0),
    }));
  const total = words.length;
  const delivered = words.filter((w) => w.status !== "skipped").length;
  return {
    guidance: opts.guidance,
    words,
    deliveredShare: total === 0 ? 0 : round2(delivered / total),
    asWrittenShare: total === 0 ? 0 : round2(words.filter((w) => w.status === "said").length / total),
    skipped,
    added,
    moved: moved.passages,
  };
}

/** Each script token with its status and time; a skipped token gets the time it should have come. */
function scriptWords(alignment: ScriptAlignment, spoken: readonly TWord[]): TScriptWord[] {
  const words: TScriptWord[] = alignment.tokens.map((t) => {
    const first = spoken[t.words[0] ?? -1];
    const status = t.words.length === 0 ? "skipped" : t.missing === 0 && t.substituted === 0 ? "said" : "changed";
    return {
      text: t.token.text,
      charStart: t.token.charStart,
      charEnd: t.token.charEnd,
      status,
      seconds: first ? round2(first.start) : null,
    };
  });
  // A skipped word should have come right after the last word said before it.
  let last = 0;
  for (const w of words) {
    if (w.seconds === null) w.seconds = last;
    else last = w.seconds;
  }
  return words;
}

type Run = { from: number; to: number };

/**
 * A word or two the aligner matched by chance (a "the" inside a left-out sentence, or inside an
 * ad-lib) must not cut one passage in two: runs this close are one passage.
 */
const STRAY_MATCH_WORDS = 2;

function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out.at(-1);
    if (last && r.from - last.to <= STRAY_MATCH_WORDS) last.to = r.to;
    else out.push({ ...r });
  }
  return out;
}

function mergeInsertions(runs: ScriptAlignment["insertions"]): ScriptAlignment["insertions"] {
  const out: ScriptAlignment["insertions"] = [];
  for (const r of runs) {
    const last = out.at(-1);
    const gap = last ? (r.words[0] as number) - (last.words.at(-1) as number) - 1 : Number.POSITIVE_INFINITY;
    if (last && gap <= STRAY_MATCH_WORDS) last.words = [...last.words, ...r.words];
    else out.push({ ...r, words: [...r.words] });
  }
  return out;
}

function runsOf<T>(items: T[], test: (item: T) => boolean): Run[] {
  const runs: Run[] = [];
  let from = -1;
  items.forEach((item, i) => {
    if (test(item)) {
      if (from < 0) from = i;
    } else if (from >= 0) {
      runs.push({ from, to: i });
      from = -1;
    }
  });
  if (from >= 0) runs.push({ from, to: items.length });
  return runs;
}

function passage(opts: {
  words: TScriptWord[];
  from: number;
  to: number;
  start: number;
  end?: number;
}): TScriptPassage {
  return {
    fromWord: opts.from,
    toWord: opts.to,
    text: opts.words
      .slice(opts.from, opts.to)
      .map((w) => w.text)
      .join(" "),
    start: round2(opts.start),
    end: round2(opts.end ?? opts.start),
  };
}

/**
 * A passage said out of order shows in the global alignment as a skip in one place and an
 * addition in another: each long addition is aligned against each long skip, and a pair that
 * shares most of the skipped words becomes a moved passage (its words marked "moved", timed when
 * they were said).
 */
function findMoved(opts: {
  skippedRuns: Run[];
  addedRuns: ScriptAlignment["insertions"];
  words: TScriptWord[];
  alignment: ScriptAlignment;
  spoken: readonly TWord[];
}) {
  const usedSkipped = new Set<number>();
  const usedAdded = new Set<number>();
  const passages: TScriptPassage[] = [];
  opts.addedRuns.forEach((added, ai) => {
    const said = flatten(added.words.map((i) => spokenForms(opts.spoken[i]?.word ?? "")));
    for (const run of opts.skippedRuns) {
      if (usedSkipped.has(run.from)) continue;
      const script = flatten(opts.alignment.tokens.slice(run.from, run.to).map((t) => t.token.spoken));
      const ops = alignWords(script.units, said.units);
      const matched = ops.filter((op) => op.kind === "match").length;
      if (matched < MOVED_MIN_SHARE * script.units.length) continue;
      usedSkipped.add(run.from);
      usedAdded.add(ai);
      for (const op of ops) {
        if (op.kind !== "match" && op.kind !== "sub") continue;
        const word = opts.words[run.from + (script.owner[op.a] as number)] as TScriptWord;
        word.status = "moved";
        word.seconds = round2(opts.spoken[added.words[said.owner[op.b] as number] as number]?.start ?? 0);
      }
      const start = opts.spoken[added.words[0] as number]?.start ?? 0;
      const end = opts.spoken[added.words.at(-1) as number]?.end ?? start;
      passages.push(passage({ words: opts.words, from: run.from, to: run.to, start, end }));
      return;
    }
  });
  return { usedSkipped, usedAdded, passages };
}

/** Spoken forms of several words in one list, each remembering which word it came from. */
function flatten(groups: string[][]): { units: string[]; owner: number[] } {
  const units: string[] = [];
  const owner: number[] = [];
  groups.forEach((g, i) => {
    for (const u of g) {
      units.push(u);
      owner.push(i);
    }
  });
  return { units, owner };
}
