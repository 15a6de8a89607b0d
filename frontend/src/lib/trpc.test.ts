import { afterEach, describe, expect, it, vi } from "vitest";
import { setAccessToken, setCsrfToken } from "./session";
import { trpcClient } from "./trpc";

// The API as a web app on another origin sees it: the CSRF cookie is not readable, so
// the token must come from GET /trpc/auth.csrf; a stale one is refused with 403 CSRF_FAILED.
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const ok = (data: unknown) => json(200, { result: { data: { json: data } } });
const csrfFailed = () =>
  json(403, {
    error: { json: { message: "No token.", code: -32003, data: { code: "CSRF_FAILED", error: "No token." } } },
  });
const user = { id: "u1", name: "New name" };

type Call = { url: string; csrf: string | undefined; credentials: RequestCredentials | undefined };

/** Stubs fetch: auth.csrf hands out `tokens` in turn; users.updateMe answers with `answers` in turn. */
function fakeApi(opts: { tokens: string[]; answers: (() => Response)[] }): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ url: String(input), csrf: headers["x-csrf-token"], credentials: init?.credentials });
      if (String(input).includes("/auth.csrf")) return ok({ csrfToken: opts.tokens.shift() });
      return (opts.answers.shift() ?? (() => ok(user)))();
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setAccessToken(null);
});

describe("apiFetch and the CSRF token", () => {
  it("with no token, fetches one from the API (with credentials) before a mutation, and sends it", async () => {
    const calls = fakeApi({ tokens: ["t1"], answers: [() => ok(user)] });
    await expect(trpcClient.users.updateMe.mutate({ name: "New name" })).resolves.toMatchObject(user);
    expect(calls.map((c) => c.url.replace(/\?.*/, ""))).toEqual(["/trpc/auth.csrf", "/trpc/users.updateMe"]);
    expect(calls[0]?.credentials).toBe("include");
    expect(calls[1]?.csrf).toBe("t1");
  });

  it("does not ask again while it has a token", async () => {
    setCsrfToken("known");
    const calls = fakeApi({ tokens: [], answers: [() => ok(user)] });
    await trpcClient.users.updateMe.mutate({ name: "New name" });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.csrf).toBe("known");
  });

  it("on a CSRF refusal, fetches a fresh token and replays the mutation once", async () => {
    setCsrfToken("stale");
    const calls = fakeApi({ tokens: ["fresh"], answers: [csrfFailed, () => ok(user)] });
    await expect(trpcClient.users.updateMe.mutate({ name: "New name" })).resolves.toMatchObject(user);
    expect(calls.map((c) => [c.url.replace(/\?.*/, ""), c.csrf])).toEqual([
      ["/trpc/users.updateMe", "stale"],
      ["/trpc/auth.csrf", undefined],
      ["/trpc/users.updateMe", "fresh"],
    ]);
  });

  it("replays only once: a second refusal reaches the caller as CSRF_FAILED", async () => {
    setCsrfToken("stale");
    const calls = fakeApi({ tokens: ["still-bad"], answers: [csrfFailed, csrfFailed] });
    await expect(trpcClient.users.updateMe.mutate({ name: "x" })).rejects.toMatchObject({
      data: { code: "CSRF_FAILED" },
    });
    expect(calls.filter((c) => c.url.includes("users.updateMe"))).toHaveLength(2);
  });

  it("queries never wait for a token", async () => {
    const calls = fakeApi({ tokens: [], answers: [() => ok({ user, authenticatedBy: "cookie" })] });
    await trpcClient.auth.me.query();
    expect(calls.map((c) => c.url.replace(/\?.*/, ""))).toEqual(["/trpc/auth.me"]);
  });
});
