// The access matrix, generated from the router itself: every procedure (tRPC) and
// every REST operation (OpenAPI document) answers 401 without credentials unless it is
// on the explicit public allowlist, and every procedure that takes a resource id answers
// another user's resource exactly as it answers a missing one (404). A procedure added
// later is covered automatically; one taking an id of a new kind fails here until it
// gets an ownership fixture below.
import { randomUUID } from "node:crypto";
import { AppError } from "@coherence/shared";
import type { AnyTRPCProcedure } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument } from "../src/openapi";
import { appRouter } from "../src/router";
import { authedProcedure, router } from "../src/trpc/procedures";
import { registerTestUser, type TestUser } from "./auth-helpers";
import { startTestApi, type TestApi } from "./helpers";

/** Procedures anyone may call. Adding one here is a security decision: say why. */
const PUBLIC_PROCEDURES: Record<string, string> = {
  "system.health": "liveness probe",
  "system.uploadConfig": "the upload limits (sizes, durations, types) from the configuration, no secrets",
  "auth.register": "creates the credentials",
  "auth.login": "exchanges credentials for tokens",
  "auth.refresh": "authenticated by the refresh token it carries",
  "auth.logout": "authenticated by the refresh token it carries",
  "auth.csrf": "authenticated by the refresh cookie; readable only by allowlisted origins",
  "auth.providers": "the sign-in buttons: provider ids and names from the configuration, no secrets",
  "auth.session": "the session probe: answers only about the caller's own credentials",
};

/** Creates a resource of a kind owned by `ownerId` and returns its id. */
type Fixture = (api: TestApi, ownerId: string) => Promise<string>;

