import { AsyncLocalStorage } from "node:async_hooks";

/** What follows a request through its async work: put into job payloads and log lines. */
export type RequestContext = { requestId: string };

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it starts) with `ctx` as the current request context. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context, if code runs on behalf of an HTTP request. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
