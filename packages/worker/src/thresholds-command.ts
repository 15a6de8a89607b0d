import {
  type Database,
  getMetricBands,
  getThresholds,
  getTierBounds,
  setMetricBand,
  setThresholds,
  setTierBound,
} from "@coherence/core";
import {
  AppError,
  BOUNDED_TIERS,
  DISSONANCE_TYPES,
  type TDissonanceType,
  type TMetricBands,
  type TThresholds,
  type TTierBounds,
  type TTypeThresholdField,
  TYPE_THRESHOLD_FIELDS,
} from "@coherence/shared";

// `coherence thresholds [get|set TYPE FIELD VALUE]`: the argument parsing is
// separate from the database work so that usage errors need no database.

export const THRESHOLDS_USAGE = `Usage:
  coherence thresholds [get] [--json]             show the per-type thresholds
  coherence thresholds set TYPE FIELD VALUE       change one field of one type
  coherence thresholds bands [--json]             show the delivery-metric bands
  coherence thresholds set-band METRIC good|fair LOW HIGH
                                                  change a metric's good or fair range ("-" for open)
  coherence thresholds tiers [--json]             show the score tiers' lowest scores
  coherence thresholds set-tier TIER MIN          change one tier's lowest score (TIER: ${BOUNDED_TIERS.join(", ")})

TYPE:  ${DISSONANCE_TYPES.join(", ")}
FIELD: ${TYPE_THRESHOLD_FIELDS.join(", ")} (snake_case works too)
`;

export type ThresholdsCommand =
  | { action: "get" }
  | { action: "set"; type: TDissonanceType; field: TTypeThresholdField; value: number }
  | { action: "bands" }
  | { action: "set-band"; name: string; range: "good" | "fair"; low: number | null; high: number | null }
  | { action: "tiers" }
  | { action: "set-tier"; tier: (typeof BOUNDED_TIERS)[number]; min: number };

function bound(raw: string): number | null | undefined {
  if (raw === "-" || raw.toLowerCase() === "none") return null;
  const n = Number(raw);
  return raw.trim() !== "" && Number.isFinite(n) ? n : undefined;
}

const camel = (s: string) => s.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());

function parseSetTier(args: string[]): ThresholdsCommand | { error: string } {
  const [tierArg, minArg, ...rest] = args;
  if (!tierArg || minArg === undefined || rest.length) return { error: "set-tier needs TIER MIN." };
  const tier = BOUNDED_TIERS.find((t) => t.toLowerCase() === tierArg.toLowerCase());
  if (!tier) return { error: `Unknown tier "${tierArg}": use ${BOUNDED_TIERS.join(", ")}.` };
  const min = Number(minArg);
  if (minArg.trim() === "" || !Number.isFinite(min)) return { error: `MIN must be a number, not "${minArg}".` };
  return { action: "set-tier", tier, min };
}

/** Parses the arguments after `thresholds`; returns an error message for bad usage. */
export function parseThresholdsArgs(args: string[]): ThresholdsCommand | { error: string } {
  const [action = "get", typeArg, fieldArg, valueArg, ...rest] = args;
  if (action === "get" && args.length <= 1) return { action: "get" };
  if (action === "bands" && args.length === 1) return { action: "bands" };
  if (action === "tiers" && args.length === 1) return { action: "tiers" };
  if (action === "set-tier") return parseSetTier(args.slice(1));
  if (action === "set-band") {
    if (!typeArg || !fieldArg || valueArg === undefined || rest.length !== 1) {
      return { error: "set-band needs METRIC good|fair LOW HIGH." };
    }
    if (fieldArg !== "good" && fieldArg !== "fair")
      return { error: `The range is "good" or "fair", not "${fieldArg}".` };
    const low = bound(valueArg);
    const high = bound(rest[0]!);
    if (low === undefined || high === undefined) return { error: 'LOW and HIGH must be numbers, or "-" for open.' };
    return { action: "set-band", name: typeArg, range: fieldArg, low, high };
  }
  if (action !== "set") return { error: `Unknown thresholds action "${action}".` };
  if (!typeArg || !fieldArg || valueArg === undefined || rest.length) return { error: "set needs TYPE FIELD VALUE." };
  const type = typeArg.toUpperCase() as TDissonanceType;
  if (!DISSONANCE_TYPES.includes(type)) return { error: `Unknown type "${typeArg}".` };
  const field = camel(fieldArg) as TTypeThresholdField;
  if (!TYPE_THRESHOLD_FIELDS.includes(field)) return { error: `Unknown field "${fieldArg}".` };
  const value = Number(valueArg);
  if (valueArg.trim() === "" || !Number.isFinite(value)) return { error: `VALUE must be a number, not "${valueArg}".` };
  return { action: "set", type, field, value };
}

