import type { TAnalysisResult } from "@coherence/shared";

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}

const KEY_METRICS = [
  "averageWordsPerMinutePace",
  "fillerDensity",
  "eyeContactShare",
  "pitchVariation",
  "wordsSpokenCount",
  "pauseCount",
];

/** The readable summary `coherence analyze` prints: score, tier, top flags with times, key metrics. */
export function formatSummary(result: TAnalysisResult, opts: { maxFlags?: number } = {}): string {
  const lines: string[] = [];
  const judgement = result.judgement;
  // With nothing judged the tier would mislead: the score line says so instead of naming one.
  const tier = judgement?.tierWithheld ? "no tier: nothing could be judged" : result.scoreTier;
  lines.push(`Coherence score: ${result.coherenceScore}/100 (${tier})`);
  lines.push(
    `Duration: ${clock(result.durationSeconds)}   Words: ${result.transcript.words.length}   Speech: ${result.transcript.provider}`,
  );
  for (const sentence of judgement?.couldNotJudge ?? []) lines.push(`Not judged: ${sentence}`);
  lines.push("");
  const flags = [...result.flags].sort((a, b) => b.severity * b.confidence - a.severity * a.confidence);
  if (flags.length === 0) {
    lines.push("No dissonance flags: words and delivery agree throughout.");
  } else {
    lines.push(`Top flags (${flags.length} in all):`);
    for (const f of flags.slice(0, opts.maxFlags ?? 5)) {
      const quote = f.evidence.quote ? ` "${f.evidence.quote}"` : "";
      lines.push(`  ${clock(f.start)}–${clock(f.end)}  ${f.type.padEnd(20)} severity ${f.severity.toFixed(2)}${quote}`);
      lines.push(`      ${f.evidence.observation}`);
      lines.push(`      tip: ${f.tip}`);
    }
  }
  lines.push("");
  lines.push("Key metrics:");
  const byName = new Map(result.metrics.map((m) => [m.name, m]));
  const shown = KEY_METRICS.map((n) => byName.get(n)).filter((m) => m !== undefined);
  for (const m of shown.length > 0 ? shown : result.metrics.slice(0, 6)) {
    const rating = m.rating ? `  [${m.rating}]` : "";
    lines.push(`  ${m.name.padEnd(28)} ${Number.isInteger(m.value) ? m.value : m.value.toFixed(2)} ${m.unit}${rating}`);
  }
  lines.push("");
  lines.push(`Coaching: ${result.report.summary}`);
  return `${lines.join("\n")}\n`;
}

/** A one-line progress bar for a terminal (stderr), redrawn in place. */
export function renderProgressBar(opts: { stage: string; progress: number; width?: number }): string {
  const width = opts.width ?? 30;
  const filled = Math.round((Math.max(0, Math.min(100, opts.progress)) / 100) * width);
  return `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(opts.progress).padStart(3)}%  ${opts.stage.padEnd(12)}`;
}
