import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { REDACT_PATHS } from "./logger";

/** A logger configured like createLogger's, writing JSON lines into an array. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = pino({ level: "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, stream);
  return { logger, output: () => lines.join("") };
}

const SECRETS = {
  password: "hunter2-password",
  token: "tok_0123456789abcdef",
  accessToken: "eyJhbGciOiJIUzI1NiJ9.access",
  refreshToken: "refresh-0123456789",
  apiKey: "sk-live-0123456789",
  bearer: "Bearer eyJhbGciOiJIUzI1NiJ9.header",
  cookie: "session=abcdef0123456789",
};

describe("logger redaction", () => {
  it("never writes passwords, tokens or API keys nested in logged objects", () => {
    const { logger, output } = capture();
    logger.info({ body: { email: "a@example.com", password: SECRETS.password, newPassword: "n3w-secret-pw" } });
    logger.info({
      auth: { token: SECRETS.token, accessToken: SECRETS.accessToken, refreshToken: SECRETS.refreshToken },
    });
    logger.info({ provider: { name: "gemini", apiKey: SECRETS.apiKey } });
    const out = output();
    for (const secret of [
      SECRETS.password,
      "n3w-secret-pw",
      SECRETS.token,
      SECRETS.accessToken,
      SECRETS.refreshToken,
      SECRETS.apiKey,
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
    expect(out).toContain("a@example.com");
    expect(out).toContain("gemini");
  });

  it("never writes the Authorization or Cookie request headers, nor Set-Cookie", () => {
    const { logger, output } = capture();
    logger.info({
      req: {
        method: "GET",
        url: "/api/v1/videos",
        headers: { authorization: SECRETS.bearer, cookie: SECRETS.cookie, "user-agent": "test" },
      },
      res: { statusCode: 200, headers: { "set-cookie": "refresh=secret-cookie-value" } },
    });
    const out = output();
    expect(out).not.toContain(SECRETS.bearer);
    expect(out).not.toContain(SECRETS.cookie);
    expect(out).not.toContain("secret-cookie-value");
    expect(out).toContain("/api/v1/videos");
    expect(out).toContain("user-agent");
  });
});
