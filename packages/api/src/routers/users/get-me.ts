import { findAccount } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { toUserProfile } from "../../auth/profile";
import { authedProcedure } from "../../trpc/procedures";
import { getMeMeta, ZGetMeInput, ZGetMeOutput } from "./get-me.types";

/** The signed-in user's profile. */
export const getMeRoute = authedProcedure
  .meta(getMeMeta)
  .input(ZGetMeInput)
  .output(ZGetMeOutput)
  .query(async ({ ctx }) => {
    const account = await findAccount(ctx.deps.db, ctx.user.id);
    if (!account) throw new AppError("UNAUTHORIZED", "Sign in to continue: this account no longer exists.");
    return toUserProfile(account);
  });
