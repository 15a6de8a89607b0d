import { AppError } from "@coherence/shared";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appErrorToTRPC, INTERNAL_MESSAGE, toErrorBody } from "./errors";

describe("toErrorBody", () => {
  it("passes an AppError's message, code and retryable through with its status", () => {
    const out = toErrorBody(new AppError("NOT_FOUND", "Video not found."));
    expect(out).toMatchObject({
      status: 404,
      expected: true,
      body: { error: "Video not found.", code: "NOT_FOUND", retryable: false },
    });
  });

  it("finds an AppError wrapped as the cause of a TRPCError", () => {
    const err = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new AppError("RATE_LIMITED", "Slow down.") });
    expect(toErrorBody(err)).toMatchObject({ status: 429, body: { code: "RATE_LIMITED", retryable: true } });
  });

  it("keeps an AppError's headers (Retry-After)", () => {
    const out = toErrorBody(new AppError("RATE_LIMITED", "Slow down.", { headers: { "Retry-After": "7" } }));
    expect(out.headers).toEqual({ "Retry-After": "7" });
  });

  it("turns zod input errors into VALIDATION_FAILED naming each field", () => {
    const parsed = z.object({ email: z.email() }).safeParse({ email: "nope" });
    const err = new TRPCError({ code: "BAD_REQUEST", cause: parsed.error });
    const out = toErrorBody(err);
    expect(out.status).toBe(400);
    expect(out.body.code).toBe("VALIDATION_FAILED");
    expect(out.body.issues?.[0]?.path).toBe("email");
    expect(out.body.error).toContain("email");
  });

  it("hides unexpected errors behind a generic, retryable message", () => {
    const out = toErrorBody(new Error("connection string postgres://secret leaked"));
    expect(out).toEqual({
      status: 500,
      expected: false,
      body: { error: INTERNAL_MESSAGE, code: "INTERNAL", retryable: true },
    });
  });

  it("a full disk, however deeply wrapped, is a retryable 507 STORAGE_FULL that leaks no path", () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write '/srv/storage/.tmp-1'"), {
      code: "ENOSPC",
    });
    const out = toErrorBody(new Error("pipeline failed", { cause: enospc }));
    expect(out).toMatchObject({ status: 507, body: { code: "STORAGE_FULL", retryable: true } });
    expect(out.body.error).not.toContain("/srv");
    expect(toErrorBody(Object.assign(new Error("quota"), { code: "EDQUOT" })).body.code).toBe("STORAGE_FULL");
  });

  it("an unreachable or restarting database is a retryable 503, not a 500", () => {
    for (const err of [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
      new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: Object.assign(new Error("x"), { code: "57P03" }) }),
    ]) {
      expect(toErrorBody(err), err.message).toMatchObject({
        status: 503,
        expected: false,
        body: { code: "SERVICE_UNAVAILABLE", retryable: true },
      });
    }
  });

  it("hides a TRPCError INTERNAL_SERVER_ERROR message", () => {
    const out = toErrorBody(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "stack trace here" }));
    expect(out.body.error).toBe(INTERNAL_MESSAGE);
  });

  it("maps Express body errors (bad JSON, too large)", () => {
    expect(toErrorBody(Object.assign(new Error("x"), { status: 400, type: "entity.parse.failed" }))).toMatchObject({
      status: 400,
      body: { code: "BAD_REQUEST", error: "The request body is not valid JSON." },
    });
    expect(toErrorBody(Object.assign(new Error("x"), { status: 413 }))).toMatchObject({
      status: 413,
      body: { code: "PAYLOAD_TOO_LARGE" },
    });
  });

  it("maps other tRPC codes to ours, keeping their message", () => {
    expect(toErrorBody(new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." }))).toMatchObject({
      status: 401,
      body: { code: "UNAUTHORIZED", error: "Sign in first." },
    });
  });
});

describe("appErrorToTRPC", () => {
  it("chooses the tRPC code whose HTTP status matches", () => {
    expect(appErrorToTRPC(new AppError("INVALID_MEDIA", "Not a video.")).code).toBe("UNPROCESSABLE_CONTENT");
    expect(appErrorToTRPC(new AppError("SERVICE_UNAVAILABLE", "Down.")).code).toBe("SERVICE_UNAVAILABLE");
    expect(appErrorToTRPC(new AppError("CSRF_FAILED", "No token.")).code).toBe("FORBIDDEN");
  });
});
