import { useEffect } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from "react-router";
import { AppLayout, Logo } from "./components/AppLayout";
import { ErrorState, Spinner } from "./components/ui";
import { SignInPage, SignUpPage } from "./features/auth/AuthPages";
import { useMe } from "./features/auth/api";
import { clearPostAuthTarget, postAuthTarget } from "./features/auth/redirect";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { ProcessingPage } from "./features/processing/ProcessingPage";
import { ProgressPage } from "./features/progress/ProgressPage";
import { ResultsPage } from "./features/results/ResultsPage";
import { SettingsPage } from "./features/settings/SettingsPage";
import { UploadPage } from "./features/upload/UploadPage";
import { toApiError } from "./lib/errors";

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
    // Anything but "not signed in" is an outage: say so rather than showing a sign-in form.
    if (err.code !== "UNAUTHORIZED" && err.code !== "NOT_FOUND") {
      return (
        <div className="splash">
          <ErrorState error={err} onRetry={() => me.refetch()} title="We couldn't load your account" />
        </div>
      );
    }
    return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  }
  return <AppLayout user={me.data} />;
}

function RedirectIfSignedIn() {
  const me = useMe();
  if (me.data) return <Navigate to={postAuthTarget()} replace />;
  return <Outlet />;
}

export const routes = [
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
      { path: "/", element: <DashboardPage /> },
      { path: "/upload", element: <UploadPage /> },
      { path: "/talks/:id/processing", element: <ProcessingPage /> },
      { path: "/talks/:id", element: <ResultsPage /> },
      { path: "/progress", element: <ProgressPage /> },
      { path: "/settings", element: <SettingsPage /> },
    ],
  },
  { path: "*", element: <Navigate to="/" replace /> },
];

const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}
