import { AppError } from "@coherence/shared";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../src/router";
import { publicProcedure, router } from "../src/trpc/procedures";
import { startTestApi, type TestApi } from "./helpers";

// A router with the real procedures plus a few that fail in each way, to test
// the one error formatter on both transports.
const failing = router({
  notFound: publicProcedure
    .meta({ openapi: { method: "GET", path: "/test/not-found" } })
    .input(z.void())
    .output(z.object({ ok: z.boolean() }))
    .query(() => {
      throw new AppError("NOT_FOUND", "That talk does not exist.");
    }),
  validate: publicProcedure
    .meta({ openapi: { method: "POST", path: "/test/validate" } })
    .input(z.object({ email: z.email(), age: z.number().int().min(0) }))
    .output(z.object({ ok: z.boolean() }))
    .mutation(() => ({ ok: true })),
  boom: publicProcedure
    .meta({ openapi: { method: "GET", path: "/test/boom" } })
    .input(z.void())
    .output(z.object({ ok: z.boolean() }))
    .query(() => {
      throw new Error("password=hunter2 at db.ts:42");
    }),
  limited: publicProcedure
    .meta({ openapi: { method: "GET", path: "/test/limited" } })
    .input(z.void())
    .output(z.object({ ok: z.boolean() }))
    .query(() => {
      throw new AppError("RATE_LIMITED", "Too many requests; try again in 9 seconds.", {
        headers: { "Retry-After": "9" },
      });
    }),
});
const testRouter = router({ ...appRouter._def.record, test: failing });

let api: TestApi;
beforeAll(async () => {
  // No readiness cache here, so that deleting a schema_migrations row shows at once
  // (the cache itself is covered by src/http/readiness.test.ts).
  api = await startTestApi({ router: testRouter, env: { READYZ_MIGRATIONS_CACHE_MS: "0" } });
});
afterAll(async () => {
  await api?.stop();
});

describe("health", () => {
  it("/healthz answers ok", async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("/readyz is ready on a migrated database", async () => {
    const res = await fetch(`${api.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready" });
  });

  it("/readyz answers 503 while a migration is pending", async () => {
    await api.testDb.pool.query("delete from schema_migrations where name = '0001_core.sql'");
    try {
      const res = await fetch(`${api.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        retryable: true,
        error: expect.stringContaining("0001_core.sql"),
      });
    } finally {
      await api.testDb.pool.query(
        "insert into schema_migrations (name, checksum) values ('0001_core.sql', 'restored-by-test')",
      );
    }
  });

  it("GET /api/v1/health is served through the REST adapter, and at the unversioned path", async () => {
    for (const path of ["/api/v1/health", "/api/health"]) {
      const res = await fetch(`${api.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", version: expect.any(String) });
    }
  });

  it("keeps a sane incoming x-request-id and replaces a hostile one", async () => {
    const good = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(good.headers.get("x-request-id")).toBe("abc-123");
    const bad = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "<script>" } });
    expect(bad.headers.get("x-request-id")).not.toBe("<script>");
  });
});

describe("errors over REST", () => {
  it("an AppError keeps its status and body", async () => {
    const res = await fetch(`${api.url}/api/v1/test/not-found`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "That talk does not exist.", code: "NOT_FOUND", retryable: false });
  });

  it("invalid input is a 400 that names the field", async () => {
    const res = await fetch(`${api.url}/api/v1/test/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "not-an-email", age: -1 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; issues: { path: string }[]; error: string };
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.issues.map((i) => i.path).sort()).toEqual(["age", "email"]);
    expect(body.error).toMatch(/email/);
  });

  it("malformed JSON is a 400 with the standard body", async () => {
    const res = await fetch(`${api.url}/api/v1/test/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "The request body is not valid JSON.",
      code: "BAD_REQUEST",
      retryable: false,
    });
  });

  it("an unexpected error is a 500 that leaks nothing", async () => {
    const res = await fetch(`${api.url}/api/v1/test/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("db.ts");
    expect(JSON.parse(text)).toMatchObject({ code: "INTERNAL", retryable: true });
  });

  it("a rate-limited call carries Retry-After", async () => {
    const res = await fetch(`${api.url}/api/v1/test/limited`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("9");
    expect(await res.json()).toMatchObject({ code: "RATE_LIMITED", retryable: true });
  });

  it("an unknown route is a 404 with the standard body", async () => {
    const res = await fetch(`${api.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND", retryable: false });
  });
});

describe("errors over tRPC", () => {
  const client = () =>
    createTRPCClient<typeof testRouter>({ links: [httpLink({ url: `${api.url}/trpc`, transformer: superjson })] });

  it("an AppError arrives with the same body in data and the matching HTTP status", async () => {
    const err = await client()
      .test.notFound.query()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    const data = (err as TRPCClientError<typeof testRouter>).data as Record<string, unknown>;
    expect(data).toMatchObject({
      error: "That talk does not exist.",
      code: "NOT_FOUND",
      retryable: false,
      httpStatus: 404,
    });
  });

  it("invalid input names the field", async () => {
    const err = await client()
      .test.validate.mutate({ email: "x", age: 1 })
      .catch((e: unknown) => e);
    const data = (err as TRPCClientError<typeof testRouter>).data as { code: string; issues: { path: string }[] };
    expect(data.code).toBe("VALIDATION_FAILED");
    expect(data.issues[0]?.path).toBe("email");
  });

  it("an unexpected error leaks nothing", async () => {
    const res = await fetch(`${api.url}/trpc/test.boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("db.ts");
  });

  it("the same error through createCaller carries the AppError", async () => {
    const caller = testRouter.createCaller({ deps: api.deps, logger: api.deps.logger, requestId: "t", user: null });
    await expect(caller.test.notFound()).rejects.toMatchObject({ code: "NOT_FOUND", cause: { code: "NOT_FOUND" } });
  });
});

describe("docs", () => {
  it("serves the OpenAPI document with every REST procedure", async () => {
    const res = await fetch(`${api.url}/api/v1/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/health");
  });

  it("serves interactive docs and the tRPC panel outside production", async () => {
    const docs = await fetch(`${api.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger-ui");
    const panel = await fetch(`${api.url}/trpc-panel`);
    expect(panel.status).toBe(200);
    const html = await panel.text();
    // The panel embeds every procedure with its input schema.
    expect(html.includes('"pathFromRootRouter":["system","health"]')).toBe(true);
    expect(html.includes('"email":{"type":"string"')).toBe(true);
  });
});
