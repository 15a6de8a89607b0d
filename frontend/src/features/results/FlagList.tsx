import type { TFlag } from "@coherence/shared";
import { useMemo, useState } from "react";
import { Icon } from "../../components/Icon";
import { enginesLabel } from "../../lib/engines";
import { flagLabel, formatClock, humanize, severityColor, severityWord } from "../../lib/format";

/** A raw figure from the evidence details, readable: numbers rounded, lists and objects flattened. */
export function detailText(value: unknown): string {
  if (typeof value === "number") return String(Math.round(value * 1000) / 1000);
  if (Array.isArray(value)) return value.map(detailText).join(", ") || "none";
  if (value && typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${humanize(k).toLowerCase()} ${detailText(v)}`)
      .join(", ");
  return value === null || value === undefined ? "–" : String(value);
}

/** The raw figures behind a flag's plain-language evidence, folded away by default. */
function EvidenceDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <details className="flag-details" data-testid="flag-details">
      <summary>Details</summary>
      <dl>
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{humanize(k)}</dt>
            <dd>{detailText(v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export type FlagListProps = {
  flags: TFlag[];
  onSeek: (seconds: number) => void;
  activeFlag?: number | null;
  onSelectFlag?: (index: number) => void;
};

/**
 * Every flag in time order with its evidence (the quote and what was seen) and
 * the coaching tip. A type filter narrows the list; the time button seeks.
 */
export function FlagList({ flags, onSeek, activeFlag, onSelectFlag }: FlagListProps) {
  const [type, setType] = useState<string>("all");
  const types = useMemo(() => [...new Set(flags.map((f) => f.type))], [flags]);
  const ordered = useMemo(
    () =>
      flags
        .map((flag, index) => ({ flag, index }))
        .filter(({ flag }) => type === "all" || flag.type === type)
        .sort((a, b) => a.flag.start - b.flag.start),
    [flags, type],
  );

  if (flags.length === 0) {
    return (
      <div className="empty-inline" data-testid="flag-list-empty">
        <strong>No dissonance found.</strong> Your words and your delivery agreed throughout this talk.
      </div>
    );
  }

  return (
    <div className="flag-list">
      {types.length > 1 && (
        <label className="inline-field">
          <span>Show</span>
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="all">All flags ({flags.length})</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {flagLabel(t)} ({flags.filter((f) => f.type === t).length})
              </option>
            ))}
          </select>
        </label>
      )}
      <ol aria-label="Flags">
        {ordered.map(({ flag, index }) => (
          <li
            key={index}
            className={`flag-item${activeFlag === index ? " is-active" : ""}`}
            data-testid="flag-item"
            style={{ borderLeftColor: severityColor(flag.severity) }}
          >
            <div className="flag-head">
              <h4>{flagLabel(flag.type)}</h4>
              <span className={`badge sev-${severityWord(flag.severity)}`}>
                {severityWord(flag.severity)} · {Math.round(flag.severity * 100)}%
              </span>
              <button
                type="button"
                className="time-link"
                onClick={() => {
                  onSeek(flag.start);
                  onSelectFlag?.(index);
                }}
              >
                <span aria-hidden="true">▶</span> <span className="sr-only">Play </span>
                {formatClock(flag.start)}–{formatClock(flag.end)}
              </button>
            </div>
            <dl className="flag-evidence">
              {flag.evidence.quote && (
                <>
                  <dt>You said</dt>
                  <dd>
                    <q>{flag.evidence.quote}</q>
                  </dd>
                </>
              )}
              <dt>We saw</dt>
              <dd>{flag.evidence.observation}</dd>
            </dl>
            {flag.evidence.details && <EvidenceDetails details={flag.evidence.details} />}
            {flag.tip && (
              <p className="flag-tip">
                <Icon name="bulb" size={16} /> <strong>Tip:</strong> {flag.tip}
              </p>
            )}
            <p className="flag-meta">
              Confidence {Math.round(flag.confidence * 100)}% · detected by {enginesLabel(flag.evidence.provider)}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
