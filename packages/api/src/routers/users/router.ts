import { router } from "../../trpc/procedures";
import { deleteMeRoute } from "./delete-me";
import { getMeRoute } from "./get-me";
import { listMyVideosRoute } from "./list-my-videos";
import { updateMeRoute } from "./update-me";

export const usersRouter = router({
  me: getMeRoute,
  updateMe: updateMeRoute,
  deleteMe: deleteMeRoute,
  myVideos: listMyVideosRoute,
});
