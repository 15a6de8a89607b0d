import type { AccountRow } from "@coherence/core";
import { z } from "zod";

/** What a user sees about their own account. Never includes the password hash. */
export const ZUserProfile = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  role: z.enum(["user", "admin"]),
  emailVerified: z.boolean().describe("False until the email address is confirmed (again, after a change)."),
  hasPassword: z.boolean().describe("False for accounts that only sign in through a provider."),
  createdAt: z.iso.datetime(),
});
export type TUserProfile = z.infer<typeof ZUserProfile>;

/** Maps an account row to the public profile. */
export function toUserProfile(row: AccountRow): TUserProfile {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role === "admin" ? "admin" : "user",
    emailVerified: row.emailVerifiedAt !== null,
    hasPassword: row.passwordHash !== null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