async function createVideo(api: TestApi, ownerId: string): Promise<string> {
  const row = await api.testDb.db
    .insertInto("videos")
    .values({ userId: ownerId, title: "owned by someone else", status: "complete", stage: "complete", progress: 100 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function createAnalysis(api: TestApi, ownerId: string): Promise<string> {
  const videoId = await createVideo(api, ownerId);
  const row = await api.testDb.db
    .insertInto("analyses")
    .values({ videoId, coherenceScore: 70, scoreTier: "Proficient" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function createDirectUpload(api: TestApi, ownerId: string): Promise<string> {
  const row = await api.testDb.db
    .insertInto("videoUploads")
    .values({
      userId: ownerId,
      storageKey: `users/${ownerId}/videos/${crypto.randomUUID()}/original`,
      contentType: "video/mp4",
      sizeBytes: 1000,
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const FIXTURES: Record<string, Fixture> = {
  video: createVideo,
  upload: createDirectUpload,
  analysis: createAnalysis,
  // A user is the resource "owned" by itself (admin procedures that act on a user).
  user: async (_api, ownerId) => ownerId,
};
const TABLES = { video: "videos", analysis: "analyses", user: "users", upload: "videoUploads" } as const;

/** Which kind of resource an id-like input key names, from the key and the procedure path. */
function resourceKind(procedurePath: string, key: string): string | undefined {
  if (key === "videoId") return "video";
  if (key === "analysisId") return "analysis";
  if (key === "userId") return "user";
  if (key === "uploadId") return "upload";
  if (key === "id") {
    const namespace = procedurePath.split(".")[0];
    if (namespace === "videos") return "video";
    if (namespace === "analyses" || namespace === "analysis") return "analysis";
  }
  return undefined;
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** A minimal valid value for a JSON schema: required fields only. */
function sample(schema: JsonSchema | undefined, overrides: Record<string, unknown> = {}): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return sample(alternatives.find((a) => a.type !== "null") ?? alternatives[0], overrides);
  if (schema.allOf) return sample(Object.assign({}, ...schema.allOf), overrides);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key]);
      for (const [key, value] of Object.entries(overrides)) if (schema.properties?.[key]) out[key] = value;
      return out;
    }
    case "string":
      if (schema.format === "uuid") return randomUUID();
      if (schema.format === "email") return "someone@example.test";
      if (schema.format === "date-time") return new Date().toISOString();
      return "x".repeat(Math.max(1, schema.minLength ?? 1));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items));
    default:
      return undefined;
  }
}

type ProcedureInfo = {
  path: string;
  type: "query" | "mutation" | "subscription";
  input: JsonSchema | undefined;
  idKeys: string[];
};

function describeProcedures(): ProcedureInfo[] {
  // At run time this is flat, keyed by dotted path.
  const record = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(record).map(([path, procedure]) => {
    const def = procedure._def as unknown as { type: ProcedureInfo["type"]; inputs: z.ZodType[] };
    const inputSchema = def.inputs[0];
    const input = inputSchema
      ? (z.toJSONSchema(inputSchema, { io: "input", unrepresentable: "any" }) as JsonSchema)
      : undefined;
    const idKeys = Object.entries(input?.properties ?? {})
      .filter(([key, prop]) => key === "id" || /Id$/.test(key) || (prop.format === "uuid" && /id/i.test(key)))
      .map(([key]) => key);
    return { path, type: def.type, input, idKeys };
  });
}

const procedures = describeProcedures();

async function callTrpc(
  api: TestApi,
  proc: ProcedureInfo,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const encoded = input === undefined ? undefined : JSON.stringify({ json: input });
  if (proc.type === "query") {
    const qs = encoded ? `?input=${encodeURIComponent(encoded)}` : "";
    return await fetch(`${api.url}/trpc/${proc.path}${qs}`, { headers });
  }
  return await fetch(`${api.url}/trpc/${proc.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: encoded ?? "{}",
  });
}

/**
 * Calls `proc` as a stranger with the owner's resource ids and with random ids;
 * returns what is wrong, or null when both answer the same 404.
 */
async function ownershipProblem(proc: ProcedureInfo): Promise<string | null> {
  const owned: Record<string, string> = {};
  const missing: Record<string, string> = {};
  for (const key of proc.idKeys) {
    const kind = resourceKind(proc.path, key);
    if (!kind) return `no ownership fixture for ${proc.path} (${key})`;
    owned[key] = await FIXTURES[kind]!(api, owner.id);
    missing[key] = randomUUID();
  }
  const theirs = await callTrpc(api, proc, sample(proc.input, owned), stranger.auth);
  const nowhere = await callTrpc(api, proc, sample(proc.input, missing), stranger.auth);
  if (theirs.status !== 404) return `another user's resource answered ${theirs.status}, not 404`;
  if (nowhere.status !== 404) return `a missing resource answered ${nowhere.status}, not 404`;
  type ErrorJson = { error: { json: { message: string; data: Record<string, unknown> } } };
  const strip = (b: ErrorJson) => {
    const { path: _p, stack: _s, ...rest } = b.error.json.data;
    return JSON.stringify({ message: b.error.json.message, ...rest });
  };
  const [a, b] = [strip((await theirs.json()) as ErrorJson), strip((await nowhere.json()) as ErrorJson)];
  if (a !== b) return `answers differ: ${a} vs ${b}`;
  // Whatever the procedure tried, the owner's resources are untouched.
  for (const [key, id] of Object.entries(owned)) {
    const kind = resourceKind(proc.path, key);
    const table = TABLES[kind as keyof typeof TABLES];
    const still = await api.testDb.db.selectFrom(table).select("id").where("id", "=", id).execute();
    if (still.length !== 1) return `the owner's ${kind} ${key} was removed`;
  }
  return null;
}

// Two probes served next to the real router to prove the check above can fail:
// one looks a video up without the owner condition (a leak), one does it right.
const canary = router({
  leaky: authedProcedure.input(z.object({ videoId: z.uuid() })).query(async ({ ctx, input }) => {
    const v = await ctx.deps.db.selectFrom("videos").select("id").where("id", "=", input.videoId).executeTakeFirst();
    if (!v) throw new AppError("NOT_FOUND", "Video not found.");
    return v;
  }),
  owned: authedProcedure.input(z.object({ videoId: z.uuid() })).query(async ({ ctx, input }) => {
    const v = await ctx.deps.db
      .selectFrom("videos")
      .select("id")
      .where("id", "=", input.videoId)
      .where("userId", "=", ctx.user.id)
      .executeTakeFirst();
    if (!v) throw new AppError("NOT_FOUND", "Video not found.");
    return v;
  }),
});

let api: TestApi;
let owner: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  api = await startTestApi({
    env: { RATE_LIMIT_API_MAX: "100000" },
    router: router({ ...appRouter._def.record, canary }),
  });
  owner = await registerTestUser(api);
  stranger = await registerTestUser(api);
});
afterAll(async () => {
  await api?.stop();
});

describe("the router", () => {
  it("has procedures, none of them subscriptions (this matrix would need to learn them)", () => {
    expect(procedures.length).toBeGreaterThan(5);
    expect(procedures.filter((p) => p.type === "subscription").map((p) => p.path)).toEqual([]);
  });

  it("every public allowlist entry is a real procedure", () => {
    const paths = new Set(procedures.map((p) => p.path));
    expect(Object.keys(PUBLIC_PROCEDURES).filter((p) => !paths.has(p))).toEqual([]);
  });
});

describe("unauthenticated → 401, for every non-public procedure over tRPC", () => {
  for (const proc of procedures.filter((p) => !(p.path in PUBLIC_PROCEDURES))) {
    it(`${proc.type} ${proc.path}`, async () => {
      const res = await callTrpc(api, proc, sample(proc.input));
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { json: { data: { code: string } } } };
      expect(body.error.json.data.code).toBe("UNAUTHORIZED");
      // A garbage token is no better than none.
      const forged = await callTrpc(api, proc, sample(proc.input), { authorization: "Bearer not-a-token" });
      expect(forged.status).toBe(401);
    });
  }
});

describe("unauthenticated → 401, for every non-public REST operation, at /api/v1 and /api", () => {
  const doc = buildOpenApiDocument("http://localhost/api/v1") as unknown as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
  };
  const publicOperationIds = new Set(Object.keys(PUBLIC_PROCEDURES).map((p) => p.replaceAll(".", "-")));
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

  it("the document lists the auth and users operations", () => {
    const listed = operations.map((o) => `${o.method} ${o.path}`);
    for (const expected of ["POST /auth/login", "GET /auth/me", "GET /users/me", "DELETE /users/me"]) {
      expect(listed).toContain(expected);
    }
  });

  for (const { path, method, op } of operations) {
    const isPublic = op.operationId ? publicOperationIds.has(op.operationId) : false;
    if (isPublic) continue;
    it(`${method} ${path}`, async () => {
      const concrete = path.replace(/\{[^}]+\}/g, () => randomUUID());
      for (const prefix of ["/api/v1", "/api"]) {
        const res = await fetch(`${api.url}${prefix}${concrete}`, {
          method,
          headers: method === "GET" || method === "DELETE" ? {} : { "content-type": "application/json" },
          body: method === "GET" || method === "DELETE" ? undefined : "{}",
        });
        expect(res.status, `${prefix}${path}`).toBe(401);
        expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED", retryable: false });
      }
    });
  }

  it("the public operations really are public", async () => {
    expect((await fetch(`${api.url}/api/v1/health`)).status).toBe(200);
  });
});

