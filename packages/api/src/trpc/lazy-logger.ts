import type { Logger } from "@coherence/core";

/**
 * A logger that is made on first use. Every request's context carries a logger bound to its
 * user, but few requests log anything; making the pino child costs a serialisation of its
 * bindings per request. A Proxy rather than a getter, because tRPC spreads the context
 * (`{ ...ctx }`), which would run a getter on every call.
 */
export function lazyLogger(make: () => Logger): Logger {
  let real: Logger | undefined;
  const target = () => {
    real ??= make();
    return real;
  };
  return new Proxy({} as Logger, {
    get(_t, prop) {
      const logger = target();
      const value = Reflect.get(logger, prop, logger);
      return typeof value === "function" ? value.bind(logger) : value;
    },
    set(_t, prop, value) {
      return Reflect.set(target(), prop, value);
    },
    has(_t, prop) {
      return prop in target();
    },
  });
}
