import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { during, generateTalk } from "@coherence/worker/demo";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { type Child, freePort, startChild, startVite, waitForHttp } from "./processes";

// Recording in the browser (issue 15), in real Chromium against the real API, worker and Postgres.
// Chromium's fake camera and microphone play files this test generates: a presenter's face (.y4m)
// and espeak-ng speech (.wav), so the recorded take has a face and words the engine can find.

const run = promisify(execFile);
const PASSWORD = "record-password-123";
const RECORD_SECONDS = 8;
const SCRIPT = "Good morning everyone. I am really glad to be here today.";

let db: TestDatabase;
let api: Child;
let worker: Child;
let web: Child;
let browser: Browser;
let deniedBrowser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let tmp: string;

/** A talking-head clip split into the files Chromium's fake devices read. */
async function fakeDeviceFiles(dir: string): Promise<{ y4m: string; wav: string }> {
  const talk = await generateTalk({
    dir,
    name: "fake-camera",
    presenter: "frontal",
    width: 640,
    height: 360,
    script: [
      { say: "Good morning everyone. I am really glad to be here today." },
      { silence: 0.3 },
      { say: "Our customers stayed with us, and revenue grew forty percent this year." },
    ],
    faces: during({}),
  });
  const y4m = join(dir, "camera.y4m");
  const wav = join(dir, "microphone.wav");
  await run("ffmpeg", ["-v", "error", "-y", "-i", talk.path, "-an", "-pix_fmt", "yuv420p", "-r", "15", y4m]);
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-i",
    talk.path,
    "-vn",
    "-ac",
    "1",
    "-ar",
    "48000",
    "-c:a",
    "pcm_s16le",
    wav,
  ]);
  return { y4m, wav };
}

async function signUp(p: Page, email: string) {
  await p.goto(`${base}/signup`);
  await p.fill("#auth-name", "Record Tester");
  await p.fill("#auth-email", email);
  await p.fill("#auth-password", PASSWORD);
  await p.getByRole("button", { name: "Create account" }).click();
  await p.waitForURL(`${base}/upload`, { timeout: 20_000 });
}

