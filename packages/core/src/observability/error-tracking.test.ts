import { createTransport } from "@sentry/node";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeErrorTracking,
  flushErrorTracking,
  initErrorTracking,
  isErrorTrackingEnabled,
  reportError,
} from "./error-tracking";
import { metricsRegistry } from "./metrics";

afterEach(async () => {
  await closeErrorTracking();
});

async function unexpectedCount(service: string): Promise<number> {
  const m = (await metricsRegistry.getMetricsAsJSON()).find((x) => x.name === "coherence_unexpected_errors_total");
  return m?.values.find((v) => v.labels.service === service)?.value ?? 0;
}

describe("error tracking", () => {
  it("stays off without a DSN: nothing is sent, errors are still counted", async () => {
    expect(await initErrorTracking({ service: "off-test" })).toBe(false);
    expect(isErrorTrackingEnabled()).toBe(false);
    reportError(new Error("boom"), { userId: "u1" });
    expect(await unexpectedCount("off-test")).toBe(1);
  });

  it("with a DSN, sends each error with user, video, request and job tags (fake transport, no network)", async () => {
    const envelopes: string[] = [];
    const enabled = await initErrorTracking({
      dsn: "https://public@example.invalid/1",
      service: "sentry-test",
      environment: "test",
      defaultIntegrations: false,
      transport: (options) =>
        createTransport(options, async (request) => {
          envelopes.push(typeof request.body === "string" ? request.body : new TextDecoder().decode(request.body));
          return { statusCode: 200 };
        }),
    });
    expect(enabled).toBe(true);
    expect(isErrorTrackingEnabled()).toBe(true);
    reportError(new Error("analysis exploded"), {
      userId: "user-123",
      videoId: "video-456",
      requestId: "req-789",
      jobId: "42",
    });
    await flushErrorTracking(2000);
    expect(envelopes).toHaveLength(1);
    const event = JSON.parse(envelopes[0]!.split("\n")[2]!) as {
      user?: { id?: string };
      tags?: Record<string, string>;
      exception?: { values?: { value?: string }[] };
      environment?: string;
    };
    expect(event.user?.id).toBe("user-123");
    expect(event.tags).toMatchObject({
      service: "sentry-test",
      videoId: "video-456",
      requestId: "req-789",
      jobId: "42",
    });
    expect(event.exception?.values?.[0]?.value).toBe("analysis exploded");
    expect(event.environment).toBe("test");
  });
});
