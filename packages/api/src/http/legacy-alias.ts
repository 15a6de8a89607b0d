import type { RequestHandler } from "express";

/**
 * When the unversioned aliases were deprecated (2026-12-03T00:00:00Z), as RFC 9745's
 * Deprecation header writes it: "@" and Unix seconds. No Sunset yet: they stay served
 * for at least six months after this (the versioning policy in the OpenAPI description).
 */
export const LEGACY_DEPRECATED_SINCE = "@1796256000";

/** Under /api but neither versioned, nor the docs, nor the OAuth redirects registered at providers. */
const LEGACY_ALIAS = /^\/api\/(?!v1(\/|$)|docs(\/|$)|auth\/oauth(\/|$))./;

/** True for a path served as an unversioned alias of /api/v1. */
export function isLegacyAlias(path: string): boolean {
  return LEGACY_ALIAS.test(path);
}

/**
 * Marks answers on the unversioned /api/... aliases as deprecated and names the
 * successor: the same path under /api/v1. The handlers are the same; only these two
 * headers differ.
 */
export function legacyAliasHeaders(): RequestHandler {
  return (req, res, next) => {
    if (isLegacyAlias(req.path)) {
      res.setHeader("Deprecation", LEGACY_DEPRECATED_SINCE);
      res.setHeader("Link", `</api/v1${req.path.slice(4)}>; rel="successor-version"`);
    }
    next();
  };
}

/** Other names of one REST route, relative to /api or /api/v1: the same procedure answers both. */
const ROUTE_ALIASES: { from: RegExp; to: string }[] = [
  { from: /^(\/api(?:\/v1)?)\/users\/me\/videos(?=[/?]|$)/, to: "$1/videos" },
];

/**
 * Serves each alias with its route's procedure: GET /users/me/videos is GET /videos (one
 * list, one cursor format, one error code), rewritten before anything reads the path.
 */
export function routeAliases(): RequestHandler {
  return (req, _res, next) => {
    for (const { from, to } of ROUTE_ALIASES) {
      if (from.test(req.url)) {
        req.url = req.url.replace(from, to);
        break;
      }
    }
    next();
  };
}
