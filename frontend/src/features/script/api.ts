import { useQuery } from "@tanstack/react-query";
import { toApiError } from "../../lib/errors";
import type { RouterOutputs } from "../../lib/router-types";
import { trpcClient } from "../../lib/trpc";

export type TVideoScript = RouterOutputs["videos"]["script"];
export type TScriptChange = RouterOutputs["videos"]["setScript"];

/** The talk's stored script, or null when it has none. */
export function useVideoScript(id: string) {
  return useQuery({
    queryKey: ["videos", "script", id],
    queryFn: async (): Promise<TVideoScript | null> => {
      try {
        // BACKEND_HOOK: GET /api/v1/videos/{id}/script
        return await trpcClient.videos.script.query({ id });
      } catch (err) {
        if (toApiError(err).code === "NOT_FOUND") return null;
        throw err;
      }
    },
  });
}

/** Sets or replaces the talk's script; an analysed talk is analysed again with it. */
export async function setVideoScript(id: string, text: string): Promise<TScriptChange> {
  // BACKEND_HOOK: PUT /api/v1/videos/{id}/script
  return await trpcClient.videos.setScript.mutate({ id, text });
}
