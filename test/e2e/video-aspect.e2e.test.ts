import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOT_DIR, screenshot } from "./browser";
import { DEMO_TALK, type MockApp, startMockApp } from "./mock-app";
import { generateFramedClip } from "./processes";

// Phone videos are often square or portrait. The results page's player must show the
// whole frame and its controls at every aspect ratio (letterboxed in the 16:9 frame),
// on a desktop and on a 390 px phone. Runs on the in-browser mock API; the video it
// streams is a generated clip with a red border at its edges.

const TALK = DEMO_TALK;
let app: MockApp;
let base: string;
let browser: Browser;
let tmp: string;
const clips: Record<string, string> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "coherence-e2e-aspect-"));
  clips.square = await generateFramedClip({ dir: tmp, width: 480, height: 480 });
  clips.portrait = await generateFramedClip({ dir: tmp, width: 360, height: 640 });
  app = await startMockApp();
  ({ base, browser } = app);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Rect = { left: number; top: number; right: number; bottom: number; width: number; height: number };

/** The player frame, the video element, and the picture drawn inside it (after object-fit). */
async function playerGeometry(page: Page) {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("[data-testid=player]")!;
    const rect = (r: DOMRect) => ({
      left: r.left,
      top: r.top,
      right: r.right,
      bottom: r.bottom,
      width: r.width,
      height: r.height,
    });
    const el = rect(video.getBoundingClientRect());
    const fit = getComputedStyle(video).objectFit;
    const sx = el.width / video.videoWidth;
    const sy = el.height / video.videoHeight;
    // fill stretches; contain and cover keep the aspect ratio at the smaller or larger scale.
    const [w, h] =
      fit === "fill"
        ? [el.width, el.height]
        : fit === "cover"
          ? [video.videoWidth * Math.max(sx, sy), video.videoHeight * Math.max(sx, sy)]
          : [video.videoWidth * Math.min(sx, sy), video.videoHeight * Math.min(sx, sy)];
    const left = el.left + (el.width - w) / 2;
    const top = el.top + (el.height - h) / 2;
    return {
      frame: rect(video.parentElement!.getBoundingClientRect()),
      element: el,
      picture: { left, top, right: left + w, bottom: top + h, width: w, height: h },
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
    };
  });
}

function inside(inner: Rect, outer: Rect): boolean {
  return (
    inner.left >= outer.left - 1 &&
    inner.top >= outer.top - 1 &&
    inner.right <= outer.right + 1 &&
    inner.bottom <= outer.bottom + 1
  );
}

describe("the results player letterboxes every aspect ratio (real Chromium)", () => {
  for (const shape of ["square", "portrait"] as const) {
    for (const [device, width] of [
      ["desktop", 1280],
      ["phone", 390],
    ] as const) {
      it(`${shape} video, ${device} (${width} px): the whole picture and the controls show`, async () => {
        const ctx = await browser.newContext({ viewport: { width, height: width > 600 ? 860 : 844 } });
        await ctx.route("**/mock-video.mp4", (route) =>
          route.fulfill({ path: clips[shape], contentType: "video/mp4" }),
        );
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`${base}/talks/${TALK}?mock=demo`);
        await page.getByTestId("heatmap").waitFor();
        await page.waitForFunction(() => (document.querySelector("video")?.readyState ?? 0) >= 2, null, {
          timeout: 30_000,
        });
        const g = await playerGeometry(page);
        expect([g.videoWidth, g.videoHeight]).toEqual(shape === "square" ? [480, 480] : [360, 640]);
        // The element (where Chromium draws the controls) stays inside the frame that clips it...
        expect(inside(g.element, g.frame), JSON.stringify(g)).toBe(true);
        // ...and so does the picture, at its own aspect ratio, as large as the frame allows.
        expect(inside(g.picture, g.frame), JSON.stringify(g)).toBe(true);
        expect(g.picture.width / g.picture.height).toBeCloseTo(g.videoWidth / g.videoHeight, 2);
        expect(Math.abs(g.picture.height - g.frame.height)).toBeLessThanOrEqual(1);
        await screenshot(page, `player-${shape}-${device}`);
        // A close-up of the frame with its controls (hover shows them).
        await page.locator(".player").hover();
        await page
          .locator(".player")
          .screenshot({ path: join(SCREENSHOT_DIR, `player-${shape}-${device}-closeup.png`) });
        expect(errors).toEqual([]);
        await ctx.close();
      });
    }
  }
});
