import type { BatchedRateLimiter, Config, Database, Logger, Storage } from "@coherence/core";
import type { SessionCache } from "./http/auth/session-cache";
import type { InFlight } from "./http/in-flight";

/** Everything the API's procedures and routes need, injected once at start-up. */
export type AppDeps = {
  config: Config;
  db: Database;
  logger: Logger;
  storage: Storage;
  /** Signs access tokens and signed URLs. */
  authSecret: string;
  startedAt: Date;
  version: string;
  /** Uploads in progress, so that shutdown can wait for them (or tell them to give up). */
  inFlight: InFlight;
  /** Access token → user, for a few seconds: saves a signature check and a lookup per request. */
  sessions: SessionCache;
  /** The general per-user budget of signed-in calls, counted in memory and written in batches. */
  userBudget: BatchedRateLimiter;
  /** The clock for time-dependent decisions (the off-peak window); tests inject a fixed instant. */
  now?: () => Date;
};
