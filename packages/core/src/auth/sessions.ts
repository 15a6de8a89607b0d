import { AppError } from "@coherence/shared";
import { sql } from "kysely";
import type { Database } from "../db/kysely";
import type { Logger } from "../logger";
import { signAccessToken } from "./access-token";
import { hashToken, randomToken } from "./tokens";

export type ClientMode = "cookie" | "bearer";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** One refresh token lives this long unless rotated first. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
/** A family (one sign-in) ends after this, however often it was refreshed. */
export const REFRESH_FAMILY_TTL_SECONDS = 90 * 24 * 3600;

export type IssuedSession = {
  userId: string;
  familyId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
};

const INVALID_REFRESH = "Your session has expired or was signed out. Sign in again.";

async function mintAccessToken(opts: { userId: string; role: string; secret: string; familyId: string }) {
  const accessToken = await signAccessToken(
    { userId: opts.userId, role: opts.role === "admin" ? "admin" : "user", sessionId: opts.familyId },
    { secret: opts.secret, ttlSeconds: ACCESS_TOKEN_TTL_SECONDS },
  );
  return { accessToken, accessTokenExpiresAt: new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000) };
}

/** Starts a new refresh family for a user who just proved who they are, and mints the first token pair. */
export async function startSession(
  db: Database,
  opts: { userId: string; role: string; mode: ClientMode; secret: string },
): Promise<IssuedSession> {
  const refreshToken = randomToken();
  const refreshTokenExpiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
  const familyId = await db.transaction().execute(async (trx) => {
    const family = await trx
      .insertInto("refreshTokenFamilies")
      .values({
        userId: opts.userId,
        clientMode: opts.mode,
        expiresAt: new Date(Date.now() + REFRESH_FAMILY_TTL_SECONDS * 1000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("refreshTokens")
      .values({ familyId: family.id, tokenHash: hashToken(refreshToken), expiresAt: refreshTokenExpiresAt })
      .execute();
    return family.id;
  });
  return {
    userId: opts.userId,
    familyId,
    refreshToken,
    refreshTokenExpiresAt,
    ...(await mintAccessToken({ ...opts, familyId })),
  };
}

type RotateOutcome =
  | { kind: "ok"; session: IssuedSession; mode: ClientMode }
  | { kind: "reuse"; familyId: string; userId: string }
  | { kind: "invalid" };

/**
 * Exchanges a refresh token for a new pair (rotation). The presented token is
 * locked, so of two concurrent refreshes with one token only one succeeds; the
 * other counts as reuse. Presenting a token that was already rotated revokes the
 * whole family (OWASP refresh-token reuse detection): whoever holds any token of
 * that family, legitimate client or thief, must sign in again.
 */
export async function rotateRefreshToken(
  db: Database,
  opts: { refreshToken: string; secret: string; logger?: Logger },
): Promise<{ session: IssuedSession; mode: ClientMode }> {
  const outcome = await db.transaction().execute(async (trx): Promise<RotateOutcome> => {
    const row = await trx
      .selectFrom("refreshTokens as t")
      .innerJoin("refreshTokenFamilies as f", "f.id", "t.familyId")
      .innerJoin("users as u", "u.id", "f.userId")
      .select([
        "t.id",
        "t.familyId",
        "t.rotatedAt",
        "t.expiresAt",
        "f.revokedAt",
        "f.expiresAt as familyExpiresAt",
        "f.clientMode",
        "f.userId",
        "u.role",
      ])
      .where("t.tokenHash", "=", hashToken(opts.refreshToken))
      .forUpdate("t")
      .executeTakeFirst();
    if (!row || row.revokedAt) return { kind: "invalid" };
    if (row.rotatedAt) {
      await trx
        .updateTable("refreshTokenFamilies")
        .set({ revokedAt: sql`now()`, revokedReason: "reuse" })
        .where("id", "=", row.familyId)
        .execute();
      return { kind: "reuse", familyId: row.familyId, userId: row.userId };
    }
    const now = Date.now();
    if (new Date(row.expiresAt).getTime() <= now || new Date(row.familyExpiresAt).getTime() <= now) {
      return { kind: "invalid" };
    }
    await trx.updateTable("refreshTokens").set({ rotatedAt: sql`now()` }).where("id", "=", row.id).execute();
    const refreshToken = randomToken();
    const refreshTokenExpiresAt = new Date(
      Math.min(now + REFRESH_TOKEN_TTL_SECONDS * 1000, new Date(row.familyExpiresAt).getTime()),
    );
    await trx
      .insertInto("refreshTokens")
      .values({ familyId: row.familyId, tokenHash: hashToken(refreshToken), expiresAt: refreshTokenExpiresAt })
      .execute();
    const mode: ClientMode = row.clientMode === "cookie" ? "cookie" : "bearer";
    return {
      kind: "ok",
      mode,
      session: {
        userId: row.userId,
        familyId: row.familyId,
        refreshToken,
        refreshTokenExpiresAt,
        ...(await mintAccessToken({
          userId: row.userId,
          role: row.role,
          secret: opts.secret,
          familyId: row.familyId,
        })),
      },
    };
  });
  if (outcome.kind === "reuse") {
    opts.logger?.warn(
      { userId: outcome.userId, familyId: outcome.familyId },
      "refresh token reuse detected: family revoked",
    );
  }
  if (outcome.kind !== "ok") throw new AppError("UNAUTHORIZED", INVALID_REFRESH);
  return { session: outcome.session, mode: outcome.mode };
}

/**
 * The family and user a refresh token belongs to, without rotating it (logout,
 * CSRF binding). `active` is false once the token was rotated or its family revoked or expired.
 */
export async function findRefreshFamily(
  db: Database,
  refreshToken: string,
): Promise<{ familyId: string; userId: string; active: boolean } | null> {
  const row = await db
    .selectFrom("refreshTokens as t")
    .innerJoin("refreshTokenFamilies as f", "f.id", "t.familyId")
    .select(["t.familyId", "f.userId", "t.rotatedAt", "t.expiresAt", "f.revokedAt", "f.expiresAt as familyExpiresAt"])
    .where("t.tokenHash", "=", hashToken(refreshToken))
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const active =
    !row.rotatedAt &&
    !row.revokedAt &&
    new Date(row.expiresAt).getTime() > now &&
    new Date(row.familyExpiresAt).getTime() > now;
  return { familyId: row.familyId, userId: row.userId, active };
}

/** When the sign-in behind a live refresh family happened, or null (unknown, revoked, or another user's). */
export async function findSessionStart(db: Database, opts: { familyId: string; userId: string }): Promise<Date | null> {
  const row = await db
    .selectFrom("refreshTokenFamilies")
    .select("createdAt")
    .where("id", "=", opts.familyId)
    .where("userId", "=", opts.userId)
    .where("revokedAt", "is", null)
    .executeTakeFirst();
  return row ? new Date(row.createdAt) : null;
}

/** Revokes one family (logout), only if it belongs to `userId` when that is given. Idempotent. */
export async function revokeFamily(
  db: Database,
  opts: { familyId: string; userId?: string; reason: "logout" | "reuse" | "password_change" },
): Promise<void> {
  let q = db
    .updateTable("refreshTokenFamilies")
    .set({ revokedAt: sql`now()`, revokedReason: opts.reason })
    .where("id", "=", opts.familyId)
    .where("revokedAt", "is", null);
  if (opts.userId) q = q.where("userId", "=", opts.userId);
  await q.execute();
}

/** Revokes every family of a user except `keepFamilyId` (after a password change). Returns how many. */
export async function revokeUserFamilies(
  db: Database,
  opts: { userId: string; reason: "password_change"; keepFamilyId?: string },
): Promise<number> {
  let q = db
    .updateTable("refreshTokenFamilies")
    .set({ revokedAt: sql`now()`, revokedReason: opts.reason })
    .where("userId", "=", opts.userId)
    .where("revokedAt", "is", null);
  if (opts.keepFamilyId) q = q.where("id", "!=", opts.keepFamilyId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
