import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { type BuiltApp, startBuiltApp } from "./built-app";

// The production build's first load, in Chromium against the real API (issue 16 §3, issue 13
// item 17): a signed-out visit asks about the session once and quietly, and on a slow 4G
// network the sign-in page and the dashboard show their content after at most 120 kB of
// gzip JavaScript. The app is served gzip-compressed, as a static host or CDN serves it.

const BUDGET_BYTES = 120_000;
// Chrome DevTools' "Slow 4G" (Lighthouse's mobileSlow4G, DevTools-adjusted): 150 ms RTT ×
// 3.75 as request latency, 1.6 Mbit/s down and 750 kbit/s up × 0.9.
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};
const PASSWORD = "first-load-password-1";
const EMAIL = `first-load-${Date.now()}@example.com`;

let app: BuiltApp;
let browser: Browser;
let appOrigin: string;

beforeAll(async () => {
  app = await startBuiltApp({ env: { RATE_LIMIT_AUTH_MAX: "1000" } });
  ({ browser, appOrigin } = app);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

/** Records, in the page's own clock, when each selector first matches (MutationObserver from the first byte). */
async function watchFor(ctx: BrowserContext, selectors: Record<string, string>): Promise<void> {
  await ctx.addInitScript((sels: Record<string, string>) => {
    const seen: Record<string, number> = {};
    (window as unknown as { __firstSeen: Record<string, number> }).__firstSeen = seen;
    const check = () => {
      for (const [name, sel] of Object.entries(sels)) {
        if (seen[name] === undefined && document.querySelector(sel)) seen[name] = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  }, selectors);
}

type Load = { content: number; fcp: number | null; jsBytes: number; jsFiles: number };

/**
 * Loads `path` on a throttled connection with a cold cache, waits for the `content` mark
 * (see watchFor), and counts the JavaScript transferred until the network is idle.
 */
async function throttledLoad(page: Page, path: string, content: string): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.clearBrowserCache");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  const scripts = new Map<string, number>();
  const types = new Map<string, string>();
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => {
    if (types.get(e.requestId) === "Script") scripts.set(e.requestId, e.encodedDataLength);
  });
  await page.goto(appOrigin + path, { waitUntil: "commit" });
  await page.waitForFunction(
    (name) => (window as unknown as { __firstSeen?: Record<string, number> }).__firstSeen?.[name] !== undefined,
    content,
    { timeout: 60_000, polling: 50 },
  );
  await page.waitForLoadState("networkidle");
  const timing = await page.evaluate((name) => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      content: (window as unknown as { __firstSeen: Record<string, number> }).__firstSeen[name]!,
      fcp: fcp ? fcp.startTime : null,
    };
  }, content);
  // Detaching ends the emulation, and the counting, for whatever the test does next.
  await cdp.detach();
  const jsBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
  return { ...timing, jsBytes, jsFiles: scripts.size };
}

function report(name: string, load: Load): string {
  const fcp = load.fcp === null ? "–" : `${(load.fcp / 1000).toFixed(2)} s`;
  return `[first-load, slow 4G] ${name}: content at ${(load.content / 1000).toFixed(2)} s (first contentful paint ${fcp}); ${(load.jsBytes / 1000).toFixed(1)} kB of JavaScript over the wire in ${load.jsFiles} files`;
}

describe("the production build's first load (real Chromium, real API)", () => {
  it("a signed-out visit asks about the session once: no failed request, no console error", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const problems: string[] = [];
    const sessionCalls: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
    page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    page.on("request", (r) => /\/trpc\/auth\.(me|session|csrf|refresh)/.test(r.url()) && sessionCalls.push(r.url()));
    for (const path of ["/", "/signin", "/progress"]) {
      await page.goto(appOrigin + path);
      await page.getByRole("button", { name: "Sign in", exact: true }).waitFor({ timeout: 20_000 });
      await page.waitForLoadState("networkidle");
    }
    expect(problems).toEqual([]);
    expect(sessionCalls.map((u) => new URL(u).pathname)).toEqual([
      "/trpc/auth.session",
      "/trpc/auth.session",
      "/trpc/auth.session",
    ]);
    await ctx.close();
  });

  it("on slow 4G, sign-in and the dashboard render after at most 120 kB of gzip JavaScript", async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await watchFor(ctx, { signin: "#auth-email", dashboard: ".page-head h1" });
    const page = await ctx.newPage();
    const signin = await throttledLoad(page, "/signin", "signin");
    console.log(report("sign-in", signin));
    await screenshot(page, "first-load-signin-slow4g");

    // Sign up (unthrottled), then load the dashboard cold, signed in by the session cookies.
    await page.goto(`${appOrigin}/signup`);
    await page.fill("#auth-name", "First Load");
    await page.fill("#auth-email", EMAIL);
    await page.fill("#auth-password", PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${appOrigin}/upload`, { timeout: 20_000 });
    await page.locator("#file-input").waitFor({ state: "attached" });
    await page.waitForLoadState("networkidle");
    const dashboard = await throttledLoad(page, "/", "dashboard");
    console.log(report("dashboard", dashboard));
    expect(await page.locator(".page-head h1").textContent()).toBe("Hi First");
    await screenshot(page, "first-load-dashboard-slow4g");

    expect(signin.jsBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(dashboard.jsBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    await ctx.close();
  });
});