describe("another user's resource → 404, exactly like a missing one", () => {
  const withIds = procedures.filter((p) => p.idKeys.length > 0 && !(p.path in PUBLIC_PROCEDURES));

  it("every id-taking procedure has an ownership fixture", () => {
    const missing = withIds.flatMap((p) =>
      p.idKeys.filter((k) => !resourceKind(p.path, k)).map((k) => `${p.path} (${k}): add a fixture`),
    );
    expect(missing).toEqual([]);
  });

  for (const proc of withIds) {
    it(`${proc.type} ${proc.path}`, async () => {
      expect(await ownershipProblem(proc)).toBeNull();
    });
  }

  it("the check itself catches a procedure that leaks another user's resource", async () => {
    const [leaky, owned] = ["canary.leaky", "canary.owned"].map((path) => ({
      path,
      type: "query" as const,
      input: { type: "object", properties: { videoId: { type: "string", format: "uuid" } }, required: ["videoId"] },
      idKeys: ["videoId"],
    }));
    expect(await ownershipProblem(leaky!)).toMatch(/answered 200/);
    expect(await ownershipProblem(owned!)).toBeNull();
  });

  it("the owner's own listing never shows the stranger's videos (and vice versa)", async () => {
    await createVideo(api, owner.id);
    const res = await fetch(`${api.url}/api/users/me/videos?limit=100`, { headers: stranger.auth });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
