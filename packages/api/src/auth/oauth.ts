import { ExpressAuth, type ExpressAuthConfig, getSession } from "@auth/express";
import GitHub from "@auth/express/providers/github";
import Google from "@auth/express/providers/google";
import { consumeRateLimit, deriveKey, findAccount, signInWithOAuth } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { type Request, type RequestHandler, type Response, Router } from "express";
import type { AppDeps } from "../deps";
import { issueSession } from "./issue-session";

/** Where Auth.js is mounted. Provider callback URLs are `${PUBLIC_API_URL}${OAUTH_BASE_PATH}/callback/<id>`. */
export const OAUTH_BASE_PATH = "/api/auth/oauth";

type Provider = NonNullable<ExpressAuthConfig["providers"]>[number];

/** The providers the configuration enables (each needs its id and secret; OIDC also its issuer). */
export function configuredProviders(deps: AppDeps): Provider[] {
  const c = deps.config;
  const providers: Provider[] = [];
  if (c.AUTH_GITHUB_ID && c.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: c.AUTH_GITHUB_ID, clientSecret: c.AUTH_GITHUB_SECRET }));
  }
  if (c.AUTH_GOOGLE_ID && c.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: c.AUTH_GOOGLE_ID, clientSecret: c.AUTH_GOOGLE_SECRET }));
  }
  if (c.AUTH_OIDC_ISSUER && c.AUTH_OIDC_ID && c.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: c.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: c.AUTH_OIDC_ISSUER,
      clientId: c.AUTH_OIDC_ID,
      clientSecret: c.AUTH_OIDC_SECRET,
      checks: ["pkce", "state", "nonce"],
    });
  }
  return providers;
}

// Only Google and OIDC issuers state whether they verified the address; GitHub's
// profile does not, so a GitHub email never links to an existing account by itself.
function emailVerified(provider: string, profile: Record<string, unknown> | undefined): boolean {
  if (provider === "github") return false;
  return profile?.email_verified === true || profile?.email_verified === "true";
}

function frontendUrl(deps: AppDeps, path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, deps.config.FRONTEND_URL);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** The Auth.js configuration: no adapter; its short-lived JWT session only bridges to ours. */
export function authJsConfig(deps: AppDeps): ExpressAuthConfig {
  return {
    providers: configuredProviders(deps),
    secret: deriveKey(deps.authSecret, "authjs"),
    basePath: OAUTH_BASE_PATH,
    // The host comes from the request; the API runs behind a proxy it trusts (see app.ts).
    trustHost: true,
    useSecureCookies: deps.config.isProduction,
    session: { strategy: "jwt", maxAge: 5 * 60 },
    // Failures (the user cancelled at the provider, an expired form, a provider error) come to
    // our own step, which sends the browser to the web app's sign-in page with a readable reason,
    // instead of Auth.js's own pages on the API's origin.
    pages: { signIn: `${OAUTH_BASE_PATH}/failed`, error: `${OAUTH_BASE_PATH}/failed` },
    logger: {
      error: (error) => deps.logger.warn({ err: error }, "Auth.js error"),
      warn: (code) => deps.logger.debug({ code }, "Auth.js warning"),
      debug: () => {},
    },
    callbacks: {
      // Links the identity to a user (or creates one). Refusals go back to the web app with a reason.
      async signIn({ account, profile, user }) {
        if (!account) return false;
        try {
          await signInWithOAuth(deps.db, {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: (profile?.email as string | undefined) ?? user.email,
            emailVerified: emailVerified(account.provider, profile as Record<string, unknown> | undefined),
            name: (profile?.name as string | undefined) ?? user.name,
          });
          return true;
        } catch (err) {
          if (err instanceof AppError) return frontendUrl(deps, "/signin", { error: err.message });
          throw err;
        }
      },
      async jwt({ token, account }) {
        if (account) {
          const linked = await deps.db
            .selectFrom("oauthAccounts")
            .select("userId")
            .where("provider", "=", account.provider)
            .where("providerAccountId", "=", account.providerAccountId)
            .executeTakeFirst();
          token.coherenceUserId = linked?.userId;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, coherenceUserId: token.coherenceUserId };
      },
      // Auth.js may only send the browser to our own completion step or to the web app
      // (refusals from signIn above); anything else would be an open redirect.
      async redirect({ url, baseUrl }) {
        if (url.startsWith(`${baseUrl}/`)) return url;
        if (url.startsWith(`${new URL(deps.config.FRONTEND_URL).origin}/`)) return url;
        return `${baseUrl}${OAUTH_BASE_PATH}/complete`;
      },
    },
  };
}

