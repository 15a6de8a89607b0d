/**
 * Global word alignment of a script against recognised words, robust to long skips and ad-libs.
 *
 * Gotoh's affine-gap alignment: a run of k skipped (or added) words costs one gap opening plus k
 * small extensions, so a skipped paragraph shows as one gap instead of being smeared into
 * mismatches all over the talk; single recognition errors stay substitutions. Long inputs are
 * first cut at anchors, n-grams found exactly once on both sides and in the same order, and the
 * dynamic programme runs between consecutive anchors: a 9,000-word script aligns in well under
 * a second.
 */

export type AlignOp =
  | { kind: "match"; a: number; b: number }
  | { kind: "sub"; a: number; b: number }
  | { kind: "del"; a: number }
  | { kind: "ins"; b: number };

const MATCH = 2;
/** A recognition slip ("tim" for "time") costs less than a word that has nothing to do with the script's. */
const MISMATCH_SIMILAR = -1;
const MISMATCH = -3;
const GAP_OPEN = -3;
const GAP_EXTEND = -0.5;
/** Above this many cells a segment is cut at shorter anchors; past the shortest, it is left unaligned. */
const MAX_CELLS = 4_000_000;
const ANCHOR_SIZES = [4, 3, 2];

/** Aligns `a` (script words) with `b` (spoken words); returns the operations in order. */
export function alignWords(a: readonly string[], b: readonly string[]): AlignOp[] {
  const ops: AlignOp[] = [];
  alignSegment({ a, b, a0: 0, a1: a.length, b0: 0, b1: b.length, anchorLevel: 0, ops });
  return ops;
}

type Segment = {
  a: readonly string[];
  b: readonly string[];
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  anchorLevel: number;
  ops: AlignOp[];
};

function alignSegment(seg: Segment): void {
  const n = seg.a1 - seg.a0;
  const m = seg.b1 - seg.b0;
  if (n === 0 || m === 0 || n * m <= MAX_CELLS / 4 || seg.anchorLevel >= ANCHOR_SIZES.length) {
    if (n * m > MAX_CELLS) leaveUnaligned(seg);
    else gotoh(seg);
    return;
  }
  const size = ANCHOR_SIZES[seg.anchorLevel] as number;
  const anchors = findAnchors(seg, size);
  let a = seg.a0;
  let b = seg.b0;
  for (const [i, j] of anchors) {
    alignSegment({ ...seg, a0: a, a1: i, b0: b, b1: j, anchorLevel: seg.anchorLevel + 1 });
    for (let k = 0; k < size; k++) seg.ops.push({ kind: "match", a: i + k, b: j + k });
    a = i + size;
    b = j + size;
  }
  alignSegment({ ...seg, a0: a, a1: seg.a1, b0: b, b1: seg.b1, anchorLevel: seg.anchorLevel + 1 });
}

function leaveUnaligned(seg: Segment): void {
  for (let i = seg.a0; i < seg.a1; i++) seg.ops.push({ kind: "del", a: i });
  for (let j = seg.b0; j < seg.b1; j++) seg.ops.push({ kind: "ins", b: j });
}

/** N-grams found exactly once on each side, as [aIndex, bIndex] pairs forming the longest chain in order on both sides. */
function findAnchors(seg: Segment, size: number): [number, number][] {
  const count = (words: readonly string[], from: number, to: number) => {
    const seen = new Map<string, number>();
    for (let i = from; i + size <= to; i++) {
      const key = words.slice(i, i + size).join(" ");
      seen.set(key, seen.has(key) ? -1 : i);
    }
    return seen;
  };
  const inA = count(seg.a, seg.a0, seg.a1);
  const inB = count(seg.b, seg.b0, seg.b1);
  const pairs: [number, number][] = [];
  for (const [key, i] of inA) {
    const j = inB.get(key);
    if (i >= 0 && j !== undefined && j >= 0) pairs.push([i, j]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const chain = longestIncreasingChain(pairs);
  // Anchors must not overlap each other.
  const kept: [number, number][] = [];
  for (const p of chain) {
    const last = kept.at(-1);
    if (!last || (p[0] >= last[0] + size && p[1] >= last[1] + size)) kept.push(p);
  }
  return kept;
}

/** Longest subsequence of pairs (sorted by their first index) whose second index increases. */
function longestIncreasingChain(pairs: [number, number][]): [number, number][] {
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const j = (pairs[k] as [number, number])[1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] as number] as [number, number])[1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1] as number;
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails.at(-1) ?? -1; k >= 0; k = prev[k] as number) out.push(pairs[k] as [number, number]);
  return out.reverse();
}

