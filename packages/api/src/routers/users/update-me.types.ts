import { PASSWORD_MAX_LENGTH, passwordProblem } from "@coherence/core";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZUserProfile } from "./profile";

export const ZNewPassword = z
  .string()
  .max(PASSWORD_MAX_LENGTH * 4, `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `Password ${problem}.` });
  });

export const ZUpdateMeInput = z
  .object({
    name: z.string().trim().max(100, "Name must be at most 100 characters.").optional(),
    email: z.email("Enter a valid email address.").max(254).optional(),
    currentPassword: z.string().min(1).max(1024).optional(),
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
