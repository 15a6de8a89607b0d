import { router } from "../../trpc/procedures";
import { deleteMeRoute } from "./delete-me";
import { getMeRoute } from "./get-me";
import { updateMeRoute } from "./update-me";

export const usersRouter = router({
  me: getMeRoute,
  updateMe: updateMeRoute,
  deleteMe: deleteMeRoute,
});
