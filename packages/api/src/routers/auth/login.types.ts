import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZAuthSession, ZClientMode, ZEmailInput } from "./session.types";

export const ZLoginInput = z.object({
  email: ZEmailInput,
  password: z.string().min(1, "Enter your password.").max(1024, "Password is too long."),
  mode: ZClientMode,
});
export const ZLoginOutput = ZAuthSession;

export const loginMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/auth/login",
    tags: ["auth"],
    summary: "Sign in with email and password",
    description: "Rate-limited per IP address and per email address against password guessing.",
  },
};
