import { findAccount } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { toUserProfile } from "../../auth/profile";
import { authedProcedure } from "../../trpc/procedures";
import { meMeta, ZMeInput, ZMeOutput } from "./me.types";

/** The signed-in user and how the request proved it. */
export const meRoute = authedProcedure
  .meta(meMeta)
  .input(ZMeInput)
  .output(ZMeOutput)
  .query(async ({ ctx }) => {
    const account = await findAccount(ctx.deps.db, ctx.user.id);
    if (!account) throw new AppError("UNAUTHORIZED", "Sign in to continue: this account no longer exists.");
    return { user: toUserProfile(account), authenticatedBy: ctx.authVia ?? "bearer" };
  });
