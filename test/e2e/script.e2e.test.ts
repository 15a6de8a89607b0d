import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations } from "./axe";
import { launchBrowser, screenshot } from "./browser";
import { type Child, freePort, generateTalkVideo, startChild, startVite, waitForHttp } from "./processes";

// Rehearsing against a script (issue 14) in real Chromium against the real API, worker and
// Postgres: upload the generated talk with a pasted script, wait for the analysis, open the
// Script tab, check its marks (the sentence the talk leaves out is skipped), and click a mark
// to check that the video seeks to it. Accessible (axe) and screenshotted at desktop and 390 px.

// What generateTalkVideo says, plus one sentence it never says (the third).
const SCRIPT = [
  "Good morning everyone. I am really thrilled to share our results today.",
  "As you can see here, revenue grew forty percent. This is critical.",
  "Our churn fell to two percent for the whole of last year.",
  "I think, maybe, this is the key point: our customers stayed.",
  "I am definitely confident about the plan. Thank you.",
].join("\n");

let db: TestDatabase;
let api: Child;
let worker: Child;
let web: Child;
let browser: Browser;
let page: Page;
let base: string;
let tmp: string;
let video: string;

describe("rehearsing against a script", () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "coherence-e2e-script-"));
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
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    base = `http://127.0.0.1:${webPort}`;
    api = startChild("api", ["--filter", "@coherence/api", "start"], env);
    worker = startChild("worker", ["--filter", "@coherence/worker", "start"], env);
    web = startVite(webPort, { VITE_API_PROXY_TARGET: apiUrl });
    await waitForHttp(`${apiUrl}/healthz`, api);
    await waitForHttp(base, web);
    browser = await launchBrowser();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
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

  it("1. signs up and uploads the talk with a pasted script", async () => {
    await page.goto(`${base}/signup`);
    await page.fill("#auth-name", "Script Tester");
    await page.fill("#auth-email", `script-${Date.now()}@example.com`);
    await page.fill("#auth-password", "script-password-123");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/upload`, { timeout: 20_000 });
    await page.locator("#file-input").waitFor({ state: "attached", timeout: 30_000 });
    await page.setInputFiles("#file-input", video);
    await page.getByLabel(/^Script/).fill(SCRIPT);
    await page.getByTestId("start-upload").waitFor();
    await screenshot(page, "script-1-upload");
    await page.getByTestId("start-upload").click();
    await page.waitForURL(/\/talks\/[0-9a-f-]+\/processing$/, { timeout: 60_000 }).catch((e) => {
      throw new Error(`upload did not finish: ${e}\n${diagnostics()}`);
    });
    const stored = await db.db.selectFrom("videoScripts").select("text").execute();
    expect(stored).toEqual([{ text: SCRIPT }]);
  });

  it("2. waits for the analysis", async () => {
    const deadline = Date.now() + 300_000;
    while (!/\/talks\/[0-9a-f-]+$/.test(page.url())) {
      if (Date.now() > deadline) throw new Error(`analysis did not finish\n${diagnostics()}`);
      if ((await page.getByTestId("processing-error").count()) > 0) {
        throw new Error(
          `analysis failed: ${await page.getByTestId("processing-error").textContent()}\n${diagnostics()}`,
        );
      }
      await page.waitForTimeout(500);
    }
    await page.getByTestId("player").waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector("video")?.readyState ?? 0) >= 1, null, {
      timeout: 30_000,
    });
  });

  it("3. the Script tab marks the delivered words and the skipped sentence", async () => {
    await page.getByRole("tab", { name: "Script", exact: true }).click();
    await page.getByTestId("script-text").waitFor({ timeout: 20_000 });
    const marks = await page
      .locator("[data-status]")
      .evaluateAll((els) => els.map((e) => ({ status: (e as HTMLElement).dataset.status, text: e.textContent ?? "" })));
    const byStatus = (s: string) => marks.filter((m) => m.status === s).map((m) => m.text);
    // Every script word has a mark, in the script's order.
    const words = marks.filter((m) => m.status !== "added").map((m) => m.text.toLowerCase());
    expect(words.slice(0, 3)).toEqual(["good", "morning", "everyone"]);
    expect(byStatus("said").length, JSON.stringify(marks)).toBeGreaterThan(20);
    // The sentence the talk never says is skipped (most of its eleven words at least).
    const skipped = byStatus("skipped").map((w) => w.toLowerCase());
    expect(skipped, JSON.stringify(marks)).toEqual(expect.arrayContaining(["churn", "fell", "whole", "last", "year"]));
    const summary = await page.getByTestId("script-summary").textContent();
    expect(summary).toMatch(/Skipped\s*[1-9]\d* passages?/);
    const delivered = Number(/Delivered\s*(\d+)%/.exec(summary ?? "")?.[1]);
    expect(delivered).toBeGreaterThan(60);
    expect(delivered).toBeLessThan(100);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "script-2-tab-desktop");
  });

  it("4. clicking a mark seeks the video to that word", async () => {
    const mark = page.getByRole("button", { name: /^revenue: said/ }).first();
    const label = (await mark.getAttribute("aria-label")) ?? "";
    const [, m, s] = /at (\d+):(\d{2})/.exec(label) ?? [];
    const shown = Number(m) * 60 + Number(s);
    const before = await page.evaluate(() => document.querySelector("video")!.currentTime);
    await mark.click();
    await page.waitForFunction(
      (t) => {
        const v = document.querySelector("video");
        return !!v && v.currentTime >= t && v.currentTime < t + 1.5;
      },
      shown,
      { timeout: 15_000 },
    );
    const after = await page.evaluate(() => document.querySelector("video")!.currentTime);
    expect(after).not.toBe(before);
    expect(shown).toBeGreaterThan(2);
  });

  it("5. reads well at 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("script-text").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "script-3-tab-390");
  });
});
