// Issue 13, items 7 and 8: the OpenAPI document checked against the router it is generated
// from and against the running server; and the unversioned aliases marked as legacy.
import { PASSWORD_MAX_LENGTH } from "@coherence/core";
import type { AnyTRPCProcedure } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEGACY_DEPRECATED_SINCE } from "../src/http/legacy-alias";
import { buildOpenApiDocument } from "../src/openapi";
import { appRouter } from "../src/router";
import { requireUser } from "../src/trpc/procedures";
import { startTestApi, type TestApi } from "./helpers";

type Schema = {
  type?: string;
  maxLength?: number;
  minLength?: number;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
};
type Doc = { info: { description: string }; paths: Record<string, Record<string, Operation>> };

const doc = buildOpenApiDocument("http://localhost/api/v1") as unknown as Doc;

type ProcedureDef = { meta?: { openapi?: { method: string; path: string } }; middlewares: unknown[] };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>).map(
  ([path, proc]) => ({ path, def: (proc as unknown as { _def: ProcedureDef })._def }),
);
const userMiddlewares = (requireUser as unknown as { _middlewares: unknown[] })._middlewares;
/** Whether the procedure runs the access-token check: read from the router, not from the document. */
const needsAccessToken = (def: ProcedureDef) => def.middlewares.some((m) => userMiddlewares.includes(m));

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

function operation(method: string, path: string): Operation {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`the document lacks ${method} ${path}`);
  return op;
}

/** The property's schema, through the wrappers optional() and the like produce. */
function property(schema: Schema | undefined, name: string): Schema | undefined {
  const found = schema?.properties?.[name];
  return found?.anyOf?.find((s) => s.type === "string") ?? found?.allOf?.[0] ?? found;
}

describe("the OpenAPI document against the router", () => {
  const rest = procedures.filter((p) => p.def.meta?.openapi);

  it("has an operation for every REST procedure, and marks exactly those needing an access token", () => {
    expect(rest.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const { path, def } of rest) {
      const { method, path: route } = def.meta!.openapi!;
      const op = operation(method, route);
      const documented = (op.security ?? []).some((s) => "bearerAuth" in s);
      if (documented !== needsAccessToken(def)) wrong.push(`${path} (${method} ${route}): security ${documented}`);
    }
    expect(wrong).toEqual([]);
  });

  it("documents the public operations as public", () => {
    for (const [method, path] of [
      ["GET", "/health"],
      ["GET", "/config/upload"],
      ["POST", "/auth/register"],
      ["POST", "/auth/login"],
      ["GET", "/auth/providers"],
      ["GET", "/auth/csrf"],
    ]) {
      expect(operation(method!, path!).security ?? [], `${method} ${path}`).toEqual([]);
    }
    expect(operation("GET", "/users/me").security).toEqual([{ bearerAuth: [] }]);
  });

  it("gives every password field the server's maximum (128 characters)", () => {
    const body = (method: string, path: string) =>
      operation(method, path).requestBody?.content["application/json"].schema;
    const fields = [
      property(body("POST", "/auth/register"), "password"),
      property(body("POST", "/auth/login"), "password"),
      property(body("PUT", "/users/me"), "currentPassword"),
      property(body("PUT", "/users/me"), "newPassword"),
      property(body("DELETE", "/users/me"), "password"),
    ];
    for (const field of fields) expect(field?.maxLength).toBe(PASSWORD_MAX_LENGTH);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it("documents DELETE /users/me's password as a JSON body, never as a query parameter", () => {
    const op = operation("DELETE", "/users/me");
    expect(op.parameters?.filter((p) => p.in === "query")).toEqual([]);
    expect(property(op.requestBody?.content["application/json"].schema, "password")?.type).toBe("string");
  });

  it("has a versioning section", () => {
    expect(doc.info.description).toContain("**Versioning.**");
    expect(doc.info.description).toContain("Deprecation");
  });
});

describe("the server enforces what the document says", () => {
  const register = (password: string) =>
    fetch(`${api.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `len-${crypto.randomUUID()}@example.test`, password }),
    });
  // Characters outside the BMP take two UTF-16 units: maxLength counts characters, as the server does.
  const astral = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x1f600 + (i % 64))).join("");

  it("accepts a password of exactly 128 characters, even of 256 UTF-16 units", async () => {
    expect((await register(astral(PASSWORD_MAX_LENGTH))).status).toBe(200);
  });

  it("refuses 129 characters, and even 600, with one 'too long' message", async () => {
    for (const password of [astral(PASSWORD_MAX_LENGTH + 1), "long password ".repeat(43)]) {
      const res = await register(password);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { issues: { path: string; message: string }[]; error: string };
      expect(body.issues).toEqual([{ path: "password", message: "Password must be at most 128 characters long." }]);
      expect(body.error.match(/at most 128/g)).toHaveLength(1);
    }
  });

  it("the public operations answer without a token, over /api/v1", async () => {
    expect((await fetch(`${api.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${api.url}/api/v1/auth/providers`)).status).toBe(200);
  });
});

describe("the unversioned /api/... aliases are the legacy contract", () => {
  it("answer like /api/v1, with Deprecation and a Link to the successor", async () => {
    const legacy = await fetch(`${api.url}/api/health`);
    const current = await fetch(`${api.url}/api/v1/health`);
    expect(legacy.status).toBe(current.status);
    expect(legacy.headers.get("deprecation")).toBe(LEGACY_DEPRECATED_SINCE);
    expect(legacy.headers.get("link")).toBe('</api/v1/health>; rel="successor-version"');
    expect(current.headers.get("deprecation")).toBeNull();
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.test", password: "not a real one" }),
    });
    expect(login.status).toBe(401);
    expect(login.headers.get("deprecation")).toBe(LEGACY_DEPRECATED_SINCE);
    expect(login.headers.get("link")).toBe('</api/v1/auth/login>; rel="successor-version"');
  });

  it("the docs and the OAuth redirects (registered at providers) are not deprecated", async () => {
    expect((await fetch(`${api.url}/api/docs/`)).headers.get("deprecation")).toBeNull();
    expect((await fetch(`${api.url}/api/auth/oauth/providers`)).headers.get("deprecation")).toBeNull();
  });
});