/** The thresholds as an aligned table, one row per type. */
export function formatThresholds(t: TThresholds): string {
  const header = ["type", ...TYPE_THRESHOLD_FIELDS];
  const rows = DISSONANCE_TYPES.map((type) => [type, ...TYPE_THRESHOLD_FIELDS.map((f) => String(t[type][f]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return `${[header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** The metric bands as an aligned table. */
export function formatBands(bands: TMetricBands): string {
  const range = ([low, high]: [number | null, number | null]) =>
    low === null && high === null ? "any" : low === null ? `≤ ${high}` : high === null ? `≥ ${low}` : `${low}–${high}`;
  const rows = Object.entries(bands).map(([name, b]) => [name, range(b.good), range(b.fair)]);
  const all = [["metric", "good", "fair"], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  return `${all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** The tier bounds as lines, highest tier first, ending with Needs Work. */
export function formatTierBounds(bounds: TTierBounds): string {
  const lines = BOUNDED_TIERS.map((t) => `${t.padEnd(10)}  from ${bounds[t]}`);
  return `${[...lines, `${"Needs Work".padEnd(10)}  below ${bounds.Developing}`].join("\n")}\n`;
}

/** Runs a parsed thresholds command against `db`; returns the exit code. */
export async function runThresholdsCommand(opts: {
  db: Database;
  command: ThresholdsCommand;
  json?: boolean;
  out: (s: string) => void;
}): Promise<number> {
  try {
    const { command } = opts;
    if (command.action === "tiers" || command.action === "set-tier") {
      const bounds =
        command.action === "tiers"
          ? await getTierBounds(opts.db, { ttlMs: 0 })
          : await setTierBound(opts.db, { tier: command.tier, min: command.min });
      if (command.action === "set-tier") opts.out(`Set ${command.tier} to start at ${command.min}.\n`);
      opts.out(opts.json ? `${JSON.stringify(bounds, null, 2)}\n` : formatTierBounds(bounds));
      return 0;
    }
    if (command.action === "bands" || command.action === "set-band") {
      const bands =
        command.action === "bands"
          ? await getMetricBands(opts.db, { ttlMs: 0 })
          : await setMetricBand(opts.db, {
              name: command.name,
              band: { [command.range]: [command.low, command.high] },
            });
      if (command.action === "set-band") opts.out(`Set the ${command.range} band of ${command.name}.\n`);
      opts.out(opts.json ? `${JSON.stringify(bands, null, 2)}\n` : formatBands(bands));
      return 0;
    }
    const thresholds =
      command.action === "get"
        ? await getThresholds(opts.db, { ttlMs: 0 })
        : await setThresholds(opts.db, { type: command.type, values: { [command.field]: command.value } });
    if (command.action === "set") {
      opts.out(
        `Set ${command.type}.${command.field} = ${command.value}. Running workers pick it up within a few seconds.\n`,
      );
    }
    opts.out(opts.json ? `${JSON.stringify(thresholds, null, 2)}\n` : formatThresholds(thresholds));
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      opts.out(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
