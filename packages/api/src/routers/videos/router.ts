import { router } from "../../trpc/procedures";
import { completeUploadRoute } from "./complete-upload";
import { createUploadRoute } from "./create-upload";
import { deleteVideoRoute } from "./delete-video";
import { deleteVideoScriptRoute } from "./delete-video-script";
import { getStreamUrlRoute } from "./get-stream-url";
import { getVideoRoute } from "./get-video";
import { getVideoCostRoute } from "./get-video-cost";
import { getVideoResultsRoute } from "./get-video-results";
import { getVideoScriptRoute } from "./get-video-script";
import { getVideoStatusRoute } from "./get-video-status";
import { listVideosRoute } from "./list-videos";
import { retryVideoRoute } from "./retry-video";
import { setVideoScriptRoute } from "./set-video-script";

// The streamed upload (POST /videos/upload) and the byte stream (GET /videos/{id}/stream)
// are Express routes in http/videos/: they move raw bytes, which tRPC does not.
export const videosRouter = router({
  list: listVideosRoute,
  get: getVideoRoute,
  status: getVideoStatusRoute,
  results: getVideoResultsRoute,
  cost: getVideoCostRoute,
  delete: deleteVideoRoute,
  streamUrl: getStreamUrlRoute,
  retry: retryVideoRoute,
  createUpload: createUploadRoute,
  completeUpload: completeUploadRoute,
  script: getVideoScriptRoute,
  setScript: setVideoScriptRoute,
  deleteScript: deleteVideoScriptRoute,
});
