import { Writable } from "node:stream";
import type { JobHelpers } from "graphile-worker";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTask } from "./tasks/define-task";

// The worker half of log correlation: a job enqueued during a request carries the
// request's id (enqueueJob adds `requestId`), and the job's log lines carry it with
// jobId, videoId and userId, even when the task's schema does not declare requestId.
describe("job log context", () => {
  it("puts requestId, videoId, userId and jobId on every line the handler logs", async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk, _e, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    const task = defineTask({
      schema: z.object({ videoId: z.uuid(), userId: z.uuid() }),
      logger,
      handler: async (_payload, ctx) => {
        ctx.logger.info("working");
      },
    });
    const videoId = "7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11";
    const userId = "0b6f8a4e-4d3e-4c1b-8f1a-2a3b4c5d6e7f";
    await task({ videoId, userId, requestId: "req-abc-123" }, {
      job: { id: "42", task_identifier: "analyze-video", attempts: 1, max_attempts: 25 },
      abortSignal: new AbortController().signal,
    } as unknown as JobHelpers);
    const line = JSON.parse(lines.find((l) => l.includes("working"))!) as Record<string, unknown>;
    expect(line).toMatchObject({ requestId: "req-abc-123", videoId, userId, jobId: "42", task: "analyze-video" });
  });
});
