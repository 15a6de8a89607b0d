import { router } from "../../trpc/procedures";
import { getHealthRoute } from "./get-health";
import { getUploadConfigRoute } from "./get-upload-config";

export const systemRouter = router({
  health: getHealthRoute,
  uploadConfig: getUploadConfigRoute,
});
