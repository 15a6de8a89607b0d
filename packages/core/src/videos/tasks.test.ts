import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB } from "../db/types";
import { enqueueJob } from "../jobs";
import { ANALYZE_VIDEO_TASK, TASK_PAYLOADS } from "./tasks";

// Never called: tsc (pnpm typecheck) checks that enqueueJob is typed per task by the contract.
export async function typedEnqueue(db: Kysely<DB>) {
  await enqueueJob(db, { task: ANALYZE_VIDEO_TASK, payload: { videoId: "v" } });
  // @ts-expect-error analyze-video needs a videoId
  await enqueueJob(db, { task: ANALYZE_VIDEO_TASK, payload: { analysisId: "a" } });
  // @ts-expect-error rescore-analysis takes a string analysisId
  await enqueueJob(db, { task: "rescore-analysis", payload: { analysisId: 1 } });
  // A name outside the contract (tests' throwaway tasks) takes any object.
  await enqueueJob(db, { task: "echo", payload: { anything: true } });
}

describe("the job contract", () => {
  it("names every task the worker runs, each with a payload schema", () => {
    expect(Object.keys(TASK_PAYLOADS).sort()).toEqual([
      "analyze-video",
      "delete-user-data",
      "purge-expired-uploads",
      "purge-provider-cache",
      "rescore-analysis",
    ]);
  });

  it("accepts what the API enqueues and refuses what no handler can use", () => {
    const videoId = "6f1c1f7e-3a5b-4c1d-9e2f-0a1b2c3d4e5f";
    expect(TASK_PAYLOADS[ANALYZE_VIDEO_TASK].safeParse({ videoId, requestId: "r" }).success).toBe(true);
    expect(TASK_PAYLOADS[ANALYZE_VIDEO_TASK].safeParse({ videoId: "not-a-uuid" }).success).toBe(false);
    expect(TASK_PAYLOADS["purge-provider-cache"].safeParse({ _cron: { ts: "x" } }).success).toBe(true);
  });
});
