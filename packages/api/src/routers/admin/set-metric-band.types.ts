import { ZMetricBand, ZMetricBands } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZSetMetricBandInput = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "Use the metric's camelCase name."),
  band: ZMetricBand.partial().refine((b) => b.good !== undefined || b.fair !== undefined, {
    message: "Give the good range, the fair range, or both.",
  }),
});
export const ZSetMetricBandOutput = ZMetricBands;

export const setMetricBandMeta: OpenApiMeta = {
  openapi: {
    method: "PATCH",
    path: "/admin/metric-bands/{name}",
    tags: ["admin"],
    protect: true,
    summary: "Change a delivery-metric band (admin)",
    description: "Sets the good and/or fair range of one metric (a new metric needs both) and returns all bands.",
  },
};
