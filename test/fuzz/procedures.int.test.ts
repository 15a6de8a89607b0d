import { appRouter } from "@coherence/api";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "@coherence/api/testing";
import { signAccessToken } from "@coherence/core";
import type { AnyTRPCProcedure } from "@trpc/server";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { fuzzInputs } from "./zod-arbitrary";

// Property-based fuzzing of every procedure in the app router over HTTP (tRPC, and REST
// for procedures with OpenAPI meta), with inputs generated from each procedure's zod
// schema plus junk. The router is walked at run time, so procedures added later are
// fuzzed without changing this file. Property: no response is a 500, every error body
// is JSON, and nothing rejects unhandled.
type ProcDef = {
  type: "query" | "mutation" | "subscription";
  inputs: z.ZodType[];
  meta?: { openapi?: { method: string; path: string } };
};

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>)
  .map(([path, proc]) => ({ path, def: (proc as unknown as { _def: ProcDef })._def }))
  .filter((p) => p.def.type !== "subscription");
const TOTAL = Number(process.env.FUZZ_TOTAL ?? 10_000);
const BATCH = 20;
const RUNS_PER_PROCEDURE = Math.max(200, Math.ceil(TOTAL / Math.max(procedures.length, 1)));

let api: TestApi;
const tokens: Record<string, string | undefined> = {};
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let sent = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  api = await startTestApi();
  const users = await api.testDb.db
    .insertInto("users")
    .values([
      { email: "fuzz-user@test.invalid", role: "user" },
      { email: "fuzz-admin@test.invalid", role: "admin" },
    ])
    .returning(["id", "role"])
    .execute();
  for (const u of users) {
    tokens[u.role] = await signAccessToken(
      { userId: u.id, role: u.role as "user" | "admin" },
      { secret: TEST_AUTH_SECRET },
    );
  }
  tokens.garbage = "not-a-jwt";
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await api?.stop();
  console.info(
    `fuzz: ${sent} requests over ${procedures.length} procedure(s); statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
});

function restRequest(openapi: { method: string; path: string }, input: unknown): { url: string; init: RequestInit } {
  const fields =
    typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const used = new Set<string>();
  const path = openapi.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    used.add(name);
    // A path parameter missing from an object input is sent empty; a primitive input stands for it.
    const value = name in fields ? fields[name] : typeof input === "object" ? "" : input;
    return encodeURIComponent(
      typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? ""),
    );
  });
  const method = openapi.method.toUpperCase();
  if (method === "GET" || method === "DELETE") {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) {
      if (used.has(k) || v === undefined) continue;
      qs.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
    }
    const q = qs.toString();
    return { url: `/api/v1${path}${q ? `?${q}` : ""}`, init: { method } };
  }
  return {
    url: `/api/v1${path}`,
    init: { method, headers: { "content-type": "application/json" }, body: JSON.stringify(input ?? null) ?? "null" },
  };
}

/** superjson refuses to serialize some hostile objects (a `constructor` key); those go as plain JSON. */
function encodeTrpc(input: unknown): string {
  try {
    return superjson.stringify(input);
  } catch {
    return `{"json":${JSON.stringify(input) ?? "null"}}`;
  }
}

function trpcRequest(path: string, type: "query" | "mutation", input: unknown): { url: string; init: RequestInit } {
  const encoded = input === undefined ? undefined : encodeTrpc(input);
  if (type === "query") {
    return { url: `/trpc/${path}${encoded ? `?input=${encodeURIComponent(encoded)}` : ""}`, init: { method: "GET" } };
  }
  return {
    url: `/trpc/${path}`,
    init: { method: "POST", headers: { "content-type": "application/json" }, body: encoded ?? "{}" },
  };
}

describe("fuzzing every procedure over HTTP", () => {
  it("finds procedures in the router", () => {
    expect(procedures.length).toBeGreaterThan(0);
  });

  for (const { path, def } of procedures) {
    it(`${path}: ${RUNS_PER_PROCEDURE} generated inputs, no 500 and JSON error bodies`, async () => {
      const openapi = def.meta?.openapi;
      const transports = openapi ? (["trpc", "rest"] as const) : (["trpc"] as const);
      const call = fc.tuple(
        fuzzInputs(def.inputs),
        fc.constantFrom(...transports),
        fc.constantFrom("user", "admin", "none", "garbage"),
      );
      // Each property run sends a batch concurrently: the same inputs, a fraction of the wall time.
      await fc.assert(
        fc.asyncProperty(fc.array(call, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          await Promise.all(
            batch.map(async ([input, transport, who]) => {
              const { url, init } =
                transport === "rest" && openapi
                  ? restRequest(openapi, input)
                  : trpcRequest(path, def.type as "query" | "mutation", input);
              const token = tokens[who];
              const headers = {
                ...(init.headers as Record<string, string>),
                ...(token ? { authorization: `Bearer ${token}` } : {}),
              };
              const res = await fetch(`${api.url}${url}`, { ...init, headers });
              const text = await res.text();
              sent++;
              statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
              if (res.status === 500) throw new Error(`500 from ${init.method} ${url}: ${text.slice(0, 300)}`);
              if (res.status >= 400) JSON.parse(text);
            }),
          );
        }),
        {
          numRuns: Math.ceil(RUNS_PER_PROCEDURE / BATCH),
          interruptAfterTimeLimit: 150_000,
          markInterruptAsFailure: true,
        },
      );
      expect(unhandled).toEqual([]);
    }, 180_000);
  }

  it(`sends at least ${TOTAL} inputs in total`, () => {
    expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL, RUNS_PER_PROCEDURE * procedures.length));
    expect(RUNS_PER_PROCEDURE * procedures.length).toBeGreaterThanOrEqual(TOTAL);
  });
});