// Traceback codes, 2 bits per state in one byte: which state the best path came from.
const FROM_M = 0;
const FROM_X = 1;
const FROM_Y = 2;

/** Affine-gap global alignment of one segment (M: aligned pair, X: script word skipped, Y: spoken word added). */
function gotoh(seg: Segment): void {
  const { a, b, a0, b0 } = seg;
  const n = seg.a1 - a0;
  const m = seg.b1 - b0;
  const w = m + 1;
  const trace = new Uint8Array((n + 1) * w);
  const NEG = Number.NEGATIVE_INFINITY;
  let pM = new Float64Array(w).fill(NEG);
  let pX = new Float64Array(w).fill(NEG);
  let pY = new Float64Array(w).fill(NEG);
  pM[0] = 0;
  for (let j = 1; j <= m; j++) {
    pY[j] = GAP_OPEN + GAP_EXTEND * j;
    trace[j] = (j === 1 ? FROM_M : FROM_Y) << 4;
  }
  for (let i = 1; i <= n; i++) {
    const cM = new Float64Array(w).fill(NEG);
    const cX = new Float64Array(w).fill(NEG);
    const cY = new Float64Array(w).fill(NEG);
    cX[0] = GAP_OPEN + GAP_EXTEND * i;
    trace[i * w] = (i === 1 ? FROM_M : FROM_X) << 2;
    const ai = a[a0 + i - 1];
    for (let j = 1; j <= m; j++) {
      const bj = b[b0 + j - 1] as string;
      const s = ai === bj ? MATCH : similar(ai as string, bj) ? MISMATCH_SIMILAR : MISMATCH;
      const dM = pM[j - 1] as number;
      const dX = pX[j - 1] as number;
      const dY = pY[j - 1] as number;
      let fromM = FROM_M;
      let best = dM;
      if (dX > best) [best, fromM] = [dX, FROM_X];
      if (dY > best) [best, fromM] = [dY, FROM_Y];
      cM[j] = best + s;
      // X: skip script word i (move down from the row above).
      const xOpenM = (pM[j] as number) + GAP_OPEN + GAP_EXTEND;
      const xOpenY = (pY[j] as number) + GAP_OPEN + GAP_EXTEND;
      const xExt = (pX[j] as number) + GAP_EXTEND;
      let fromX = FROM_M;
      let bx = xOpenM;
      if (xOpenY > bx) [bx, fromX] = [xOpenY, FROM_Y];
      if (xExt > bx) [bx, fromX] = [xExt, FROM_X];
      cX[j] = bx;
      // Y: add spoken word j (move right along this row).
      const yOpenM = (cM[j - 1] as number) + GAP_OPEN + GAP_EXTEND;
      const yOpenX = (cX[j - 1] as number) + GAP_OPEN + GAP_EXTEND;
      const yExt = (cY[j - 1] as number) + GAP_EXTEND;
      let fromY = FROM_M;
      let by = yOpenM;
      if (yOpenX > by) [by, fromY] = [yOpenX, FROM_X];
      if (yExt > by) [by, fromY] = [yExt, FROM_Y];
      cY[j] = by;
      trace[i * w + j] = fromM | (fromX << 2) | (fromY << 4);
    }
    pM = cM;
    pX = cX;
    pY = cY;
  }
  const end = [pM[m] as number, pX[m] as number, pY[m] as number];
  let state = end.indexOf(Math.max(...end));
  const out: AlignOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const t = trace[i * w + j] as number;
    if (state === FROM_M && i > 0 && j > 0) {
      const same = a[a0 + i - 1] === b[b0 + j - 1];
      out.push({ kind: same ? "match" : "sub", a: a0 + i - 1, b: b0 + j - 1 });
      state = t & 3;
      i--;
      j--;
    } else if (state === FROM_X || j === 0) {
      out.push({ kind: "del", a: a0 + i - 1 });
      state = i === 0 ? FROM_M : (t >> 2) & 3;
      i--;
    } else {
      out.push({ kind: "ins", b: b0 + j - 1 });
      state = (t >> 4) & 3;
      j--;
    }
  }
  for (let k = out.length - 1; k >= 0; k--) seg.ops.push(out[k] as AlignOp);
}

/** Two words are alike when at most a third of their letters differ (edit distance over the longer length). */
export function similar(x: string, y: string): boolean {
  const longer = Math.max(x.length, y.length);
  if (Math.abs(x.length - y.length) * 3 > longer) return false;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return (prev[y.length] as number) * 3 <= longer;
}
