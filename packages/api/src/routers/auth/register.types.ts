import { ZNameInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZNewPassword } from "./password.types";
import { ZAuthSession, ZClientMode, ZEmailInput } from "./session.types";

export const ZRegisterInput = z.object({
  email: ZEmailInput,
  password: ZNewPassword,
  name: ZNameInput.optional(),
  mode: ZClientMode,
});
export const ZRegisterOutput = ZAuthSession;

export const registerMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/auth/register",
    tags: ["auth"],
    summary: "Create an account with email and password, and sign in",
    description:
      "Passwords need at least 10 characters and must not be a commonly used one. Rate-limited per IP address.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
