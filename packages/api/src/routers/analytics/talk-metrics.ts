/**
 * Which `analysis_metrics.name` rows feed the dashboard's series. The analysis
 * engine owns the names; the first entry is the one it is expected to write and
 * the rest are accepted aliases, so the dashboard keeps working if a name is
 * spelled the Microsoft Speaker Coach way or the short way.
 */
export const METRIC_ALIASES = {
  wpm: ["wpm", "averageWordsPerMinutePace", "words_per_minute", "pace"],
  fillerDensity: ["filler_density", "fillerDensity", "filler_rate"],
  eyeContact: ["eye_contact", "eyeContactShare", "eye_contact_share", "eyeContact"],
} as const;

export type TalkMetricKey = keyof typeof METRIC_ALIASES;

export type MetricRow = { name: string; value: number; unit: string };

/**
 * Fraction-valued metrics (0–1) are shown as percentages; a value already in
 * percent (unit `%`) is kept. Why: the engine may store shares either way.
 */
function asPercent(row: MetricRow): number {
  const unit = row.unit.trim().toLowerCase();
  if (unit === "%" || unit === "percent") return row.value;
  return row.value <= 1 ? row.value * 100 : row.value;
}

/** Picks WPM, filler density (%) and eye contact (%) out of one analysis's metric rows. */
export function pickTalkMetrics(rows: MetricRow[]): Record<TalkMetricKey, number | null> {
  const find = (key: TalkMetricKey) => {
    for (const alias of METRIC_ALIASES[key]) {
      const row = rows.find((r) => r.name === alias);
      if (row) return row;
    }
    return undefined;
  };
  const wpm = find("wpm");
  const filler = find("fillerDensity");
  const eye = find("eyeContact");
  return {
    wpm: wpm ? round(wpm.value, 1) : null,
    fillerDensity: filler ? round(asPercent(filler), 2) : null,
    eyeContact: eye ? round(asPercent(eye), 1) : null,
  };
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Every metric name the analytics queries read. */
export const ALL_METRIC_NAMES: string[] = Object.values(METRIC_ALIASES).flat();
