import { videoLimitsFromConfig } from "@coherence/core";
import { uploadConfig } from "@coherence/shared";
import { publicProcedure } from "../../trpc/procedures";
import { getUploadConfigMeta, ZGetUploadConfigInput, ZGetUploadConfigOutput } from "./get-upload-config.types";

/** The upload limits from the server's configuration: what the web app checks a file against before sending it. */
export const getUploadConfigRoute = publicProcedure
  .meta(getUploadConfigMeta)
  .input(ZGetUploadConfigInput)
  .output(ZGetUploadConfigOutput)
  .query(({ ctx }) => uploadConfig(videoLimitsFromConfig(ctx.deps.config)));
