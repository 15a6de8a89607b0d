// Prints the OpenAPI document to stdout: `pnpm --filter @coherence/api openapi`.
import { buildOpenApiDocument } from "./openapi";

process.stdout.write(`${JSON.stringify(buildOpenApiDocument("http://localhost:3000/api/v1"), null, 2)}\n`);
