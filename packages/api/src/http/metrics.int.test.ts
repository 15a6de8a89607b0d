import { enqueueJob } from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestApi, type TestApi } from "../../test/helpers";
import { appRouter } from "../router";
import { publicProcedure, router } from "../trpc/procedures";

// The app router plus one procedure that enqueues a job, to see the request id reach the payload.
const testRouter = router({
  ...appRouter._def.record,
  boom: router({
    trpc: publicProcedure.query(() => {
      throw new Error("unexpected failure with a secret: postgres://u:p@db");
    }),
    rest: publicProcedure
      .meta({ openapi: { method: "GET", path: "/boom" } })
      .input(z.void())
      .output(z.object({ ok: z.boolean() }))
      .query(() => {
        throw new Error("unexpected REST failure");
      }),
  }),
  probe: router({
    enqueue: publicProcedure.input(z.object({ note: z.string() })).mutation(async ({ ctx, input }) => {
      await ctx.deps.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, {
          task: "probe",
          payload: { note: input.note },
          runAt: new Date(Date.now() + 3_600_000),
        });
      });
      return { ok: true };
    }),
  }),
});

let api: TestApi;
let secured: TestApi;

beforeAll(async () => {
  api = await startTestApi({ router: testRouter });
  secured = await startTestApi({ env: { METRICS_TOKEN: "scrape-token-0123456789" } });
});

afterAll(async () => {
  await api?.stop();
  await secured?.stop();
});

describe("GET /metrics on the API", () => {
  it("exposes request counts and latency by route pattern, and the database pool", async () => {
    await fetch(`${api.url}/healthz`);
    await fetch(`${api.url}/readyz`);
    await fetch(`${api.url}/api/v1/health`);
    await fetch(`${api.url}/trpc/system.health`);
    await fetch(`${api.url}/api/v1/no-such-thing/7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11`);
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const body = await res.text();
    expect(body).toMatch(/coherence_http_requests_total\{method="GET",route="\/healthz",status_code="200"\} \d+/);
    expect(body).toMatch(/coherence_http_requests_total\{method="GET",route="\/readyz",status_code="200"\}/);
    expect(body).toMatch(/coherence_http_requests_total\{method="GET",route="\/api\/v1\/health",status_code="200"\}/);
    expect(body).toMatch(
      /coherence_http_requests_total\{method="GET",route="\/trpc\/system.health",status_code="200"\}/,
    );
    expect(body).toMatch(/coherence_http_requests_total\{method="GET",route="\(unmatched\)",status_code="404"\}/);
    expect(body).toMatch(/coherence_http_request_duration_seconds_bucket\{le="0.2",method="GET",route="\/healthz"/);
    expect(body).not.toContain("7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11");
    // Two test APIs share this process, so the "api" pool gauges add up both.
    expect(body).toMatch(/coherence_db_pool_max_connections\{pool="api"\} 20/);
    expect(body).toContain("coherence_db_pool_waiting_clients");
    expect(body).toContain("coherence_http_requests_in_flight");
    // Scrapes themselves are not traffic.
    expect(body).not.toContain('route="/metrics"');
  });

  it("puts the request id of the request that enqueued a job into the job's payload", async () => {
    const requestId = "req-propagation-test-1";
    const res = await fetch(`${api.url}/trpc/probe.enqueue`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ json: { note: "hello" } }),
    });
    expect(res.status).toBe(200);
    const { rows } = await sql<{ payload: { note: string; requestId?: string } }>`
      select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'probe'`.execute(api.testDb.db);
    expect(rows).toEqual([{ payload: { note: "hello", requestId } }]);
  });

  it("counts unexpected errors (the ones sent to Sentry) from tRPC and REST, never leaking them", async () => {
    const count = async () => {
      const body = await (await fetch(`${api.url}/metrics`)).text();
      return Number(/coherence_unexpected_errors_total\{service="[^"]+"\} (\d+)/.exec(body)?.[1] ?? 0);
    };
    const before = await count();
    const trpc = await fetch(`${api.url}/trpc/boom.trpc`);
    expect(trpc.status).toBe(500);
    expect(await trpc.text()).not.toContain("postgres://");
    const rest = await fetch(`${api.url}/api/v1/boom`);
    expect(rest.status).toBe(500);
    expect(await rest.json()).toMatchObject({ code: "INTERNAL", retryable: true });
    expect(await count()).toBe(before + 2);
  });

  it("with METRICS_TOKEN set, answers only a scraper that sends the token", async () => {
    expect((await fetch(`${secured.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${secured.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(404);
    const ok = await fetch(`${secured.url}/metrics`, { headers: { authorization: "Bearer scrape-token-0123456789" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("coherence_http_requests_total");
  });
});
