import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context";
import { toErrorBody } from "./errors";

/**
 * The single tRPC instance. Its errorFormatter puts the public error body in
 * `data` (tRPC clients read it there; the REST adapter lifts it to the top level).
 */
export const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const { status, body } = toErrorBody(error);
      return { message: body.error, code: shape.code, data: { ...body, httpStatus: status, path: shape.data.path } };
    },
  });
