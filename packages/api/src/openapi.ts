import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "./router";

/** The OpenAPI 3 document for the REST adapter, generated from the router's zod schemas. */
export function buildOpenApiDocument(baseUrl: string): ReturnType<typeof generateOpenApiDocument> {
  return generateOpenApiDocument(appRouter, {
    title: "Coherence API",
    description:
      "Presentation coaching that checks whether the words and the delivery agree. Every error answers `{ error, code, retryable }`.",
    version: "1.0.0",
    baseUrl,
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
  });
}
