import { AppError, BOUNDED_TIERS, type TTierBounds, ZTierBounds } from "@coherence/shared";
import type { Database } from "../db/kysely";
import { type CacheOptions, ttlCached } from "./ttl-cache";

// The score tiers' lower bounds, stored in `score_tier_bounds` beside the thresholds and the bands,
// with the same in-process cache: a change made in another process is seen one TTL later.

async function readTierBounds(db: Database): Promise<TTierBounds> {
  const rows = await db.selectFrom("scoreTierBounds").select(["tier", "minScore"]).execute();
  const byTier = new Map(rows.map((r) => [r.tier, r.minScore]));
  const missing = BOUNDED_TIERS.filter((t) => !byTier.has(t));
  if (missing.length) {
    throw new AppError(
      "INTERNAL",
      `Tier bounds are missing for ${missing.join(", ")}. Run the migrations again, or set them with "coherence thresholds set-tier".`,
    );
  }
  return ZTierBounds.parse(Object.fromEntries(BOUNDED_TIERS.map((t) => [t, byTier.get(t)])));
}

const cached = ttlCached(readTierBounds);

/** The lowest score of each tier. A cached copy younger than `ttlMs` (default THRESHOLDS_CACHE_TTL_MS) is reused. */
export function getTierBounds(db: Database, opts: CacheOptions = {}): Promise<TTierBounds> {
  return cached.get(db, opts);
}

/** Forgets the cached tier bounds of `db`. */
export function invalidateTierBoundsCache(db: Database): void {
  cached.invalidate(db);
}

/** Sets one tier's lowest score, keeping the tiers in order, and returns all bounds as now stored. */
export async function setTierBound(
  db: Database,
  opts: { tier: (typeof BOUNDED_TIERS)[number]; min: number; updatedBy?: string | null },
): Promise<TTierBounds> {
  const parsed = ZTierBounds.safeParse({ ...(await readTierBounds(db)), [opts.tier]: opts.min });
  if (!parsed.success) {
    throw new AppError(
      "VALIDATION_FAILED",
      `A ${opts.tier} bound of ${opts.min} is not allowed: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  }
  await db
    .updateTable("scoreTierBounds")
    .set({ minScore: opts.min, updatedAt: new Date(), updatedBy: opts.updatedBy ?? null })
    .where("tier", "=", opts.tier)
    .execute();
  invalidateTierBoundsCache(db);
  return await getTierBounds(db);
}
