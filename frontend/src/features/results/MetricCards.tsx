import { type TMetric, UNRELIABLE_TRANSCRIPT_NOTICE } from "@coherence/shared";
import { engineName } from "../../lib/engines";
import { humanize } from "../../lib/format";

const LABELS: Record<string, string> = {
  wpm: "Speaking pace",
  averageWordsPerMinutePace: "Speaking pace",
  filler_density: "Filler words",
  fillerDensity: "Filler words",
  eye_contact: "Eye contact",
  eyeContactShare: "Eye contact",
  pitch_variation: "Pitch variation",
  pause_count: "Long pauses",
  transcriptConfidence: "Words heard clearly",
  facePresenceShare: "Face in view",
};

/** Metrics read from the words: estimates when the words were not heard reliably. */
const VERBAL_METRICS = new Set([
  "averageWordsPerMinutePace",
  "wordsSpokenCount",
  "fillerWordsOccurrencesCount",
  "fillerDensity",
  "hedgeDensity",
  "conciseness",
  "averageSentiment",
  "repetitiveLanguageOccurrencesCount",
  "nonInclusiveLanguageOccurrencesCount",
]);

/** "15 words in 6.1 s": the numbers the pace is computed from, so the rate can be checked by hand. */
export function paceBasis(m: TMetric): string | null {
  const words = m.details?.words;
  const seconds = m.details?.seconds;
  if (m.name !== "averageWordsPerMinutePace" || typeof words !== "number" || typeof seconds !== "number") return null;
  return `${words} word${words === 1 ? "" : "s"} in ${seconds} s of speech`;
}

/**
 * Why a metric is marked: a cloud run's visual figures may come from a model's description
 * of the whole video rather than from measuring each frame, so they deserve less trust.
 */
export function estimateNote(m: TMetric): string | null {
  const source = m.details?.estimatedBy;
  if (typeof source !== "string" || source === "") return null;
  return `Estimated: ${engineName(source)} described the video and this figure was read from that description, not measured frame by frame.`;
}

const RATING_TEXT = { good: "On target", fair: "Close", "needs-work": "Needs work" } as const;

/** The rating the engine gave, or one derived from the band when it gave none. */
export function metricRating(m: TMetric): TMetric["rating"] {
  if (m.rating) return m.rating;
  if (!m.band) return undefined;
  const { low, high } = m.band;
  if ((low === null || m.value >= low) && (high === null || m.value <= high)) return "good";
  const span = Math.max(1, (high ?? low ?? 1) - (low ?? 0));
  const miss = low !== null && m.value < low ? low - m.value : high !== null ? m.value - high : 0;
  return miss <= span * 0.15 ? "fair" : "needs-work";
}

function formatValue(m: TMetric): string {
  const v = Math.abs(m.value) >= 100 ? Math.round(m.value) : Math.round(m.value * 10) / 10;
  return m.unit === "%" ? `${v}%` : `${v}`;
}

function bandText(m: TMetric): string | null {
  if (!m.band) return null;
  const { low, high } = m.band;
  const u = m.unit === "%" ? "%" : m.unit ? ` ${m.unit}` : "";
  if (low !== null && high !== null) return `Target ${low}–${high}${u}`;
  if (low !== null) return `Target ≥ ${low}${u}`;
  if (high !== null) return `Target ≤ ${high}${u}`;
  return null;
}

/** A gauge placing the value against its target band (band shaded). */
function Gauge({ m }: { m: TMetric }) {
  if (!m.band) return null;
  const { low, high } = m.band;
  const top = Math.max(m.value, high ?? 0, low ?? 0) * 1.25 || 1;
  const lo = ((low ?? 0) / top) * 100;
  const hi = ((high ?? top) / top) * 100;
  return (
    <div className="gauge" aria-hidden="true">
      <span className="gauge-band" style={{ left: `${lo}%`, width: `${Math.max(2, hi - lo)}%` }} />
      <span className="gauge-value" style={{ left: `${Math.min(100, (m.value / top) * 100)}%` }} />
    </div>
  );
}

/** One card per delivery metric with its value, target band and verdict. */
export function MetricCards({ metrics, wordsUnreliable = false }: { metrics: TMetric[]; wordsUnreliable?: boolean }) {
  if (metrics.length === 0) return <p className="empty-inline">No delivery metrics for this talk.</p>;
  return (
    <ul className="metric-grid">
      {metrics.map((m) => {
        const rating = metricRating(m);
        const band = bandText(m);
        const estimate =
          estimateNote(m) ?? (wordsUnreliable && VERBAL_METRICS.has(m.name) ? UNRELIABLE_TRANSCRIPT_NOTICE : null);
        const basis = paceBasis(m);
        return (
          <li key={m.name} className={`metric-card${rating ? ` rating-${rating}` : ""}`}>
            <div className="metric-head">
              <h4>{LABELS[m.name] ?? humanize(m.name)}</h4>
              {estimate && (
                <span className="metric-estimated" role="note" title={estimate} aria-label={estimate}>
                  estimated
                </span>
              )}
            </div>
            <p className="metric-value">
              {formatValue(m)}
              {m.unit && m.unit !== "%" && <span className="metric-unit"> {m.unit}</span>}
            </p>
            {basis && <p className="metric-basis muted small">{basis}</p>}
            <Gauge m={m} />
            <p className="metric-foot">
              {band && <span>{band}</span>}
              {rating && <span className={`badge rating-${rating}`}>{RATING_TEXT[rating]}</span>}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
