import { ZMetricBands } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetMetricBandsInput = z.void();
export const ZGetMetricBandsOutput = ZMetricBands;

export const getMetricBandsMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/admin/metric-bands",
    tags: ["admin"],
    protect: true,
    summary: "Delivery-metric bands (admin)",
    description: "Per metric, the good and fair ranges its rating is judged against ([low, high], null is open).",
  },
};
