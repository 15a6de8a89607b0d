import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appRouter } from "@coherence/api";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { type Child, freePort, generateTalkVideo, startChild, startVite, waitForHttp } from "./processes";

// A presenter's whole journey in real Chromium against the real API, worker and
// Postgres: sign up → upload a generated video → watch processing → results,
// click a flag and check the video seeked → progress → delete the account.

/** The procedures the journey calls, from the auth (issue 3) and videos (issue 4) branches. */
export const JOURNEY_PROCEDURES = [
  "auth.register",
  "auth.me",
  "users.deleteMe",
  "videos.list",
  "videos.get",
  "videos.status",
  "videos.results",
  "videos.streamUrl",
];
const present = Object.keys(appRouter._def.procedures);
const missing = JOURNEY_PROCEDURES.filter((p) => !present.includes(p));
if (missing.length > 0) {
  console.warn(
    `[e2e journey] SKIPPED: the API router lacks ${missing.join(", ")}. ` +
      "This test runs once the auth (issue 3) and videos (issue 4) branches are merged.",
  );
}

const PASSWORD = "journey-password-123";
const EMAIL = `journey-${Date.now()}@example.com`;

let db: TestDatabase;
let api: Child;
let worker: Child;
let web: Child;
let browser: Browser;
let page: Page;
let base: string;
let apiUrl: string;
let tmp: string;
let video: string;
const seenProgress: string[] = [];

describe.skipIf(missing.length > 0)(`journey (needs ${JOURNEY_PROCEDURES.join(", ")})`, () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "coherence-e2e-"));
    video = await generateTalkVideo(tmp);
    db = await createTestDatabase();
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const env = {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: db.url,
      DATA_DIR: join(tmp, "data"),
      STORAGE_DIR: join(tmp, "storage"),
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
      API_HOST: "127.0.0.1",
      API_PORT: String(apiPort),
      FRONTEND_URL: `http://127.0.0.1:${webPort}`,
      WORKER_CONCURRENCY: "1",
    };
    apiUrl = `http://127.0.0.1:${apiPort}`;
    base = `http://127.0.0.1:${webPort}`;
    api = startChild("api", ["--filter", "@coherence/api", "start"], env);
    worker = startChild("worker", ["--filter", "@coherence/worker", "start"], env);
    web = startVite(webPort, { VITE_API_PROXY_TARGET: apiUrl });
    await waitForHttp(`${apiUrl}/healthz`, api);
    await waitForHttp(base, web);
    browser = await launchBrowser();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page = await ctx.newPage();
    page.on("pageerror", (e) => console.error("[page error]", e.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const c of [web, worker, api]) await c?.stop();
    await db?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const diagnostics = () => `--- api ---\n${api.output()}\n--- worker ---\n${worker.output()}`;

  it("1. signs up", async () => {
    // This API has no OAuth provider configured: once it has said so, no OAuth button shows.
    const providers = page.waitForResponse((r) => r.url().includes("/trpc/auth.providers"));
    await page.goto(`${base}/signup`);
    expect((await providers).ok()).toBe(true);
    await page.getByRole("button", { name: "Create account" }).waitFor();
    expect(await page.getByRole("button", { name: /^Continue with/ }).count()).toBe(0);
    await page.fill("#auth-name", "Journey Tester");
    await page.fill("#auth-email", EMAIL);
    await page.fill("#auth-password", PASSWORD);
    await screenshot(page, "journey-1-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/upload`, { timeout: 20_000 });
  });

  it("2. uploads a generated fixture video", async () => {
    // The session is a cookie session: a reload keeps the user signed in.
    await page.reload();
    await page
      .locator("#file-input")
      .waitFor({ state: "attached", timeout: 30_000 })
      .catch(async (e) => {
        await screenshot(page, "journey-2-no-file-input");
        throw new Error(
          `the upload page has no file input (${page.url()}): ${e}\n${(await page.textContent("body"))?.slice(0, 500)}`,
        );
      });
    await page.setInputFiles("#file-input", video);
    await page.getByTestId("start-upload").click();
    await page.waitForURL(/\/talks\/[0-9a-f-]+\/processing$/, { timeout: 60_000 }).catch((e) => {
      throw new Error(`upload did not finish: ${e}\n${diagnostics()}`);
    });
    await screenshot(page, "journey-2-uploaded");
  });

  it("3. shows the processing progress until the results open", async () => {
    const status = page.getByTestId("processing-status");
    const deadline = Date.now() + 240_000;
    while (!/\/talks\/[0-9a-f-]+$/.test(page.url())) {
      if (Date.now() > deadline)
        throw new Error(`analysis did not finish; saw ${seenProgress.join(" | ")}\n${diagnostics()}`);
      if ((await page.getByTestId("processing-error").count()) > 0) {
        await screenshot(page, "journey-3-processing-error");
        throw new Error(
          `analysis failed: ${await page.getByTestId("processing-error").textContent()}\n${diagnostics()}`,
        );
      }
      // The page may move on to the results between the count and the read: read briefly.
      const text = (await status.count()) ? await status.textContent({ timeout: 1000 }).catch(() => null) : null;
      if (text && seenProgress.at(-1) !== text) {
        seenProgress.push(text);
        if (seenProgress.length === 1) await screenshot(page, "journey-3-processing");
      }
      await page.waitForTimeout(400);
    }
    expect(seenProgress.length).toBeGreaterThan(0);
  });

  it("4. opens the results; clicking a flag seeks the video", async () => {
    await page.getByTestId("heatmap").waitFor({ timeout: 30_000 });
    await page.getByTestId("player").waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector("video")?.readyState ?? 0) >= 1, null, {
      timeout: 30_000,
    });
    await screenshot(page, "journey-4-results");
    const markers = page.locator(".heatmap-marker");
    expect(await markers.count(), "the fixture talk should raise at least one flag").toBeGreaterThan(0);
    const marker = markers.last();
    const start = Number(await marker.getAttribute("data-start"));
    await marker.click();
    await page.waitForFunction(
      (t) => {
        const v = document.querySelector("video");
        return !!v && Math.abs(v.currentTime - t) < 0.75;
      },
      start,
      { timeout: 15_000 },
    );
    expect(await page.locator(".flag-item.is-active").count()).toBe(1);
    await screenshot(page, "journey-4-flag-clicked");
  });

  it("5. opens progress", async () => {
    await page.getByRole("link", { name: "Progress" }).click();
    await page.getByTestId("progress-charts").waitFor({ timeout: 20_000 });
    expect(await page.locator(".chart-card .recharts-line").count()).toBeGreaterThan(0);
    await screenshot(page, "journey-5-progress");
  });

  it("6. deletes the account", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Delete account…" }).click();
    await page.fill("#delete-confirm", EMAIL);
    await page.fill("#delete-password", PASSWORD);
    await screenshot(page, "journey-6-delete");
    await page.getByRole("button", { name: "Delete everything" }).click();
    await page.waitForURL(`${base}/signup`, { timeout: 20_000 });
    const rows = await db.db.selectFrom("users").where("email", "=", EMAIL).select("id").execute();
    expect(rows).toEqual([]);
    const videos = await db.db.selectFrom("videos").select("id").execute();
    expect(videos).toEqual([]);
  });
});

describe("journey prerequisites", () => {
  it("reports which procedures the journey still waits for", () => {
    // Not a gate: it documents, in the test output, why the journey above ran or was skipped.
    expect(present).toContain("system.health");
    expect(missing.every((m) => JOURNEY_PROCEDURES.includes(m))).toBe(true);
  });
});
