import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZUserProfile } from "../../auth/profile";

export const ZMeInput = z.void();
export const ZMeOutput = z.object({
  user: ZUserProfile,
  authenticatedBy: z.enum(["bearer", "cookie"]),
});

export const meMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/auth/me",
    tags: ["auth"],
    summary: "Who the current access token belongs to",
    protect: true,
  },
};
