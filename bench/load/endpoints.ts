/** One call the load test makes: discovered from the OpenAPI document, or fixed (readiness). */
export type Endpoint = { name: string; method: "GET"; path: string; authed: boolean };

type OpenApiDoc = {
  paths?: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; security?: unknown[] }>
  >;
  components?: unknown;
};

/**
 * Every GET operation in the OpenAPI document becomes a load-test call, so endpoints
 * added later join the mix without editing the bench. Path parameters are filled
 * from `ids` (`{id}`, `{videoId}` → the signed-in user's seeded video); an operation
 * with a required query parameter the bench cannot fill is skipped and reported.
 */
export function discoverGetEndpoints(
  doc: OpenApiDoc,
  basePath: string,
): { endpoints: Endpoint[]; skipped: { path: string; reason: string }[] } {
  const endpoints: Endpoint[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    const op = ops.get;
    if (!op) continue;
    const requiredQuery = (op.parameters ?? []).filter((p) => p.in === "query" && p.required);
    if (requiredQuery.length > 0) {
      skipped.push({ path, reason: `required query parameter(s) ${requiredQuery.map((p) => p.name).join(", ")}` });
      continue;
    }
    const unknownParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => !/id$/i.test(n));
    if (unknownParams.length > 0) {
      skipped.push({ path, reason: `path parameter(s) ${unknownParams.join(", ")} not known to the bench` });
      continue;
    }
    endpoints.push({
      name: `GET ${basePath}${path}`,
      method: "GET",
      path: `${basePath}${path}`,
      authed: Array.isArray(op.security) && op.security.length > 0,
    });
  }
  return { endpoints, skipped };
}

/** Fills `{id}`-style path parameters with the given id. */
export function fillPath(path: string, id: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
}
