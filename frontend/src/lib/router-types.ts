import type { AppRouter } from "@coherence/api/router";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/**
 * The output type of `<group>.<procedure>` as the API's router declares it, or
 * `Fallback` while that procedure is not on the router yet. Once the auth and
 * videos branches are merged the router's own type wins automatically, and any
 * difference from the fallback shows up as a compile error where it matters.
 */
export type OutputOf<G extends string, P extends string, Fallback> = RouterOutputs extends {
  [K in G]: { [Q in P]: infer O };
}
  ? O
  : Fallback;

/** Same as OutputOf, for inputs. */
export type InputOf<G extends string, P extends string, Fallback> = RouterInputs extends {
  [K in G]: { [Q in P]: infer I };
}
  ? I
  : Fallback;
