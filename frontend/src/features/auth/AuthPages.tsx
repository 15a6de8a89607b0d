import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { Logo } from "../../components/AppLayout";
import { Button, Field, FormError } from "../../components/ui";
import { type ApiError, toApiError } from "../../lib/errors";
import { login, meQueryKey, register, startOAuthSignIn, useOAuthProviders } from "./api";
import { setPostAuthTarget } from "./redirect";

type Errors = Partial<Record<"name" | "email" | "password" | "form", string>>;

/** Client-side checks that mirror the API's, so most mistakes are caught before a round trip. */
export function validateAuthForm(
  v: { name?: string; email: string; password: string },
  mode: "signin" | "signup",
): Errors {
  const e: Errors = {};
  if (mode === "signup" && !v.name?.trim()) e.name = "Tell us what to call you.";
  if (!v.email.trim()) e.email = "Enter your email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) e.email = "That doesn't look like an email address.";
  if (!v.password) e.password = "Enter your password.";
  else if (mode === "signup" && v.password.length < 10) e.password = "Use at least 10 characters.";
  return e;
}

/** Puts each server error next to the field it is about; the rest goes above the form. */
export function serverErrors(err: ApiError): Errors {
  const e: Errors = {};
  for (const f of ["name", "email", "password"] as const) {
    const m = err.fieldError(f);
    if (m) e[f] = m;
  }
  if (err.code === "CONFLICT") e.email = err.message || "An account with this email already exists.";
  else if (err.code === "UNAUTHORIZED") e.password = err.message || "Email or password is incorrect.";
  else if (err.code === "RATE_LIMITED") e.form = err.message || "Too many attempts. Wait a minute and try again.";
  if (Object.keys(e).length === 0) e.form = err.message;
  return e;
}

function AuthShell({ title, subtitle, children }: { title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <div className="auth">
      <aside className="auth-aside" aria-hidden="true">
        <div className="auth-brand">
          <Logo size={36} />
          <span>Coherence</span>
        </div>
        <blockquote>
          “Do your words and your delivery tell the same story? Coherence shows you the moments they don't, and how to
          fix them.”
        </blockquote>
        <div className="auth-demo">
          <div className="auth-demo-bar">
            {[0, 0, 0.2, 0.7, 0.9, 0.3, 0, 0, 0.5, 0.1, 0, 0, 0, 0.4, 0.8, 0.2].map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: decorative
              <span key={i} style={{ opacity: 0.25 + v * 0.75, height: `${20 + v * 60}%` }} />
            ))}
          </div>
          <p>Gaze avoidance at 1:12 · “this is our key result”</p>
        </div>
      </aside>
      <main className="auth-main" id="main">
        <div className="auth-card">
          <div className="auth-mobile-brand">
            <Logo size={32} />
          </div>
          <h1>{title}</h1>
          <p className="muted">{subtitle}</p>
          {children}
        </div>
      </main>
    </div>
  );
}

/**
 * The OAuth providers the API has configured, read at run time. Email sign-in works
 * whatever happens here, so a failure is a quiet note rather than a blocking error.
 */
function OAuthButtons() {
  const providers = useOAuthProviders();
  const [starting, setStarting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (providers.isPending) {
    return (
      <p className="oauth-status muted" role="status">
        <span className="spinner spinner-sm" aria-hidden="true" /> Loading other ways to sign in…
      </p>
    );
  }
  if (providers.isError) {
    return (
      <p className="oauth-status muted" role="status">
        Other ways to sign in are unavailable right now.{" "}
        <button type="button" className="link-button" onClick={() => void providers.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  const list = providers.data.providers;
  if (list.length === 0) return null;
  const start = async (id: string) => {
    setStarting(id);
    setError(null);
    try {
      // The browser leaves for the provider; on success nothing after this runs.
      await startOAuthSignIn(id);
    } catch (err) {
      setError(toApiError(err).message);
      setStarting(null);
    }
  };
  return (
    <>
      <div className="oauth">
        {list.map((p) => (
          <Button
            key={p.id}
            variant="secondary"
            busy={starting === p.id}
            disabled={starting !== null}
            onClick={() => void start(p.id)}
          >
            Continue with {p.name}
          </Button>
        ))}
      </div>
      <FormError message={error} />
      <div className="divider">
        <span>or with email</span>
      </div>
    </>
  );
}

function useAuthForm(mode: "signin" | "signup") {
  const location = useLocation();
  const qc = useQueryClient();
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validateAuthForm(values, mode);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      document.getElementById(`auth-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const user =
        mode === "signup"
          ? await register({ name: values.name.trim(), email: values.email.trim(), password: values.password })
          : await login({ email: values.email.trim(), password: values.password });
      const from = (location.state as { from?: string } | null)?.from;
      // RedirectIfSignedIn navigates once the session is stored (see redirect.ts).
      setPostAuthTarget(mode === "signup" ? "/upload" : (from ?? "/"));
      qc.setQueryData(meQueryKey, user);
    } catch (err) {
      setErrors(serverErrors(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };
  const field = (k: keyof typeof values) => ({
    id: `auth-${k}`,
    name: k,
    value: values[k],
    error: errors[k],
    onValue: (value: string) => setValues((v) => ({ ...v, [k]: value })),
  });
  return { errors, busy, submit, field };
}

const MODES = {
  signup: {
    title: "Create your account",
    subtitle: "Upload a practice talk and get coaching in minutes.",
    submit: "Create account",
    passwordAutoComplete: "new-password",
    passwordHint: "At least 10 characters.",
  },
  signin: {
    title: "Welcome back",
    subtitle: "Sign in to see your talks and your progress.",
    submit: "Sign in",
    passwordAutoComplete: "current-password",
    passwordHint: undefined,
  },
} as const;

function AuthPage({ mode }: { mode: "signin" | "signup" }) {
  const { errors, busy, submit, field } = useAuthForm(mode);
  const text = MODES[mode];
  // A failed OAuth sign-in comes back here with the API's reason (see the API's /oauth/failed).
  const [params] = useSearchParams();
  const oauthError = mode === "signin" ? params.get("error") : null;
  return (
    <AuthShell title={text.title} subtitle={text.subtitle}>
      <FormError message={oauthError} />
      <OAuthButtons />
      <form onSubmit={submit} noValidate>
        <FormError message={errors.form} />
        {mode === "signup" && <Field {...field("name")} label="Name" autoComplete="name" />}
        <Field {...field("email")} label="Email" type="email" autoComplete="email" inputMode="email" />
        <Field
          {...field("password")}
          label="Password"
          type="password"
          autoComplete={text.passwordAutoComplete}
          hint={text.passwordHint}
        />
        <Button type="submit" busy={busy} className="btn-block">
          {text.submit}
        </Button>
      </form>
      {mode === "signup" ? (
        <p className="auth-switch">
          Already have an account? <Link to="/signin">Sign in</Link>
        </p>
      ) : (
        <p className="auth-switch">
          New to Coherence? <Link to="/signup">Create an account</Link>
        </p>
      )}
    </AuthShell>
  );
}

export function SignUpPage() {
  return <AuthPage mode="signup" />;
}

export function SignInPage() {
  return <AuthPage mode="signin" />;
}
