import { ZScriptText } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZScriptChange, ZVideoScript } from "./video-script.types";

export const ZSetVideoScriptInput = z.object({ id: z.uuid(), text: ZScriptText });
export const ZSetVideoScriptOutput = ZVideoScript.extend(ZScriptChange.shape);

export const setVideoScriptMeta: OpenApiMeta = {
  openapi: {
    method: "PUT",
    path: "/videos/{id}/script",
    tags: ["videos"],
    summary: "Set or replace a video's script",
    description:
      "Plain text, at most 60,000 characters; an empty or binary script is refused and nothing is stored. " +
      "An analysed video is analysed again with it: transcription, script alignment and fusion run again, " +
      "vision is reused. 409 while the video is being analysed.",
    protect: true,
  },
};
