import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "@coherence/api/testing";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { buildWebApp, freePort, serveStatic } from "./processes";

export type BuiltApp = {
  api: TestApi;
  browser: Browser;
  appOrigin: string;
  apiOrigin: string;
  stop: () => Promise<void>;
};

/**
 * The production build on its own origin (app.coherence.test) against the real API on
 * another (api.coherence.test), both mapped to loopback inside Chromium, as deployed with
 * app.example.com and api.example.com: same site, other origin. The build is served as a
 * static host or CDN would (any Host header; index.html for client routes).
 */
export async function startBuiltApp(opts: { env?: Record<string, string> } = {}): Promise<BuiltApp> {
  const webPort = await freePort();
  const appOrigin = `http://app.coherence.test:${webPort}`;
  const api = await startTestApi({ env: { FRONTEND_URL: appOrigin, CORS_ORIGINS: appOrigin, ...opts.env } });
  const apiOrigin = `http://api.coherence.test:${new URL(api.url).port}`;
  const dist = mkdtempSync(join(tmpdir(), "coherence-web-dist-"));
  await buildWebApp({ outDir: dist, apiUrl: apiOrigin });
  const web = await serveStatic(dist, webPort);
  const browser = await launchBrowser({ args: ["--host-resolver-rules=MAP *.coherence.test 127.0.0.1"] });
  return {
    api,
    browser,
    appOrigin,
    apiOrigin,
    stop: async () => {
      await browser.close();
      await new Promise((resolve) => web.close(resolve));
      await api.stop();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
