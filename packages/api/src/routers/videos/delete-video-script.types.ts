import { ZVideoIdInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZScriptChange } from "./video-script.types";

export const ZDeleteVideoScriptInput = ZVideoIdInput;
export const ZDeleteVideoScriptOutput = ZScriptChange.extend({ videoId: z.uuid(), deleted: z.literal(true) });

export const deleteVideoScriptMeta: OpenApiMeta = {
  openapi: {
    method: "DELETE",
    path: "/videos/{id}/script",
    tags: ["videos"],
    summary: "Remove a video's script",
    description:
      "An analysed video is analysed again without it (vision is reused). 404 when the video has no script; " +
      "409 while the video is being analysed.",
    protect: true,
  },
};
