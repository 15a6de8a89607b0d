import { ZVideoIdInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZVideoScript } from "./video-script.types";

export const ZGetVideoScriptInput = ZVideoIdInput;
export const ZGetVideoScriptOutput = ZVideoScript;

export const getVideoScriptMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/videos/{id}/script",
    tags: ["videos"],
    summary: "A video's script",
    description: "The presenter's script as stored (trimmed). 404 when the video has none.",
    protect: true,
  },
};
