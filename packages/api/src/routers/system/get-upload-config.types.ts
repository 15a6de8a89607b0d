import { ZUploadConfig } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetUploadConfigInput = z.void();
export const ZGetUploadConfigOutput = ZUploadConfig;

export const getUploadConfigMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/config/upload",
    tags: ["system"],
    summary: "What an upload may be: size, duration, types and script limits",
    description:
      "The server's configured limits, so that a client checks a file before sending it. Read at run time: changing a limit needs no web app rebuild.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
