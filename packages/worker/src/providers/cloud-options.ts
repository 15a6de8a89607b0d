import type { RetryPolicy } from "./http-retry";

/** What every cloud provider is configured with besides its key. */
export type CloudCallOptions = {
  /** Overrides the provider's endpoint (a proxy, or a fake server in tests). */
  baseUrl?: string;
  /** Deadline for one HTTP attempt. */
  timeoutMs: number;
  retry: RetryPolicy;
};
