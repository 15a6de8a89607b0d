import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZPasswordInput } from "./password.types";
import { ZAuthSession, ZClientMode, ZEmailInput } from "./session.types";

export const ZLoginInput = z.object({
  email: ZEmailInput,
  password: ZPasswordInput,
  mode: ZClientMode,
});
export const ZLoginOutput = ZAuthSession;

export const loginMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/auth/login",
    tags: ["auth"],
    summary: "Sign in with email and password",
    description:
      "Public. Rate-limited per IP address. Wrong passwords from one client on one account meet increasing delays (429 with Retry-After); they never delay the owner signing in from elsewhere.",
    protect: false,
  },
};
