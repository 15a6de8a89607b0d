import { MAX_TITLE_LENGTH } from "@coherence/shared";
import type { buildOpenApiDocument } from "../../openapi";

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

const errorBody = {
  description: "The standard error body",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error", "code", "retryable"],
        properties: { error: { type: "string" }, code: { type: "string" }, retryable: { type: "boolean" } },
      },
    },
  },
} as const;

/**
 * Documents the two raw-byte Express routes (streamed upload, video stream),
 * which the REST adapter cannot describe because they are not tRPC procedures.
 */
export function withRawVideoRoutes(doc: OpenApiDocument): OpenApiDocument {
  const paths = { ...(doc.paths ?? {}) } as Record<string, unknown>;
  paths["/videos/upload"] = {
    post: {
      tags: ["videos"],
      summary: "Upload a video (streamed through the API)",
      description:
        'multipart/form-data with the video in field "file" and an optional "title". Streamed in constant memory; ' +
        "checked by magic bytes and ffprobe (a video and an audio stream, duration within limits); then queued " +
        "for analysis, or linked to an earlier analysis of the same content. A refused upload leaves nothing behind.",
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: {
              type: "object",
              required: ["file"],
              properties: {
                file: { type: "string", format: "binary" },
                title: { type: "string", maxLength: MAX_TITLE_LENGTH, description: "No control characters." },
              },
            },
          },
        },
      },
      responses: {
        "201": { description: "Registered: { video, reusedAnalysis }" },
        "400": errorBody,
        "401": errorBody,
        "413": errorBody,
        "415": errorBody,
        "422": errorBody,
      },
    },
  };
  paths["/videos/{id}/stream"] = {
    get: {
      tags: ["videos"],
      summary: "Stream a video",
      description:
        "Local storage: the bytes, with HTTP Range (206 + Content-Range; 416 when unsatisfiable). S3: a 302 to a " +
        "short-lived presigned GET. Authorise with a Bearer token, or with ?expires=&signature= from /videos/{id}/stream-url.",
      security: [{ bearerAuth: [] }, {}],
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
        { name: "expires", in: "query", required: false, schema: { type: "integer" } },
        { name: "signature", in: "query", required: false, schema: { type: "string" } },
        { name: "Range", in: "header", required: false, schema: { type: "string", example: "bytes=0-1048575" } },
      ],
      responses: {
        "200": {
          description: "The whole file",
          content: { "video/*": { schema: { type: "string", format: "binary" } } },
        },
        "206": { description: "The requested range" },
        "302": { description: "Redirect to a presigned storage URL (S3)" },
        "401": errorBody,
        "403": errorBody,
        "404": errorBody,
        "416": errorBody,
      },
    },
  };
  return { ...doc, paths: paths as OpenApiDocument["paths"] };
}
