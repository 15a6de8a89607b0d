import { describe, expect, it } from "vitest";
import { readCsrfToken } from "./session";

describe("readCsrfToken", () => {
  it("reads the API's CSRF cookie in development and in production", () => {
    expect(readCsrfToken("a=1; coherence-csrf=tok%2Ben; b=2")).toBe("tok+en");
    expect(readCsrfToken("__Host-coherence-csrf=prod-token")).toBe("prod-token");
  });

  it("ignores other cookies", () => {
    expect(readCsrfToken("coherence-access=x; other=y")).toBeNull();
    expect(readCsrfToken("")).toBeNull();
  });
});
