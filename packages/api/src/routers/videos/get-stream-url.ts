import { findOwnedVideo } from "@coherence/core";
import { authedProcedure } from "../../trpc/procedures";
import { getStreamUrlMeta, ZGetStreamUrlInput, ZGetStreamUrlOutput } from "./get-stream-url.types";
import { STREAM_URL_TTL_SECONDS, signStreamUrl } from "./stream-signature";

/** Issues a signed stream URL for one of the user's videos. */
export const getStreamUrlRoute = authedProcedure
  .meta(getStreamUrlMeta)
  .input(ZGetStreamUrlInput)
  .output(ZGetStreamUrlOutput)
  .query(async ({ ctx, input }) => {
    const video = await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id });
    const expires = Math.floor(Date.now() / 1000) + STREAM_URL_TTL_SECONDS;
    const signature = signStreamUrl({ secret: ctx.deps.authSecret, videoId: video.id, userId: video.userId, expires });
    const url = new URL(`${ctx.deps.config.publicApiUrl}/api/v1/videos/${video.id}/stream`);
    url.searchParams.set("expires", String(expires));
    url.searchParams.set("signature", signature);
    return { url: url.toString(), expiresAt: new Date(expires * 1000).toISOString() };
  });
