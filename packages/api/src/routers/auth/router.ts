import { router } from "../../trpc/procedures";
import { getCsrfTokenRoute } from "./get-csrf-token";
import { loginRoute } from "./login";
import { logoutRoute } from "./logout";
import { meRoute } from "./me";
import { providersRoute } from "./providers";
import { refreshRoute } from "./refresh";
import { registerRoute } from "./register";
import { sessionStatusRoute } from "./session-status";

export const authRouter = router({
  register: registerRoute,
  login: loginRoute,
  refresh: refreshRoute,
  logout: logoutRoute,
  me: meRoute,
  session: sessionStatusRoute,
  csrf: getCsrfTokenRoute,
  providers: providersRoute,
});