describe("recording a talk in the browser", () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "coherence-record-"));
    const files = await fakeDeviceFiles(tmp);
    db = await createTestDatabase();
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    base = `http://127.0.0.1:${webPort}`;
    const env = {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: db.url,
      DATA_DIR: join(tmp, "data"),
      STORAGE_DIR: join(tmp, "storage"),
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
      API_HOST: "127.0.0.1",
      API_PORT: String(apiPort),
      FRONTEND_URL: base,
      WORKER_CONCURRENCY: "1",
    };
    api = startChild("api", ["--filter", "@coherence/api", "start"], env);
    worker = startChild("worker", ["--filter", "@coherence/worker", "start"], env);
    web = startVite(webPort, { VITE_API_PROXY_TARGET: apiUrl });
    await waitForHttp(`${apiUrl}/healthz`, api);
    await waitForHttp(base, web);
    browser = await launchBrowser({
      args: [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-video-capture=${files.y4m}`,
        `--use-file-for-fake-audio-capture=${files.wav}`,
        "--autoplay-policy=no-user-gesture-required",
      ],
    });
    // Chromium answers every camera prompt with "Block", as a presenter who refused would.
    deniedBrowser = await launchBrowser({ args: ["--use-fake-device-for-media-stream", "--deny-permission-prompts"] });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on("pageerror", (e) => console.error("[page error]", e.message));
    await signUp(page, `record-${Date.now()}@example.com`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await deniedBrowser?.close();
    for (const c of [web, worker, api]) await c?.stop();
    await db?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const diagnostics = () => `--- api ---\n${api.output()}\n--- worker ---\n${worker.output()}`;

  it("shows a live preview and a moving microphone level", async () => {
    await page.getByRole("link", { name: "Record" }).click();
    await page.waitForURL(`${base}/record`);
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>("[data-testid=record-preview]");
        return !!v && v.readyState >= 2 && v.videoWidth > 0 && !v.paused;
      },
      null,
      { timeout: 20_000 },
    );
    // The fake microphone plays speech: the meter must move off zero within a few seconds.
    await page.waitForFunction(
      () => Number(document.querySelector("[data-testid=mic-level]")?.getAttribute("data-level")) > 0.05,
      null,
      { timeout: 15_000 },
    );
    await page.getByTestId("framing-hint").waitFor({ timeout: 10_000 });
    await screenshot(page, "record-1-preview");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "record-1-preview-390");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("counts down, records about 8 s, and plays the take back", async () => {
    await page.getByTestId("record-start").click();
    await page.getByTestId("record-countdown").waitFor({ timeout: 5_000 });
    await page.getByTestId("record-timer").waitFor({ timeout: 10_000 });
    await page.waitForTimeout(RECORD_SECONDS * 1000);
    await screenshot(page, "record-2-recording");
    await page.getByTestId("record-stop").click();
    const playback = page.getByTestId("take-playback");
    await playback.waitFor({ timeout: 15_000 });
    await page.waitForFunction(
      () => (document.querySelector<HTMLVideoElement>("[data-testid=take-playback]")?.readyState ?? 0) >= 1,
      null,
      { timeout: 15_000 },
    );
    // Play it back for a moment: the take is a real, playable recording.
    await playback.evaluate((v: HTMLVideoElement) => v.play());
    await page.waitForFunction(
      () => (document.querySelector<HTMLVideoElement>("[data-testid=take-playback]")?.currentTime ?? 0) > 0.5,
      null,
      { timeout: 15_000 },
    );
    await playback.evaluate((v: HTMLVideoElement) => v.pause());
    await screenshot(page, "record-3-review");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "record-3-review-390");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("keeps the take across a reload until it is sent", async () => {
    await page.reload();
    await page.getByTestId("resume-take").waitFor({ timeout: 15_000 });
    await screenshot(page, "record-4-resume");
    await page.getByTestId("resume-take-send").click();
    await page.getByTestId("take-playback").waitFor({ timeout: 10_000 });
  });

  it("sends it; the analysis has the right length and sees the face", async () => {
    const summary = (await page.getByTestId("take-summary").textContent()) ?? "";
    const [, mm, ss] = /(\d+):(\d\d)/.exec(summary) ?? [];
    const takeSeconds = Number(mm) * 60 + Number(ss);
    await page.fill("#take-title", "Recorded pitch");
    // The presenter's script goes with the take (issue 14 on the recording path).
    await page.getByTestId("script-input").locator("textarea").fill(SCRIPT);
    await page.getByTestId("take-send").click();
    await page.waitForURL(/\/talks\/[0-9a-f-]+\/processing$/, { timeout: 60_000 }).catch(async (e) => {
      await screenshot(page, "record-5-send-failed");
      throw new Error(
        `sending did not finish: ${e}\n${(await page.textContent("body"))?.slice(0, 600)}\n${diagnostics()}`,
      );
    });
    const videoId = page.url().split("/").at(-2)!;
    await page.waitForURL(/\/talks\/[0-9a-f-]+$/, { timeout: 240_000 }).catch((e) => {
      throw new Error(`analysis did not finish: ${e}\n${diagnostics()}`);
    });
    const video = await db.db
      .selectFrom("videos as v")
      .innerJoin("analyses as a", "a.videoId", "v.id")
      .where("v.id", "=", videoId)
      .select(["v.title", "v.status", "a.durationSeconds"])
      .executeTakeFirstOrThrow();
    expect(video).toMatchObject({ title: "Recorded pitch", status: "complete" });
    // The stored talk is as long as the take the presenter saw (the countdown is not part of it).
    expect(takeSeconds).toBeGreaterThanOrEqual(RECORD_SECONDS - 1);
    expect(
      Math.abs(Number(video.durationSeconds) - takeSeconds),
      `talk ${video.durationSeconds} s, take ${summary}`,
    ).toBeLessThan(1.5);
    const face = await db.db
      .selectFrom("analysisMetrics as m")
      .innerJoin("analyses as a", "a.id", "m.analysisId")
      .where("a.videoId", "=", videoId)
      .where("m.name", "=", "facePresenceShare")
      .select("m.value")
      .executeTakeFirst();
    expect(Number(face?.value), "the fake camera shows a face the whole time").toBeGreaterThan(0.8);
    const stored = await db.db
      .selectFrom("videoScripts")
      .where("videoId", "=", videoId)
      .select("text")
      .executeTakeFirst();
    expect(stored?.text).toBe(SCRIPT);
    await page.getByTestId("player").waitFor({ timeout: 30_000 });
    await page.getByRole("tab", { name: /Delivery|Metrics/ }).click();
    await page.getByText("Face in view").first().waitFor({ timeout: 20_000 });
    await screenshot(page, "record-5-results");
    // Sent and acknowledged: the browser no longer offers it.
    await page.goto(`${base}/record`);
    await page.getByTestId("record-start").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("resume-take").count()).toBe(0);
  });

  it("explains a blocked camera instead of showing a blank page", async () => {
    const ctx = await deniedBrowser.newContext({ viewport: { width: 1280, height: 860 } });
    const denied = await ctx.newPage();
    await signUp(denied, `record-denied-${Date.now()}@example.com`);
    await denied.goto(`${base}/record`);
    const problem = denied.getByTestId("record-problem");
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.textContent()).toMatch(/blocked/i);
    expect(await problem.textContent()).toMatch(/address bar/);
    await screenshot(denied, "record-6-denied");
    await ctx.close();
  });
});
