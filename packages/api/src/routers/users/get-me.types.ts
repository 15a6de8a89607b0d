import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZUserProfile } from "../../auth/profile";

export const ZGetMeInput = z.void();
export const ZGetMeOutput = ZUserProfile;

export const getMeMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/users/me",
    tags: ["users"],
    summary: "Your profile",
    protect: true,
  },
};
