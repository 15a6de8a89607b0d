import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { type BuiltApp, startBuiltApp } from "./built-app";

// The web app deployed on another origin than the API, as in production with
// app.example.com and api.example.com: the built app (VITE_API_URL) is served on
// app.coherence.test and the API on api.coherence.test, both mapped to loopback inside
// Chromium. Same site, so the API's SameSite=Lax cookies go with credentialed requests;
// another origin, so the page cannot read the API's CSRF cookie. After a reload the app
// has no CSRF token in memory and must get it back from the API before a mutation.

const PASSWORD = "cross-origin-password-1";
const EMAIL = `cross-${Date.now()}@example.com`;

let app: BuiltApp;
let page: Page;
let appOrigin: string;
let apiOrigin: string;
const csrfRequests: string[] = [];

beforeAll(async () => {
  app = await startBuiltApp();
  ({ appOrigin, apiOrigin } = app);
  page = await (await app.browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  page.on("request", (r) => {
    if (r.url().includes("/trpc/auth.csrf")) csrfRequests.push(r.url());
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe("web app on another origin than the API", () => {
  it("signs up against the API's origin with a cookie session", async () => {
    await page.goto(`${appOrigin}/signup`);
    await page.fill("#auth-name", "Cross Origin");
    await page.fill("#auth-email", EMAIL);
    await page.fill("#auth-password", PASSWORD);
    const register = page.waitForRequest((r) => r.url().startsWith(`${apiOrigin}/trpc/auth.register`));
    await page.getByRole("button", { name: "Create account" }).click();
    await register;
    await page.waitForURL(`${appOrigin}/upload`, { timeout: 20_000 });
    // The session cookies belong to the API's origin: the page cannot see them.
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/coherence-/);
    const cookies = await page.context().cookies(apiOrigin);
    expect(cookies.map((c) => c.name).sort()).toEqual(["coherence-access", "coherence-csrf", "coherence-refresh"]);
  });

  it("after a reload, recovers the CSRF token from the API and saves the profile", async () => {
    await page.goto(`${appOrigin}/settings`);
    await page.waitForSelector("#profile-name", { timeout: 20_000 });
    expect(await page.locator(".user-name").textContent()).toBe("Cross Origin");
    const before = csrfRequests.length;
    await page.fill("#profile-name", "Renamed Across Origins");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("✓ Saved").waitFor({ timeout: 20_000 });
    // The app had no token after the reload and asked the API for it (once).
    expect(csrfRequests.length - before).toBe(1);
    const row = await app.api.testDb.db
      .selectFrom("users")
      .select("name")
      .where("email", "=", EMAIL)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe("Renamed Across Origins");
    expect(await page.locator(".user-name").textContent()).toBe("Renamed Across Origins");
    await screenshot(page, "cross-origin-settings-saved");
  });

  it("signs out and back in across origins", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${appOrigin}/signin`, { timeout: 20_000 });
    expect((await page.context().cookies(apiOrigin)).map((c) => c.name)).not.toContain("coherence-refresh");
    await page.fill("#auth-email", EMAIL);
    await page.fill("#auth-password", PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${appOrigin}/`, { timeout: 20_000 });
    await page.getByRole("heading", { name: "Hi Renamed" }).waitFor({ timeout: 20_000 });
  });
});
