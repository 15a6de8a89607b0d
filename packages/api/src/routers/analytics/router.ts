import { router } from "../../trpc/procedures";
import { getOverviewRoute } from "./get-overview";
import { getProgressRoute } from "./get-progress";

export const analyticsRouter = router({
  overview: getOverviewRoute,
  progress: getProgressRoute,
});
