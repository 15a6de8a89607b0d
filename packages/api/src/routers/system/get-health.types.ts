import { ZHealth } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetHealthInput = z.void();
export const ZGetHealthOutput = ZHealth;

export const getHealthMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/health",
    tags: ["system"],
    summary: "Liveness of the API process",
    description: "Answers while the process runs. For database reachability use /readyz.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
