import { router } from "../../trpc/procedures";
import { getThresholdsRoute } from "./get-thresholds";
import { setThresholdsRoute } from "./set-thresholds";

export const adminRouter = router({
  getThresholds: getThresholdsRoute,
  setThresholds: setThresholdsRoute,
});
