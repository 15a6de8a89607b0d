import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

// A real OpenID provider (oidc-provider) on loopback, with its development login and
// consent pages: used by the API's OAuth integration test and by the web app's
// browser test of the OAuth buttons. Nothing in the protocol is mocked.

export const IDP_CLIENT_ID = "coherence-test";
export const IDP_CLIENT_SECRET = "a-client-secret-for-the-loopback-provider";

/** The provider's users: login name → claims. */
export const IDP_PEOPLE: Record<string, { email: string; email_verified: boolean; name: string }> = {
  alice: { email: "alice@example.test", email_verified: true, name: "Alice Example" },
  mallory: { email: "victim@example.test", email_verified: false, name: "Mallory" },
  victim: { email: "victim@example.test", email_verified: true, name: "Victim" },
};

export type LoopbackIdp = {
  /** The issuer URL (the API's AUTH_OIDC_ISSUER). */
  issuer: string;
  /** The env that points an API at this provider. */
  apiEnv: Record<string, string>;
  /** Starts answering, accepting these redirect URIs (known only once the API is up). */
  configure: (redirectUris: string[]) => void;
  stop: () => Promise<void>;
};

/**
 * Listens first (the issuer must be known before the API starts, since it is the API's
 * issuer) and is configured afterwards (with the API's callback URL as redirect URI).
 */
export async function startLoopbackIdp(opts: { name?: string } = {}): Promise<LoopbackIdp> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    apiEnv: {
      AUTH_OIDC_ISSUER: issuer,
      AUTH_OIDC_ID: IDP_CLIENT_ID,
      AUTH_OIDC_SECRET: IDP_CLIENT_SECRET,
      AUTH_OIDC_NAME: opts.name ?? "Loopback IdP",
    },
    configure: (redirectUris) => {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: IDP_CLIENT_ID,
            client_secret: IDP_CLIENT_SECRET,
            redirect_uris: redirectUris,
            grant_types: ["authorization_code"],
            response_types: ["code"],
          },
        ],
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        // Auth.js reads the profile from the ID token.
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
        cookies: { keys: ["loopback-cookie-key-0123456789"] },
        async findAccount(_ctx, sub) {
          const person = IDP_PEOPLE[sub];
          if (!person) return undefined;
          return { accountId: sub, claims: async () => ({ sub, ...person }) };
        },
      });
      handler = provider.callback();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
