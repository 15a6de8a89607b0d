import { ZPipelineStage, ZVideoStatus } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZListMyVideosInput = z.object({
  cursor: z.string().min(1).max(200).optional().describe("`nextCursor` from the previous page."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZMyVideo = z.object({
  id: z.uuid(),
  title: z.string(),
  originalFilename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  durationSeconds: z.number().nullable(),
  status: ZVideoStatus,
  stage: z.union([ZPipelineStage, z.string()]),
  progress: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const ZListMyVideosOutput = z.object({
  items: z.array(ZMyVideo),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});

export const listMyVideosMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/users/me/videos",
    tags: ["users"],
    summary: "Your videos, newest first",
    description: "Cursor-paginated: follow `nextCursor` until it is null.",
    protect: true,
  },
};
