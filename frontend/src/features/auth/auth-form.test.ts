import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/errors";
import { serverErrors, validateAuthForm } from "./AuthPages";

describe("auth form errors", () => {
  it("checks each field before sending", () => {
    expect(validateAuthForm({ name: "", email: "nope", password: "short" }, "signup")).toEqual({
      name: "Tell us what to call you.",
      email: "That doesn't look like an email address.",
      password: "Use at least 10 characters.",
    });
    expect(validateAuthForm({ email: "a@b.co", password: "x" }, "signin")).toEqual({});
  });

  it("puts server errors next to the field they are about", () => {
    const conflict = new ApiError({ code: "CONFLICT", error: "That email is taken.", retryable: false });
    expect(serverErrors(conflict)).toEqual({ email: "That email is taken." });
    const invalid = new ApiError({
      code: "VALIDATION_FAILED",
      error: "Invalid input",
      retryable: false,
      issues: [{ path: "password", message: "Too common." }],
    });
    expect(serverErrors(invalid)).toEqual({ password: "Too common." });
    const down = new ApiError({ code: "SERVICE_UNAVAILABLE", error: "Down for maintenance.", retryable: true });
    expect(serverErrors(down)).toEqual({ form: "Down for maintenance." });
  });
});
