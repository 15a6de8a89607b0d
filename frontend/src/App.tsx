import { type ComponentType, lazy, Suspense, useEffect } from "react";
import {
  createBrowserRouter,
  matchRoutes,
  Navigate,
  Outlet,
  type RouteObject,
  RouterProvider,
  useLocation,
} from "react-router";
import { AppLayout, Logo } from "./components/AppLayout";
import { ErrorState, Spinner } from "./components/ui";
import { SignInPage, SignUpPage } from "./features/auth/AuthPages";
import { useMe } from "./features/auth/api";
import { clearPostAuthTarget, postAuthTarget } from "./features/auth/redirect";
import { toApiError } from "./lib/errors";

// Each page is its own chunk, loaded when its route renders: no first page downloads the
// results page or the charts library (bundle-budget.test.ts). Sign-in and sign-up are the
// exception: small, and the first page of every new visit, they come with the entry chunk
// rather than one more round trip later (about 0.6 s on a slow 4G network).
const chunks = {
  dashboard: () => import("./features/dashboard/DashboardPage"),
  upload: () => import("./features/upload/UploadPage"),
  record: () => import("./features/record/RecordPage"),
  processing: () => import("./features/processing/ProcessingPage"),
  results: () => import("./features/results/ResultsPage"),
  progress: () => import("./features/progress/ProgressPage"),
  settings: () => import("./features/settings/SettingsPage"),
};

/** A page that failed to load (offline, or a new release replaced its chunk) or to render: offer a reload. */
function PageError() {
  return (
    <ErrorState
      error={new Error("This page didn't finish loading. Reload to try again (reconnect first if you are offline).")}
      onRetry={() => window.location.reload()}
      title="We couldn't open this page"
    />
  );
}

/** A route's page from its chunk; `handle.load` lets startup fetch it beside the session probe. */
export function page<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
): Pick<RouteObject, "element" | "handle" | "errorElement"> {
  const Page = lazy(async () => ({ default: pick(await load()) }));
  return {
    element: (
      <Suspense fallback={<Spinner label="Loading…" />}>
        <Page />
      </Suspense>
    ),
    errorElement: <PageError />,
    handle: { load },
  };
}

/** Renders the signed-in shell, or sends the visitor to sign in (and back here afterwards). */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  const signedIn = Boolean(me.data);
  useEffect(() => {
    if (signedIn) clearPostAuthTarget();
  }, [signedIn]);
  if (me.isPending) {
    return (
      <div className="splash">
        <Logo size={40} />
        <Spinner label="Opening your workspace…" />
      </div>
    );
  }
  if (me.isError) {
    const err = toApiError(me.error);
    // Signed out is an answer (null), not an error: an error is an outage, so say so
    // rather than showing a sign-in form.
    if (err.code !== "UNAUTHORIZED" && err.code !== "NOT_FOUND") {
      return (
        <div className="splash">
          <ErrorState error={err} onRetry={() => me.refetch()} title="We couldn't load your account" />
        </div>
      );
    }
  }
  if (!me.data) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return <AppLayout user={me.data} />;
}

function RedirectIfSignedIn() {
  const me = useMe();
  if (me.data) return <Navigate to={postAuthTarget()} replace />;
  return <Outlet />;
}

export const routes: RouteObject[] = [
  {
    element: <RedirectIfSignedIn />,
    children: [
      { path: "/signin", element: <SignInPage /> },
      { path: "/signup", element: <SignUpPage /> },
    ],
  },
  {
    element: <RequireSession />,
    children: [
      { path: "/", ...page(chunks.dashboard, (m) => m.DashboardPage) },
      { path: "/upload", ...page(chunks.upload, (m) => m.UploadPage) },
      { path: "/record", ...page(chunks.record, (m) => m.RecordPage) },
      { path: "/talks/:id/processing", ...page(chunks.processing, (m) => m.ProcessingPage) },
      { path: "/talks/:id", ...page(chunks.results, (m) => m.ResultsPage) },
      { path: "/progress", ...page(chunks.progress, (m) => m.ProgressPage) },
      { path: "/settings", ...page(chunks.settings, (m) => m.SettingsPage) },
    ],
  },
  { path: "*", element: <Navigate to="/" replace /> },
];

const router = createBrowserRouter(routes);

// The page's chunk would otherwise wait for the session probe (the route renders after it):
// on a slow network that is one more round trip before anything shows.
for (const match of matchRoutes(routes, window.location) ?? []) {
  void (match.route.handle as { load?: () => Promise<unknown> } | undefined)?.load?.().catch(() => undefined);
}

export function App() {
  return <RouterProvider router={router} />;
}
