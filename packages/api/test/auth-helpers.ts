import { randomUUID } from "node:crypto";
import type { TestApi } from "./helpers";

export const TEST_PASSWORD = "correct horse battery staple";

export type TestUser = {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header for this user. */
  auth: { authorization: string };
};

/** Registers a user through the real endpoint (bearer mode) and returns its tokens. */
export async function registerTestUser(
  api: Pick<TestApi, "url">,
  opts: { email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const email = opts.email ?? `user-${randomUUID()}@example.test`;
  const password = opts.password ?? TEST_PASSWORD;
  const res = await fetch(`${api.url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: opts.name ?? "Test User" }),
  });
  if (res.status !== 200) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; accessToken: string; refreshToken: string };
  return {
    id: body.user.id,
    email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { authorization: `Bearer ${body.accessToken}` },
  };
}

/** Registers a user and signs in as a browser does (cookie mode): the jar holds the session cookies. */
export async function cookieLogin(api: Pick<TestApi, "url">) {
  const user = await registerTestUser(api);
  const jar = new CookieJar();
  const res = await jar.fetch(`${api.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: user.password, mode: "cookie" }),
  });
  if (res.status !== 200) throw new Error(`cookie login failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; accessToken?: string; refreshToken?: string };
  return { user, jar, res, body };
}

/** A minimal cookie jar for driving the API (and an OpenID provider) like a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  /** Stores the Set-Cookie headers of a response from `url`. */
  store(url: string, res: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split("=");
        return (
          (k?.toLowerCase() === "expires" && v && new Date(v).getTime() < Date.now()) ||
          (k?.toLowerCase() === "max-age" && Number(v) <= 0)
        );
      });
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(host, jar);
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  /** The Cookie header for a request to `url`. */
  header(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }

  /** fetch with this jar's cookies, storing what comes back; redirects are not followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(url, res);
    return res;
  }
}
