import type { Config, Database, Logger, Storage } from "@coherence/core";

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
  /** The clock for time-dependent decisions (the off-peak window); tests inject a fixed instant. */
  now?: () => Date;
};
