import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZDeleteMeInput = z.void();
export const ZDeleteMeOutput = z.object({ deleted: z.literal(true) });

export const deleteMeMeta: OpenApiMeta = {
  openapi: {
    method: "DELETE",
    path: "/users/me",
    tags: ["users"],
    summary: "Delete your account and everything in it",
    description:
      "Returns at once. The account, its videos and analyses are gone immediately and it can no longer sign in; stored files are removed by a background job shortly after.",
    protect: true,
  },
};
