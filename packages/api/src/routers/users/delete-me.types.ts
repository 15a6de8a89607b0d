import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZPasswordInput } from "../auth/password.types";

/** How recent a provider sign-in must be to delete an account that has no password. */
export const RECENT_SIGN_IN_SECONDS = 5 * 60;

export const ZDeleteMeInput = z
  .object({
    password: ZPasswordInput.optional().describe(
      "Your password, to confirm. Accounts without one (provider sign-in only) omit it: they must have signed in within the last 5 minutes.",
    ),
  })
  .default({});
export const ZDeleteMeOutput = z.object({ deleted: z.literal(true) });

export const deleteMeMeta: OpenApiMeta = {
  openapi: {
    method: "DELETE",
    path: "/users/me",
    tags: ["users"],
    summary: "Delete your account and everything in it",
    description:
      'Needs your password in the JSON body (`{"password": "…"}`), or, for an account that signs in only through a provider, a sign-in within the last 5 minutes: a stolen access token alone cannot delete an account. ' +
      "Returns at once. The account, its videos and analyses are gone immediately and it can no longer sign in; stored files are removed by a background job shortly after.",
    protect: true,
  },
};
