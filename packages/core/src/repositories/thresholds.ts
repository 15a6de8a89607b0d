import {
  AppError,
  DISSONANCE_TYPES,
  type TDissonanceType,
  type TMetricBand,
  type TMetricBands,
  type TThresholds,
  type TTypeThreshold,
  ZMetricBand,
  ZMetricBands,
  ZThresholds,
  ZTypeThreshold,
} from "@coherence/shared";
import type { Database } from "../db/kysely";
import { type CacheOptions, ttlCached } from "./ttl-cache";

export { THRESHOLDS_CACHE_TTL_MS } from "./ttl-cache";

// Read through a per-database cache (ttl-cache.ts): a change made in another process is seen at the
// latest one TTL later, with no redeploy and no restart.

async function readThresholds(db: Database): Promise<TThresholds> {
  const rows = await db.selectFrom("dissonanceThresholds").selectAll().execute();
  const byType = new Map(rows.map((r) => [r.type, r]));
  const missing = DISSONANCE_TYPES.filter((t) => !byType.has(t));
  if (missing.length) {
    throw new AppError(
      "INTERNAL",
      `Thresholds are missing for ${missing.join(", ")}. Run the migrations again, or set them with "coherence thresholds set".`,
    );
  }
  return ZThresholds.parse(
    Object.fromEntries(
      DISSONANCE_TYPES.map((type) => {
        const r = byType.get(type)!;
        return [
          type,
          {
            minConfidence: r.minConfidence,
            minSeverity: r.minSeverity,
            mergeGapSeconds: r.mergeGapSeconds,
            minDurationSeconds: r.minDurationSeconds,
            spikeSeconds: r.spikeSeconds,
            spikeConfidence: r.spikeConfidence,
            weight: r.weight,
          } satisfies TTypeThreshold,
        ];
      }),
    ),
  );
}

const thresholdsCache = ttlCached(readThresholds);

/**
 * The per-type thresholds from `dissonance_thresholds`. A cached copy younger
 * than `ttlMs` (default THRESHOLDS_CACHE_TTL_MS) is reused; `ttlMs: 0` always reads.
 */
export function getThresholds(db: Database, opts: CacheOptions = {}): Promise<TThresholds> {
  return thresholdsCache.get(db, opts);
}

/** Forgets the cached thresholds of `db`; the next read goes to the database. */
export function invalidateThresholdsCache(db: Database): void {
  thresholdsCache.invalidate(db);
}

/**
 * Changes some fields of one type's thresholds, validating the result, and
 * returns the full set as now stored. Clears this process's cache.
 */
export async function setThresholds(
  db: Database,
  opts: { type: TDissonanceType; values: Partial<TTypeThreshold>; updatedBy?: string | null },
): Promise<TThresholds> {
  const current = await readThresholds(db);
  const parsed = ZTypeThreshold.safeParse({ ...current[opts.type], ...opts.values });
  if (!parsed.success) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Those ${opts.type} thresholds are out of range: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.`,
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    );
  }
  await db
    .updateTable("dissonanceThresholds")
    .set({ ...parsed.data, updatedAt: new Date(), updatedBy: opts.updatedBy ?? null })
    .where("type", "=", opts.type)
    .execute();
  invalidateThresholdsCache(db);
  return await getThresholds(db);
}

async function readMetricBands(db: Database): Promise<TMetricBands> {
  const rows = await db.selectFrom("metricBands").selectAll().orderBy("name").execute();
  return ZMetricBands.parse(
    Object.fromEntries(
      rows.map((r) => [r.name, { good: [r.goodLow, r.goodHigh], fair: [r.fairLow, r.fairHigh] } satisfies TMetricBand]),
    ),
  );
}

const bandsCache = ttlCached(readMetricBands);

/**
 * The delivery-metric bands from `metric_bands`, by metric name, with the same
 * in-process cache as the thresholds. Pass them to fusion as `bands`.
 */
export function getMetricBands(db: Database, opts: CacheOptions = {}): Promise<TMetricBands> {
  return bandsCache.get(db, opts);
}

/** Forgets the cached metric bands of `db`. */
export function invalidateMetricBandsCache(db: Database): void {
  bandsCache.invalidate(db);
}

/**
 * Sets the good and/or fair range of one metric's band (creating the band for a
 * metric that has none yet) and returns all bands as now stored.
 */
export async function setMetricBand(
  db: Database,
  opts: { name: string; band: Partial<TMetricBand>; updatedBy?: string | null },
): Promise<TMetricBands> {
  const current = (await readMetricBands(db))[opts.name];
  if (!current && (!opts.band.good || !opts.band.fair)) {
    throw new AppError("VALIDATION_FAILED", `"${opts.name}" has no band yet: give both its good and its fair range.`);
  }
  const parsed = ZMetricBand.safeParse({ ...current, ...opts.band });
  if (!parsed.success || !/^[A-Za-z][A-Za-z0-9]*$/.test(opts.name)) {
    throw new AppError(
      "VALIDATION_FAILED",
      parsed.success
        ? `"${opts.name}" is not a metric name: use the camelCase name shown in the results.`
        : `That band for ${opts.name} is invalid: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  }
  const { good, fair } = parsed.data;
  const row = { goodLow: good[0], goodHigh: good[1], fairLow: fair[0], fairHigh: fair[1] };
  await db
    .insertInto("metricBands")
    .values({ name: opts.name, ...row, updatedBy: opts.updatedBy ?? null })
    .onConflict((oc) =>
      oc.column("name").doUpdateSet({ ...row, updatedAt: new Date(), updatedBy: opts.updatedBy ?? null }),
    )
    .execute();
  invalidateMetricBandsCache(db);
  return await getMetricBands(db);
}
