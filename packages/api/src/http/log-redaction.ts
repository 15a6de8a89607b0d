/** Query parameters that authorise a request on their own (signed stream URLs): never logged. */
const SECRET_QUERY_PARAMS = ["signature", "token", "code", "state"];

const pattern = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join("|")})=)[^&#]*`, "gi");

/** The URL with the values of secret query parameters replaced by "[redacted]". */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(pattern, "$1[redacted]");
}

/**
 * pino-http `req` serializer: method, URL (secrets removed), client address and user
 * agent. Headers are not logged at all: they are most of a request line's size and
 * its redaction cost, and the ones that matter (authorization, cookies) are secrets.
 */
export function redactRequest<T extends { url?: string; headers?: Record<string, unknown> }>(
  req: T,
): Omit<T, "headers" | "remotePort" | "query" | "params"> & { userAgent?: unknown } {
  const {
    headers,
    remotePort: _port,
    query: _query,
    params: _params,
    ...rest
  } = req as T & {
    remotePort?: unknown;
    query?: unknown;
    params?: unknown;
  };
  return { ...rest, url: redactUrl(req.url), ...(headers?.["user-agent"] ? { userAgent: headers["user-agent"] } : {}) };
}

/** pino-http `res` serializer: the status code; response headers are ours and add nothing. */
export function slimResponse(res: { statusCode?: number }): { statusCode?: number } {
  return { statusCode: res.statusCode };
}