/** What the web app shows for each Auth.js error type (Auth.js passes only these to the client). */
const FAILURE_MESSAGES: Record<string, string> = {
  OAuthCallbackError: "Sign-in was cancelled or refused at the provider. Try again, or use your email and password.",
  AccessDenied: "This account may not sign in here. Try another way to sign in.",
  MissingCSRF: "The sign-in form had expired. Please try again.",
  OAuthAccountNotLinked: "This email is already used by another sign-in method. Sign in that way instead.",
};
const DEFAULT_FAILURE = "Sign-in with this provider didn't work. Please try again.";

/**
 * Per-IP budget for the steps that make the API call the provider (sign-in start and
 * callback: two per sign-in), so they cannot be used to hammer a provider through us.
 */
function oauthRateLimit(deps: AppDeps): RequestHandler {
  return async (req, _res, next) => {
    try {
      const result = await consumeRateLimit(deps.db, {
        bucket: "oauth:ip",
        subject: req.ip ?? "unknown",
        points: deps.config.RATE_LIMIT_AUTH_MAX * 2,
        windowSeconds: 15 * 60,
      });
      if (result.allowed) return next();
      next(
        new AppError("RATE_LIMITED", `Too many sign-in attempts. Try again in ${result.retryAfterSeconds} seconds.`, {
          headers: { "Retry-After": String(result.retryAfterSeconds) },
        }),
      );
    } catch (err) {
      next(err);
    }
  };
}

/**
 * OAuth/OIDC sign-in through Auth.js, mounted at /api/auth/oauth:
 * - `GET  /providers`, `GET /csrf`, `POST /signin/<provider>` (form post with csrfToken and
 *   callbackUrl `<api>/api/auth/oauth/complete`), `GET /callback/<provider>`: Auth.js.
 * - `GET /failed`: where Auth.js reports a failure; sends the browser to the web app's
 *   /signin with a message the user can act on.
 * - `GET /complete`: exchanges Auth.js's short session for ours (the same cookies and CSRF
 *   token as a password sign-in in cookie mode), ends the Auth.js session and sends the
 *   browser to the web app.
 */
export function oauthRoutes(deps: AppDeps): Router {
  const config = authJsConfig(deps);
  const router = Router();
  router.get("/failed", (req: Request, res: Response) => {
    const type = typeof req.query.error === "string" ? req.query.error : undefined;
    // Without a type this is Auth.js's own sign-in page, which the web app replaces.
    const params: Record<string, string> = type ? { error: FAILURE_MESSAGES[type] ?? DEFAULT_FAILURE } : {};
    res.redirect(303, frontendUrl(deps, "/signin", params));
  });
  router.get("/complete", async (req: Request, res: Response, next) => {
    try {
      const session = (await getSession(req, config)) as { coherenceUserId?: string } | null;
      const account = session?.coherenceUserId ? await findAccount(deps.db, session.coherenceUserId) : null;
      for (const name of ["authjs.session-token", "__Secure-authjs.session-token"]) {
        res.clearCookie(name, { path: "/", secure: name.startsWith("__Secure"), httpOnly: true, sameSite: "lax" });
      }
      if (!account) {
        res.redirect(303, frontendUrl(deps, "/signin", { error: "Sign-in did not complete. Please try again." }));
        return;
      }
      await issueSession({ deps, res, account, mode: "cookie" });
      (req as Request & { log?: AppDeps["logger"] }).log?.info({ userId: account.id }, "signed in through OAuth");
      res.redirect(303, frontendUrl(deps, "/"));
    } catch (err) {
      next(err);
    }
  });
  // With no provider configured there is nothing to sign in with: fall through to the 404.
  if ((config.providers ?? []).length > 0) {
    router.use(["/signin", "/callback"], oauthRateLimit(deps));
    router.use(ExpressAuth(config));
  }
  return router;
}
