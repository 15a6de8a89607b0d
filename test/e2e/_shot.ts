import { launchBrowser, screenshot } from "/work/wt/web/test/e2e/browser.ts";
const base = "http://127.0.0.1:5199";
const b = await launchBrowser();
for (const [w, h, suffix] of [[1280, 860, ""], [390, 844, "-phone"]] as const) {
  const ctx = await b.newContext({ viewport: { width: w, height: h } });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => console.log("pageerror", e.message));
  p.on("console", (m) => m.type() === "error" && console.log("console", m.text()));
  const pages = (process.argv[2] ?? "dashboard").split(",");
  for (const name of pages) {
    const url = { dashboard: "/?mock=demo", results: "/talks/7a1f9c1e-0001-4000-8000-000000000001", upload: "/upload", processing: "/talks/x/processing", progress: "/progress", settings: "/settings", signin: "/signin?mock=signedout", signup: "/signup?mock=signedout", empty: "/?mock=empty" }[name]!;
    await p.goto(base + url);
    await p.waitForTimeout(1500);
    console.log(await screenshot(p, `mock-${name}${suffix}`));
  }
  await ctx.close();
}
await b.close();
