/** Query parameters that authorise a request on their own (signed stream URLs): never logged. */
const SECRET_QUERY_PARAMS = ["signature", "token", "code", "state"];

const pattern = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join("|")})=)[^&#]*`, "gi");

/** The URL with the values of secret query parameters replaced by "[redacted]". */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(pattern, "$1[redacted]");
}

/** pino-http `req` serializer: the standard fields, with secrets removed from the URL. */
export function redactRequest<T extends { url?: string }>(req: T): T {
  return { ...req, url: redactUrl(req.url) };
}
