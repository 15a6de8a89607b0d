import type { TUploadConfig } from "@coherence/shared";
import { type QueryClient, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/trpc";

// The limits change only with the server's configuration: read once per page load.
const uploadConfigQuery = () => ({ ...trpc.system.uploadConfig.queryOptions(), staleTime: Infinity, gcTime: Infinity });

/** The API's upload limits, for display; undefined until they have arrived. */
export function useUploadConfig(): TUploadConfig | undefined {
  // BACKEND_HOOK: GET /api/v1/config/upload
  return useQuery(uploadConfigQuery()).data;
}

/** The API's upload limits, fetched on first use and cached; rejects when the API cannot be reached. */
export function fetchUploadConfig(qc: QueryClient): Promise<TUploadConfig> {
  return qc.fetchQuery(uploadConfigQuery());
}
