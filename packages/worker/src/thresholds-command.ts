import { type Database, getThresholds, setThresholds } from "@coherence/core";
import {
  AppError,
  DISSONANCE_TYPES,
  type TDissonanceType,
  type TThresholds,
  type TTypeThresholdField,
  TYPE_THRESHOLD_FIELDS,
} from "@coherence/shared";

// `coherence thresholds [get|set TYPE FIELD VALUE]`: the argument parsing is
// separate from the database work so that usage errors need no database.

export const THRESHOLDS_USAGE = `Usage:
  coherence thresholds [get] [--json]             show the per-type thresholds
  coherence thresholds set TYPE FIELD VALUE       change one field of one type

TYPE:  ${DISSONANCE_TYPES.join(", ")}
FIELD: ${TYPE_THRESHOLD_FIELDS.join(", ")} (snake_case works too)
`;

export type ThresholdsCommand =
  | { action: "get" }
  | { action: "set"; type: TDissonanceType; field: TTypeThresholdField; value: number };

const camel = (s: string) => s.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());

/** Parses the arguments after `thresholds`; returns an error message for bad usage. */
export function parseThresholdsArgs(args: string[]): ThresholdsCommand | { error: string } {
  const [action = "get", typeArg, fieldArg, valueArg, ...rest] = args;
  if (action === "get" && args.length <= 1) return { action: "get" };
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

/** Runs a parsed thresholds command against `db`; returns the exit code. */
export async function runThresholdsCommand(opts: {
  db: Database;
  command: ThresholdsCommand;
  json?: boolean;
  out: (s: string) => void;
}): Promise<number> {
  try {
    const thresholds =
      opts.command.action === "get"
        ? await getThresholds(opts.db, { ttlMs: 0 })
        : await setThresholds(opts.db, {
            type: opts.command.type,
            values: { [opts.command.field]: opts.command.value },
          });
    if (opts.command.action === "set") {
      opts.out(
        `Set ${opts.command.type}.${opts.command.field} = ${opts.command.value}. Running workers pick it up within a few seconds.\n`,
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
