import type { TScriptAdherence } from "@coherence/shared";
import { useMemo } from "react";
import { scriptSummary } from "./script-marks";

const percent = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Delivered and as-written shares, passage counts, and the legend of the marks with word counts. */
export function ScriptSummaryView({ adherence }: { adherence: TScriptAdherence }) {
  const s = useMemo(() => scriptSummary(adherence), [adherence]);
  const stats = [
    ["Delivered", percent(s.deliveredShare)],
    ["As written", percent(s.asWrittenShare)],
    ["Skipped", plural(s.passages.skipped, "passage")],
    ["Added", plural(s.passages.added, "passage")],
    ["Out of order", plural(s.passages.moved, "passage")],
  ];
  return (
    <div className="script-summary" data-testid="script-summary">
      <dl className="script-stats">
        {stats.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ul className="legend" aria-label="Script marks">
        <li>
          <span className="sw-said">said</span> {s.words.said}
        </li>
        <li>
          <span className="sw-changed">changed</span> {s.words.changed}
        </li>
        <li>
          <span className="sw-skipped">skipped</span> {s.words.skipped}
        </li>
        <li>
          <span className="sw-moved">moved</span> {s.words.moved}
        </li>
        <li>
          <span className="sw-added">+ added</span> {s.passages.added}
        </li>
      </ul>
    </div>
  );
}
