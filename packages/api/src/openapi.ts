import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "./router";

type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;

const DESCRIPTION = [
  "Presentation coaching that checks whether the words and the delivery agree. Every error answers `{ error, code, retryable }`.",
  "",
  "**Versioning.** This document describes `/api/v1`, the stable contract: within v1, fields and operations are only added, never removed or changed in meaning; a breaking change gets a new prefix (`/api/v2`), and v1 keeps being served alongside it for at least six months after its deprecation is announced. " +
    "The unversioned paths (`/api/...`, such as `/api/health`) are legacy aliases of v1: same behaviour and bodies, but every answer carries `Deprecation` and a `Link` to its `/api/v1` successor (RFC 9745). New clients use `/api/v1`. " +
    "`/api/auth/oauth/*` (the OAuth redirects registered at providers) is not an alias and is not deprecated.",
].join("\n");

/**
 * trpc-to-openapi documents a DELETE's input as query parameters. The API reads it from
 * the JSON body too (http/rest.ts), and a password must not be put in a URL: the
 * document shows those inputs as the JSON body instead.
 */
function deleteInputsAsJsonBody(doc: OpenApiDocument): OpenApiDocument {
  type Parameter = { in: string; name: string; required?: boolean; schema?: unknown; description?: string };
  type Operation = { parameters?: Parameter[]; requestBody?: unknown };
  for (const methods of Object.values(doc.paths ?? {})) {
    const op = (methods as { delete?: Operation }).delete;
    const query = op?.parameters?.filter((p) => p.in === "query") ?? [];
    if (!op || query.length === 0) continue;
    op.parameters = op.parameters?.filter((p) => p.in !== "query");
    const properties = Object.fromEntries(
      query.map((p) => [p.name, { ...(p.schema as object), ...(p.description ? { description: p.description } : {}) }]),
    );
    const required = query.filter((p) => p.required).map((p) => p.name);
    op.requestBody = {
      required: required.length > 0,
      content: {
        "application/json": { schema: { type: "object", properties, ...(required.length ? { required } : {}) } },
      },
    };
  }
  return doc;
}

/** The OpenAPI 3 document for the REST adapter, generated from the router's zod schemas. */
export function buildOpenApiDocument(baseUrl: string): OpenApiDocument {
  return deleteInputsAsJsonBody(
    generateOpenApiDocument(appRouter, {
      title: "Coherence API",
      description: DESCRIPTION,
      version: "1.0.0",
      baseUrl,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    }),
  );
}
