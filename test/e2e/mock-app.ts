import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { freePort, startVite, waitForHttp } from "./processes";

/** The mock API's demo talk (frontend/src/mocks/fixtures.ts): complete, with flags and a transcript. */
export const DEMO_TALK = "7a1f9c1e-0001-4000-8000-000000000001";

export type MockApp = { base: string; browser: Browser; stop: () => Promise<void> };

/** The web app on its in-browser mock API (frontend/src/mocks), served by Vite on a free port, and a browser. */
export async function startMockApp(): Promise<MockApp> {
  const port = await freePort();
  const web = startVite(port, { VITE_MOCK_API: "1" });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(base, web);
  const browser = await launchBrowser();
  return {
    base,
    browser,
    stop: async () => {
      await browser.close();
      await web.stop();
    },
  };
}
