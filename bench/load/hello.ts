// The baseline: a bare Express "hello" on the same machine, in its own process(es): as many
// as the API runs (HELLO_PROCESSES, node:cluster sharing one port), so the shares stay comparable.
import cluster from "node:cluster";
import express from "express";

const PROCESSES = Math.max(1, Number(process.env.HELLO_PROCESSES ?? 1));

if (PROCESSES > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < PROCESSES; i++) {
    cluster.fork({ PORT: process.env.PORT ?? "0" }).on("message", (port: number) => {
      // Workers share the first worker's port: the primary hands the same port to all of them.
      if (++listening === PROCESSES) process.stdout.write(`listening ${port}\n`);
    });
  }
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
} else {
  const app = express();
  app.disable("x-powered-by");
  app.get("/", (_req, res) => {
    res.json({ hello: "world" });
  });
  // The same listen backlog as the API (packages/api/src/server.ts), so the comparison is fair.
  const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", 4096, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    if (cluster.isWorker) process.send?.(port);
    else process.stdout.write(`listening ${port}\n`);
  });
  server.keepAliveTimeout = 65_000;
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
