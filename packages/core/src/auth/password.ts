import { readFileSync } from "node:fs";
import { hash, verify } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set(
  readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8")
    .split("\n")
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l.length > 0 && !l.startsWith("#")),
);

/**
 * Why a password is not acceptable, or null when it is. Length is counted in
 * characters (code points) so that non-ASCII passphrases are not penalised.
 */
export function passwordProblem(password: string, opts: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "is too common; choose a less guessable password (a few unrelated words work well)";
  if (new Set(lower).size <= 2) return "is too repetitive; choose a less guessable password";
  const email = opts.email?.toLowerCase();
  if (email && (lower === email || lower === email.split("@")[0])) return "must not be your email address";
  return null;
}

/** Hashes with argon2id (the library's defaults match OWASP's minimum: m=19 MiB, t=2, p=1). */
export async function hashPassword(password: string): Promise<string> {
  return await hash(password);
}

// Verified against when the account does not exist, so that a login for an unknown
// email costs the same time as one for a known email (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; with no hash it still spends the time and returns false. */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash("not-a-real-password-just-for-timing");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
