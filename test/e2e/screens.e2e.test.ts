import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations } from "./axe";
import { screenshot } from "./browser";
import { DEMO_TALK, type MockApp, startMockApp } from "./mock-app";

// Every page of the web app in real Chromium, on the in-browser mock API
// (frontend/src/mocks): renders, works from the mouse and keyboard, has no
// script errors, fits a phone, and leaves a screenshot per page and width in
// artifacts/screenshots/. The journey against the real API is journey.e2e.test.ts.

const TALK = DEMO_TALK;
let app: MockApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await startMockApp();
  ({ base, browser } = app);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

async function open(path: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width, height: width > 600 ? 860 : 844 } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + path);
  return { page, errors };
}

/** Elements sticking out past the right edge of the viewport (horizontal scrolling on a phone). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((e) => !e.closest(".tabs") && e.getBoundingClientRect().right > window.innerWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
}

describe("web app on the mock API (real Chromium)", () => {
  it("sign-up shows errors next to the right field, from the client and from the server", async () => {
    const { page, errors } = await open("/signup?mock=signedout");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#auth-name-error").textContent()).toBe("Tell us what to call you.");
    expect(await page.locator("#auth-email").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "signup-errors");
    await page.fill("#auth-name", "Maya");
    await page.fill("#auth-email", "taken@example.com");
    await page.fill("#auth-password", "a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#auth-email-error").textContent()).toMatch(/already exists/);
    expect(await page.locator("#auth-password-error").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("dashboard: overview, talks with live status, and the empty state", async () => {
    const { page, errors } = await open("/?mock=demo");
    await page.getByTestId("talk-list").waitFor();
    expect(await page.getByTestId("talk-list").locator("li").count()).toBe(5);
    expect(await page.getByText("Analysing 46%").count()).toBe(1);
    expect(await page.getByText("Most frequent flags").count()).toBe(1);
    await screenshot(page, "dashboard");
    const empty = await open("/?mock=empty");
    await empty.page.getByText("Upload your first practice talk").waitFor();
    await screenshot(empty.page, "dashboard-empty");
    expect([...errors, ...empty.errors]).toEqual([]);
    await page.context().close();
    await empty.page.context().close();
  });

  it("results: the timeline marker selects its flag; tabs work from the keyboard", async () => {
    const { page, errors } = await open(`/talks/${TALK}?mock=demo`);
    await page.getByTestId("heatmap").waitFor();
    expect(await page.locator(".heatmap-marker").count()).toBe(5);
    await page.getByRole("button", { name: /^Gaze avoidance at 0:17/ }).click();
    await expect.poll(() => page.locator(".flag-item.is-active h4").textContent()).toBe("Gaze avoidance");
    await screenshot(page, "results-flags");
    await page.getByRole("tab", { name: /Flags/ }).focus();
    await page.keyboard.press("ArrowRight");
    await page.getByRole("tab", { name: "Transcript", selected: true }).waitFor();
    expect(await page.locator(".word.w-filler").count()).toBeGreaterThan(3);
    expect(await page.locator(".word.w-flagged").count()).toBeGreaterThan(3);
    await screenshot(page, "results-transcript");
    await page.getByRole("tab", { name: "Delivery" }).click();
    expect(await page.locator(".metric-card").count()).toBe(6);
    await screenshot(page, "results-metrics");
    await page.getByRole("tab", { name: "Coaching" }).click();
    await page.getByText("Work on next").waitFor();
    await screenshot(page, "results-coaching");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export captions (VTT)" }).click();
    expect((await download).suggestedFilename()).toMatch(/flags\.vtt$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("upload refuses a non-video before sending it; processing shows stages and a retry for retryable errors", async () => {
    const { page, errors } = await open("/upload?mock=demo");
    await page.setInputFiles("#file-input", {
      name: "notes.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF"),
    });
    await expect.poll(() => page.getByTestId("upload-error").textContent()).toMatch(/isn't a video/);
    await screenshot(page, "upload-invalid");
    const proc = await open("/talks/abc/processing?mock=demo");
    await proc.page.getByTestId("processing-status").waitFor();
    expect(await proc.page.locator(".step").count()).toBe(8);
    await screenshot(proc.page, "processing");
    const failed = await open("/talks/abc/processing?mock=processing-error");
    await failed.page.getByTestId("processing-error").waitFor();
    expect(await failed.page.getByRole("button", { name: "Retry analysis" }).count()).toBe(1);
    expect(await failed.page.getByRole("heading", { level: 1 }).textContent()).toBe("Analysis stopped");
    await screenshot(failed.page, "processing-error");
    expect([...errors, ...proc.errors, ...failed.errors]).toEqual([]);
    for (const p of [page, proc.page, failed.page]) await p.context().close();
  });

  it("progress charts and settings render", async () => {
    const { page, errors } = await open("/progress?mock=demo");
    await page.getByTestId("progress-charts").waitFor();
    expect(await page.locator(".chart-card .recharts-line").count()).toBe(5);
    await screenshot(page, "progress");
    await page.goto(`${base}/settings`);
    await page.getByRole("button", { name: "Delete account…" }).click();
    await page.getByRole("button", { name: "Delete everything" }).click();
    await expect.poll(() => page.locator("#delete-confirm-error").textContent()).toMatch(/Type your email/);
    await screenshot(page, "settings-delete");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("has no serious or critical accessibility violations (axe-core, WCAG 2.1 A/AA)", async () => {
    const pages = [
      "/signin?mock=signedout",
      "/signup",
      "/?mock=empty",
      "/?mock=demo",
      "/upload",
      "/talks/abc/processing",
      "/progress",
      "/settings",
    ];
    const found: Record<string, unknown> = {};
    for (const path of pages) {
      const { page } = await open(path);
      await page.locator("main").first().waitFor();
      await page.waitForTimeout(1000);
      const v = await seriousA11yViolations(page);
      if (v.length) found[path] = v;
      await page.context().close();
    }
    const { page } = await open(`/talks/${TALK}?mock=demo`);
    await page.getByTestId("heatmap").waitFor();
    for (const tab of ["Flags", "Transcript", "Delivery", "Coaching"]) {
      await page.getByRole("tab", { name: new RegExp(`^${tab}`) }).click();
      await page.waitForTimeout(300);
      const v = await seriousA11yViolations(page);
      if (v.length) found[`results/${tab}`] = v;
    }
    await page.context().close();
    expect(found).toEqual({});
  });

  it("results: all four tabs show on a 390 px phone, and the Coaching tab opens", async () => {
    const { page, errors } = await open(`/talks/${TALK}?mock=demo`, 390);
    await page.getByTestId("heatmap").waitFor();
    const fit = await page.evaluate(() => {
      const list = document.querySelector<HTMLElement>("[role=tablist]")!;
      const box = list.getBoundingClientRect();
      return {
        scrolls: list.scrollWidth > list.clientWidth,
        cutOff: [...list.querySelectorAll("[role=tab]")]
          .filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1 || r.right > window.innerWidth;
          })
          .map((t) => t.textContent),
      };
    });
    expect(fit).toEqual({ scrolls: false, cutOff: [] });
    await page.getByRole("tab", { name: "Coaching" }).click();
    await page.getByText("Work on next").waitFor();
    await screenshot(page, "phone-results-coaching");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("has a favicon", async () => {
    const { page, errors } = await open("/signin?mock=signedout");
    const href = await page.locator("link[rel~=icon]").getAttribute("href");
    expect(href).toBeTruthy();
    const res = await page.request.get(new URL(href!, base).href);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^image\//);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("every page fits a 390 px phone without horizontal scrolling", async () => {
    for (const [name, path] of [
      ["signin", "/signin?mock=signedout"],
      ["dashboard", "/?mock=demo"],
      ["upload", "/upload"],
      ["processing", "/talks/abc/processing"],
      ["results", `/talks/${TALK}`],
      ["progress", "/progress"],
      ["settings", "/settings"],
    ] as const) {
      const { page, errors } = await open(path, 390);
      await page.locator("main").first().waitFor();
      await page.waitForTimeout(800);
      expect({ name, overflow: await overflowing(page) }).toEqual({ name, overflow: [] });
      await screenshot(page, `phone-${name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
