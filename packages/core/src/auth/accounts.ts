import { AppError } from "@coherence/shared";
import { sql } from "kysely";
import type { Database } from "../db/kysely";
import { enqueueJob } from "../jobs";
import { DELETE_USER_DATA_TASK } from "../videos/tasks";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

export type AccountRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  emailVerifiedAt: Date | null;
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Emails are compared and stored lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === "23505";
}

/** Throws VALIDATION_FAILED naming `field` when the password breaks the policy. */
export function assertPasswordAcceptable(password: string, opts: { email?: string; field: string }): void {
  const problem = passwordProblem(password, { email: opts.email });
  if (problem) {
    throw new AppError("VALIDATION_FAILED", `Invalid input: ${opts.field}: Password ${problem}.`, {
      issues: [{ path: opts.field, message: `Password ${problem}.` }],
    });
  }
}

export const EMAIL_TAKEN = "An account with this email already exists. Sign in instead, or use another email.";

/** Creates a password account. */
export async function registerWithPassword(
  db: Database,
  opts: { email: string; password: string; name?: string },
): Promise<AccountRow> {
  const email = normalizeEmail(opts.email);
  assertPasswordAcceptable(opts.password, { email, field: "password" });
  const passwordHash = await hashPassword(opts.password);
  try {
    return await db
      .insertInto("users")
      .values({ email, name: opts.name?.trim() ?? "", passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", EMAIL_TAKEN);
    throw err;
  }
}

/**
 * Checks an email and password. Unknown email and wrong password fail alike and
 * take the same time, so the answer does not reveal which accounts exist.
 */
export async function authenticateWithPassword(
  db: Database,
  opts: { email: string; password: string },
): Promise<AccountRow> {
  const user = await db
    .selectFrom("users")
    .selectAll()
    .where(sql<string>`lower(email)`, "=", normalizeEmail(opts.email))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.passwordHash, opts.password);
  if (!user || !ok) throw new AppError("UNAUTHORIZED", "The email or password is incorrect.");
  return user;
}

/** The account, or null when it does not exist (deleted). */
export async function findAccount(db: Database, userId: string): Promise<AccountRow | null> {
  return (await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst()) ?? null;
}

/**
 * Applies a profile change. A new email clears the verified flag (the address
 * must be confirmed again); a new password needs the current one.
 */
export async function updateAccount(
  db: Database,
  opts: {
    userId: string;
    name?: string;
    email?: string;
    currentPassword?: string;
    newPassword?: string;
  },
): Promise<{ account: AccountRow; passwordChanged: boolean; emailChanged: boolean }> {
  const current = await findAccount(db, opts.userId);
  if (!current) throw new AppError("UNAUTHORIZED", "Sign in to continue: this account no longer exists.");
  const email = opts.email === undefined ? undefined : normalizeEmail(opts.email);
  const emailChanged = email !== undefined && email !== current.email;
  const sensitive = emailChanged || opts.newPassword !== undefined;
  // A stolen access token alone must not be enough to take the account over.
  if (sensitive && current.passwordHash) {
    if (!opts.currentPassword) {
      throw new AppError(
        "VALIDATION_FAILED",
        "Invalid input: currentPassword: Enter your current password to change your email or password.",
        { issues: [{ path: "currentPassword", message: "Required to change your email or password." }] },
      );
    }
    if (!(await verifyPassword(current.passwordHash, opts.currentPassword))) {
      throw new AppError("FORBIDDEN", "The current password is incorrect.");
    }
  }
  const changes: Record<string, unknown> = { updatedAt: sql`now()` };
  if (opts.name !== undefined) changes.name = opts.name.trim();
  if (emailChanged) {
    changes.email = email;
    changes.emailVerifiedAt = null;
  }
  if (opts.newPassword !== undefined) {
    assertPasswordAcceptable(opts.newPassword, { email: email ?? current.email, field: "newPassword" });
    changes.passwordHash = await hashPassword(opts.newPassword);
  }
  try {
    const account = await db
      .updateTable("users")
      .set(changes)
      .where("id", "=", opts.userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { account, passwordChanged: opts.newPassword !== undefined, emailChanged };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", EMAIL_TAKEN);
    throw err;
  }
}

/**
 * Deletes the account at once: the user row goes, and with it (ON DELETE CASCADE)
 * every video, analysis, session and linked identity, so the account can no longer
 * sign in. Stored objects are removed by a background job enqueued in the same
 * transaction. Returns false when there was nothing to delete.
 */
export async function deleteAccount(db: Database, opts: { userId: string; requestId?: string }): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom("users").where("id", "=", opts.userId).returning("id").executeTakeFirst();
    if (!deleted) return false;
    await enqueueJob(trx, {
      task: DELETE_USER_DATA_TASK,
      payload: { userId: opts.userId, ...(opts.requestId ? { requestId: opts.requestId } : {}) },
      jobKey: `${DELETE_USER_DATA_TASK}:${opts.userId}`,
      maxAttempts: 25,
    });
    return true;
  });
}

export type OAuthProfile = {
  provider: string;
  providerAccountId: string;
  email?: string | null;
  /** Only when the provider vouches for the address (OIDC `email_verified`). */
  emailVerified: boolean;
  name?: string | null;
};

/**
 * Finds or creates the user behind an OAuth/OIDC identity. An identity already
 * linked wins; otherwise an existing account is linked only through an email the
 * provider has verified. Linking to an account whose own email was never verified
 * drops that account's password and sessions, which defeats pre-registration
 * takeover (someone signing up with another person's address first).
 */
export async function signInWithOAuth(db: Database, profile: OAuthProfile): Promise<AccountRow> {
  return await db.transaction().execute(async (trx) => {
    const linked = await trx
      .selectFrom("oauthAccounts as a")
      .innerJoin("users as u", "u.id", "a.userId")
      .selectAll("u")
      .where("a.provider", "=", profile.provider)
      .where("a.providerAccountId", "=", profile.providerAccountId)
      .executeTakeFirst();
    if (linked) return linked;
    if (!profile.email) {
      throw new AppError(
        "FORBIDDEN",
        "The sign-in provider did not share an email address. Allow email access, or register with a password.",
      );
    }
    const email = normalizeEmail(profile.email);
    let user = await trx
      .selectFrom("users")
      .selectAll()
      .where(sql<string>`lower(email)`, "=", email)
      .forUpdate()
      .executeTakeFirst();
    if (user) {
      if (!profile.emailVerified) {
        throw new AppError(
          "CONFLICT",
          "An account with this email already exists. Sign in with your password; this provider did not verify the email.",
        );
      }
      if (!user.emailVerifiedAt) {
        user = await trx
          .updateTable("users")
          .set({ emailVerifiedAt: sql`now()`, passwordHash: null, updatedAt: sql`now()` })
          .where("id", "=", user.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .updateTable("refreshTokenFamilies")
          .set({ revokedAt: sql`now()`, revokedReason: "password_change" })
          .where("userId", "=", user.id)
          .where("revokedAt", "is", null)
          .execute();
      }
    } else {
      user = await trx
        .insertInto("users")
        .values({
          email,
          name: profile.name?.trim() ?? "",
          emailVerifiedAt: profile.emailVerified ? sql<Date>`now()` : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    await trx
      .insertInto("oauthAccounts")
      .values({ userId: user.id, provider: profile.provider, providerAccountId: profile.providerAccountId, email })
      .execute();
    return user;
  });
}
