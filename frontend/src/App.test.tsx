import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import type { ComponentType } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queryClient } from "./lib/trpc";

// A page load as the real API answers it. Signed out: auth.me, auth.csrf and auth.refresh
// answer 401 (a browser logs each as a red console error); auth.session answers 200.
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const ok = (data: unknown) => json(200, { result: { data: { json: data } } });
const unauthorized = () =>
  json(401, {
    error: { json: { message: "Sign in.", code: -32001, data: { code: "UNAUTHORIZED", httpStatus: 401 } } },
  });
const user = {
  id: "7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11",
  email: "maya@example.com",
  name: "Maya Lopez",
  role: "user",
  emailVerified: true,
  hasPassword: true,
  createdAt: "2026-11-01T00:00:00.000Z",
};

type Api = { refreshCookie: boolean; signedIn: boolean };

/** Stubs fetch with the API's answers; returns every call as "procedure status". */
function fakeApi(state: Api): string[] {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const proc = String(input)
        .replace(/^.*\/trpc\//, "")
        .replace(/\?.*/, "");
      const answer = (() => {
        switch (proc) {
          case "auth.session":
            return ok({
              signedIn: state.signedIn,
              user: state.signedIn ? user : null,
              canRefresh: state.refreshCookie,
            });
          case "auth.me":
            return state.signedIn ? ok({ user, authenticatedBy: "cookie" }) : unauthorized();
          case "auth.csrf":
            return state.refreshCookie ? ok({ csrfToken: "t" }) : unauthorized();
          case "auth.refresh":
            if (!state.refreshCookie) return unauthorized();
            state.signedIn = true;
            return ok({ user, mode: "cookie", csrfToken: "t", accessToken: null });
          case "auth.providers":
            return ok({ providers: [] });
          default:
            return ok(null);
        }
      })();
      calls.push(`${proc} ${answer.status}`);
      return answer;
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  queryClient.clear();
});

describe("the first request of a page load", () => {
  it("a signed-out visit asks once, and every answer is a 200 (no red console errors)", async () => {
    const calls = fakeApi({ signedIn: false, refreshCookie: false });
    const { App } = await import("./App");
    render(
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>,
    );
    await screen.findByRole("button", { name: "Sign in" }, { timeout: 5000 });
    expect(window.location.pathname).toBe("/signin");
    expect(calls.filter((c) => c.startsWith("auth.session"))).toEqual(["auth.session 200"]);
    expect(calls.filter((c) => !c.endsWith(" 200"))).toEqual([]);
  });

  it("with only a live refresh cookie, refreshes once and opens the workspace", async () => {
    window.history.replaceState(null, "", "/");
    const calls = fakeApi({ signedIn: false, refreshCookie: true });
    const { fetchMe } = await import("./features/auth/api");
    await expect(fetchMe()).resolves.toMatchObject({ email: user.email });
    expect(calls).toEqual(["auth.session 200", "auth.csrf 200", "auth.refresh 200", "auth.session 200"]);
  });
});

describe("a page's chunk", () => {
  it("that fails to download shows a reload offer, not a blank page", async () => {
    const { page } = await import("./App");
    const missing = () => Promise.reject(new TypeError("Failed to fetch dynamically imported module"));
    const router = createMemoryRouter([
      { path: "/", ...page(missing as () => Promise<{ Gone: ComponentType }>, (m) => m.Gone) },
    ]);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(<RouterProvider router={router} />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/We couldn't open this page.*Reload to try again/);
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
