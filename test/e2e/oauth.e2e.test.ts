import { type LoopbackIdp, startLoopbackIdp, startTestApi, type TestApi } from "@coherence/api/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { type Child, freePort, startVite, waitForHttp } from "./processes";

// The OAuth buttons in real Chromium: the API has one OIDC provider configured, a real
// OpenID provider (oidc-provider) runs on loopback with its own login and consent pages,
// and the web app gets its buttons from the API at run time. The user clicks the button,
// signs in and consents at the provider, and lands back in the web app signed in; a user
// who cancels at the provider lands on /signin with the reason.

let idp: LoopbackIdp;
let api: TestApi;
let web: Child;
let browser: Browser;
let base: string;

beforeAll(async () => {
  idp = await startLoopbackIdp({ name: "Loopback IdP" });
  const webPort = await freePort();
  base = `http://127.0.0.1:${webPort}`;
  api = await startTestApi({ env: { ...idp.apiEnv, FRONTEND_URL: base, CORS_ORIGINS: base } });
  // The web app reaches the API through its /api proxy, which rewrites the Host header to
  // the API's: Auth.js names the API's own origin as the callback. (Both are on 127.0.0.1,
  // and cookies ignore ports, so the session cookies set there are the web app's too.)
  idp.configure([`${api.url}/api/auth/oauth/callback/oidc`]);
  web = startVite(webPort, { VITE_API_PROXY_TARGET: api.url });
  await waitForHttp(base, web);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
  await idp?.stop();
});

/** Opens /signin in a fresh browser context and clicks the provider's button. */
async function startAtProvider(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  await page.goto(`${base}/signin`);
  const button = page.getByRole("button", { name: "Continue with Loopback IdP" });
  await button.waitFor({ timeout: 20_000 });
  await page.getByRole("button", { name: "Continue with Loopback IdP" }).click();
  await page.waitForURL(`${idp.issuer}/interaction/**`, { timeout: 20_000 }).catch(async (e) => {
    throw new Error(`the provider did not ask for a login (${page.url()}): ${await page.textContent("body")}\n${e}`);
  });
  return page;
}

describe("OAuth sign-in in the browser (real OpenID provider on loopback)", () => {
  it("shows the provider the API has configured, and no other", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/signup`);
    await page.getByRole("button", { name: "Continue with Loopback IdP" }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole("button", { name: /^Continue with/ }).count()).toBe(1);
    await screenshot(page, "oauth-signup-buttons");
    await ctx.close();
  });

  it("signs in at the provider, consents, and lands on the dashboard signed in", async () => {
    const page = await startAtProvider();
    await page.fill('input[name="login"]', "alice");
    await page.fill('input[name="password"]', "any password");
    await screenshot(page, "oauth-provider-login");
    await page.click('button[type="submit"]');
    // The provider asks for consent to share the email and profile.
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/`, { timeout: 20_000 });
    await page.getByRole("heading", { name: "Hi Alice" }).waitFor({ timeout: 20_000 });
    expect(await page.locator(".user-name").textContent()).toBe("Alice Example");
    await screenshot(page, "oauth-signed-in");
    // The session is the API's own cookie session: it survives a reload.
    await page.reload();
    await page.getByRole("heading", { name: "Hi Alice" }).waitFor({ timeout: 20_000 });
    const users = await api.testDb.db.selectFrom("users").select(["email", "name"]).execute();
    expect(users).toEqual([{ email: "alice@example.test", name: "Alice Example" }]);
    await page.context().close();
  });

  it("cancelling at the provider lands on /signin, signed out, with a clear message", async () => {
    const page = await startAtProvider();
    await page.getByRole("link", { name: "[ Cancel ]" }).click();
    await page.waitForURL(`${base}/signin?**`, { timeout: 20_000 });
    const alert = page.getByRole("alert").filter({ hasText: "cancelled or refused" });
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/Sign-in was cancelled or refused at the provider/);
    // Still signed out: the sign-in form is there and the session endpoint refuses.
    expect(await page.getByRole("button", { name: "Sign in", exact: true }).count()).toBe(1);
    expect(await page.evaluate(async () => (await fetch("/api/auth/me")).status)).toBe(401);
    await screenshot(page, "oauth-cancelled");
    await page.context().close();
  });
});
