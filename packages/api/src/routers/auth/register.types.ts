import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZNewPassword } from "../users/update-me.types";
import { ZAuthSession, ZClientMode, ZEmailInput } from "./session.types";

export const ZRegisterInput = z.object({
  email: ZEmailInput,
  password: ZNewPassword,
  name: z.string().trim().max(100, "Name must be at most 100 characters.").optional(),
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
  },
};
