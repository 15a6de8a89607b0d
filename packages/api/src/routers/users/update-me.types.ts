import { ZNameInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZUserProfile } from "../../auth/profile";
import { ZNewPassword, ZPasswordInput } from "../auth/password.types";

export const ZUpdateMeInput = z
  .object({
    name: ZNameInput.optional(),
    email: z.email("Enter a valid email address.").max(254).optional(),
    currentPassword: ZPasswordInput.optional(),
    newPassword: ZNewPassword.optional(),
  })
  .refine((v) => v.name !== undefined || v.email !== undefined || v.newPassword !== undefined, {
    message: "Send at least one of name, email or newPassword.",
    path: ["name"],
  });

export const ZUpdateMeOutput = z.object({
  user: ZUserProfile,
  emailVerificationRequired: z
    .boolean()
    .describe("True when the email changed: the new address must be confirmed before it counts as verified."),
  otherSessionsSignedOut: z.number().int().describe("Sessions ended because the password changed."),
});

export const updateMeMeta: OpenApiMeta = {
  openapi: {
    method: "PUT",
    path: "/users/me",
    tags: ["users"],
    summary: "Change your name, email or password",
    description:
      "Changing the email or the password requires `currentPassword` (for accounts that have one). A new email must be verified again. A new password signs out every other session.",
    protect: true,
  },
};
