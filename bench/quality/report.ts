import { DISSONANCE_TYPES } from "@coherence/shared";
import type { Mode, TalkRun } from "./evaluate";
import { matchFlags, type Rates, type Summary } from "./score";

const MODE_TITLE: Record<Mode, string> = {
  exact: "exact transcript (the script, timed): judges vision, audio and fusion",
  e2e: "end to end (the configured recogniser)",
  script: "end to end, the recogniser guided by each talk's text as its script (issue 14)",
};

const num = (x: number | null, digits = 2) => (x === null ? "–" : x.toFixed(digits));
const pct = (x: number | null, digits = 0) => (x === null ? "–" : `${(100 * x).toFixed(digits)}%`);

/** One progress line per analysed talk (stderr), with its misses and false flags when `verbose`. */
export function formatRun(run: TalkRun, verbose: boolean): string {
  const { outcome: o } = run;
  const m = matchFlags(o.labels, o.flags);
  const line = `  ${run.mode.padEnd(5)} ${o.id.padEnd(28)} ${run.seconds.toFixed(1).padStart(5)} s  labels ${o.labels.length}, flags ${o.flags.length}, matched ${m.matched.length}`;
  if (!verbose) return line;
  const span = (x: { type: string; start: number; end: number }) =>
    `${x.type} ${x.start.toFixed(1)}–${x.end.toFixed(1)}`;
  const extra = [
    ...m.missed.map((l) => `      missed ${span(l)}`),
    ...m.falseFlags.map((f) => `      false  ${span(f)}`),
    `      wpm ${num(o.metrics.wpm.measured, 0)} (truth ${num(o.metrics.wpm.truth, 0)}), eye contact ${num(o.metrics.eyeContact.measured, 0)}% (truth ${num(o.metrics.eyeContact.truth, 0)}%), face ${num(o.metrics.facePresence.measured, 0)}% (truth ${num(o.metrics.facePresence.truth, 0)}%)${o.wer ? `, WER ${pct(o.wer.errors / Math.max(1, o.wer.words))}` : ""}`,
  ];
  return [line, ...extra].join("\n");
}

function typeRow(name: string, r: Rates): string {
  return `  ${name.padEnd(20)} ${String(r.tp + r.fn).padStart(6)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}   ${num(r.precision).padStart(9)} ${num(r.recall).padStart(6)} ${num(r.f1).padStart(5)}`;
}

/** The readable report: per mode, the per-type table, then the calm, reverse and metric figures. */
export function formatReport(opts: { split: string; summaries: Partial<Record<Mode, Summary>> }): string {
  const out: string[] = [];
  for (const [mode, s] of Object.entries(opts.summaries) as [Mode, Summary][]) {
    out.push(`\n${MODE_TITLE[mode]} — split ${opts.split}: ${s.talks} talks, ${s.labels} labelled flags`);
    out.push(`  ${"type".padEnd(20)} labels   tp   fp   fn   precision recall    F1`);
    for (const t of DISSONANCE_TYPES) out.push(typeRow(t, s.perType[t]));
    out.push(typeRow("all (micro)", s.micro));
    out.push(
      `  calm controls: ${s.calm.flags} flags over ${s.calm.talks} talks (${num(s.calm.minutes, 1)} min): ${num(s.calm.flagsPerMinute)} false flags per minute${s.calm.talksWithFlags.length ? ` [${s.calm.talksWithFlags.join(", ")}]` : ""}`,
    );
    out.push(
      `  reverse mismatch (bad news said smiling): recall ${num(s.reverseMismatchRecall)} (${s.reverseMismatch.found} of ${s.reverseMismatch.total})`,
    );
    const e = s.metricErrors;
    out.push(
      `  metric errors: WPM ${pct(e.wpmRelative.mean, 1)} mean, ${pct(e.wpmRelative.max, 1)} worst; eye contact ${num(e.eyeContactPoints.mean, 1)} points mean, ${num(e.eyeContactPoints.max, 1)} worst; face presence ${num(e.facePresencePoints.mean, 1)} points mean, ${num(e.facePresencePoints.max, 1)} worst`,
    );
    if (s.wer !== null) out.push(`  recogniser WER on these talks: ${pct(s.wer, 1)}`);
  }
  return out.join("\n");
}

/** Markdown tables (as in documentation/quality.md): per half of the talks run, per type, the modes side by side. */
export function formatMarkdown(opts: { groups: Record<string, Partial<Record<Mode, Summary>>> }): string {
  const out: string[] = [];
  for (const [name, byMode] of Object.entries(opts.groups)) {
    const modes = Object.keys(byMode) as Mode[];
    const first = byMode[modes[0]!];
    if (!first || first.talks === 0) continue;
    out.push(`\n**${name}** (${first.talks} talks, ${first.labels} labels, ${first.calm.talks} calm controls):\n`);
    out.push(`| type | labels | ${modes.map((m) => `${m}: P / R / F1 (fp)`).join(" | ")} |`);
    out.push(`|---|---|${modes.map(() => "---|").join("")}`);
    for (const t of [...DISSONANCE_TYPES, "micro"] as const) {
      const r = (m: Mode) => (t === "micro" ? byMode[m]!.micro : byMode[m]!.perType[t]);
      const cells = modes.map((m) => `${num(r(m).precision)} / ${num(r(m).recall)} / ${num(r(m).f1)} (${r(m).fp})`);
      out.push(
        `| ${t === "micro" ? "**all (micro)**" : t} | ${r(modes[0]!).tp + r(modes[0]!).fn} | ${cells.join(" | ")} |`,
      );
    }
    out.push("");
    for (const m of modes) {
      const x = byMode[m]!;
      const e = x.metricErrors;
      out.push(
        `- ${m}: calm controls ${x.calm.flags} flags in ${num(x.calm.minutes, 1)} min = **${num(x.calm.flagsPerMinute)} false flags/min**` +
          ` (${x.calm.talksWithFlags.join(", ") || "none"}); reverse-mismatch recall **${num(x.reverseMismatchRecall)}**` +
          ` (${x.reverseMismatch.found}/${x.reverseMismatch.total}); WPM error ${pct(e.wpmRelative.mean, 1)} mean / ${pct(e.wpmRelative.max, 1)} worst;` +
          ` eye contact ${num(e.eyeContactPoints.mean, 1)} / ${num(e.eyeContactPoints.max, 1)} points; face presence` +
          ` ${num(e.facePresencePoints.mean, 1)} / ${num(e.facePresencePoints.max, 1)} points${x.wer !== null ? `; WER ${pct(x.wer, 1)}` : ""}`,
      );
    }
  }
  return out.join("\n");
}
