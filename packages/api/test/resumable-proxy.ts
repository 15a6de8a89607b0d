import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP proxy in front of the API that counts the request body bytes it
 * forwards and, once, cuts the connection after `cutAfterBytes` of them.
 */
export type CuttingProxy = { url: string; bodyBytes: () => number; cuts: () => number; close: () => Promise<void> };

export async function startCuttingProxy(opts: { target: string; cutAfterBytes: number }): Promise<CuttingProxy> {
  const target = new URL(opts.target);
  let forwarded = 0;
  let cuts = 0;
  const server: Server = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.on("data", (chunk: Buffer) => {
      const room = cuts === 0 ? opts.cutAfterBytes - forwarded : Number.POSITIVE_INFINITY;
      if (chunk.length < room) {
        forwarded += chunk.length;
        upstream.write(chunk);
        return;
      }
      // The connection drops here: the part that fits is delivered, the rest is lost.
      cuts++;
      forwarded += room;
      upstream.end(chunk.subarray(0, room), () => {
        upstream.destroy();
        req.socket.destroy();
      });
    });
    req.on("end", () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodyBytes: () => forwarded,
    cuts: () => cuts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
