// Issue 13, item 17 (last point): the development tRPC panel, driven in real Chromium.
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PANEL_JSON_REQUIREMENT } from "../src/http/trpc-panel";
import { startTestApi, type TestApi } from "./helpers";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let api: TestApi;
let browser: Browser;
beforeAll(async () => {
  api = await startTestApi();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** Opens a procedure's form in the panel (routers first, then the procedure). */
async function openProcedure(page: Page, path: string[]) {
  for (const name of path) {
    await page.getByText(name, { exact: true }).locator("visible=true").last().click();
  }
  return page.locator("form").filter({ hasText: "Validate Input on Client" }).locator("visible=true").last();
}

describe("the tRPC panel", () => {
  it("serves the page without the library's json-key requirement", async () => {
    const html = await (await fetch(`${api.url}/trpc-panel`)).text();
    expect(html).toContain("Validate Input on Client");
    expect(html.includes(PANEL_JSON_REQUIREMENT)).toBe(false);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    "Execute with 'Validate input on client' ticked calls a procedure that takes no input",
    async () => {
      const page = await browser.newPage();
      const calls: number[] = [];
      page.on("response", (res) => {
        if (res.url().includes("/trpc/system.health")) calls.push(res.status());
      });
      await page.goto(`${api.url}/trpc-panel`);
      const form = await openProcedure(page, ["system", "health"]);
      expect(await form.locator("input[type=checkbox]").isChecked()).toBe(true);
      await form.locator("button[type=submit]").click();
      await expect.poll(() => calls, { timeout: 10_000 }).toEqual([200]);
      // The answer is shown under the form.
      await expect.poll(() => page.getByText(/^Response \(/).count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByText('"ok"', { exact: true }).count()).toBe(1);
      await page.close();
    },
    60_000,
  );
});
