import { ZListVideosInput, ZListVideosOutput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export { ZListVideosInput, ZListVideosOutput };

export const listVideosMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/videos",
    tags: ["videos"],
    summary: "List your videos, newest first",
    description:
      "Cursor pagination: pass the previous page's nextCursor as cursor. Filter by status. " +
      "Also served at GET /users/me/videos (the same route under another name).",
    protect: true,
  },
};
