import { router } from "../../trpc/procedures";
import { getHealthRoute } from "./get-health";

export const systemRouter = router({
  health: getHealthRoute,
});
