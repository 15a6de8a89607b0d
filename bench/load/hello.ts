// The baseline: a bare Express "hello" on the same machine, in its own process.
import express from "express";

const app = express();
app.disable("x-powered-by");
app.get("/", (_req, res) => {
  res.json({ hello: "world" });
});
// The same listen backlog as the API (packages/api/src/server.ts), so the comparison is fair.
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", 4096, () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
server.keepAliveTimeout = 65_000;
process.on("SIGTERM", () => server.close(() => process.exit(0)));
