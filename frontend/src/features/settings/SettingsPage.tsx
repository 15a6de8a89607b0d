import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { Button, Card, Field, FormError, Spinner } from "../../components/ui";
import { type ApiError, toApiError } from "../../lib/errors";
import { deleteAccount, meQueryKey, updateProfile, useMe } from "../auth/api";

function useSaved() {
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!saved) return;
    const t = setTimeout(() => setSaved(false), 3000);
    return () => clearTimeout(t);
  }, [saved]);
  return [saved, setSaved] as const;
}

function ProfileForm() {
  const me = useMe();
  const qc = useQueryClient();
  const [name, setName] = useState(me.data?.name ?? "");
  const [email, setEmail] = useState(me.data?.email ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useSaved();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await updateProfile({ name: name.trim(), email: email.trim() });
      qc.setQueryData(meQueryKey, user);
      setSaved(true);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const nameErr = error?.fieldError("name");
  const emailErr = error?.fieldError("email") ?? (error?.code === "CONFLICT" ? error.message : undefined);
  return (
    <form onSubmit={submit} noValidate>
      <Field id="profile-name" label="Name" error={nameErr} value={name} onValue={setName} autoComplete="name" />
      <Field
        id="profile-email"
        label="Email"
        error={emailErr}
        type="email"
        value={email}
        onValue={setEmail}
        autoComplete="email"
      />
      <FormError message={error && !nameErr && !emailErr ? error.message : null} />
      <div className="row">
        <Button type="submit" busy={busy}>
          Save profile
        </Button>
        {saved && (
          <span className="saved" role="status">
            ✓ Saved
          </span>
        )}
      </div>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useSaved();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: typeof errors = {};
    if (!current) local.current = "Enter your current password.";
    if (next.length < 10) local.next = "Use at least 10 characters.";
    else if (next === current) local.next = "Choose a password different from the current one.";
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await updateProfile({ currentPassword: current, newPassword: next });
      setCurrent("");
      setNext("");
      setSaved(true);
    } catch (err) {
      const a = toApiError(err);
      setErrors({
        current:
          a.fieldError("currentPassword") ??
          (a.code === "UNAUTHORIZED" || a.code === "FORBIDDEN" ? a.message : undefined),
        next: a.fieldError("newPassword"),
        form:
          a.fieldError("currentPassword") ||
          a.fieldError("newPassword") ||
          a.code === "UNAUTHORIZED" ||
          a.code === "FORBIDDEN"
            ? undefined
            : a.message,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field
        id="pw-current"
        label="Current password"
        error={errors.current}
        type="password"
        value={current}
        onValue={setCurrent}
        autoComplete="current-password"
      />
      <Field
        id="pw-new"
        label="New password"
        error={errors.next}
        hint="At least 10 characters."
        type="password"
        value={next}
        onValue={setNext}
        autoComplete="new-password"
      />
      <FormError message={errors.form} />
      <div className="row">
        <Button type="submit" busy={busy}>
          Change password
        </Button>
        {saved && (
          <span className="saved" role="status">
            ✓ Password changed
          </span>
        )}
      </div>
    </form>
  );
}

function DeleteAccount() {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const email = me.data?.email ?? "";
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (confirm.trim().toLowerCase() !== email.toLowerCase()) {
      setError("Type your email address exactly to confirm.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await deleteAccount({ password: password || undefined });
      qc.clear();
      navigate("/signup", { replace: true });
    } catch (err) {
      setError(toApiError(err).message);
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <div className="danger-row">
        <p>Delete your account, every talk you uploaded and all analyses. This can't be undone.</p>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete account…
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="danger-confirm" aria-labelledby="delete-title" noValidate>
      <h3 id="delete-title">Delete your account?</h3>
      <p>
        Everything goes: your profile, your videos and their results. To confirm, type <strong>{email}</strong> below.
      </p>
      <Field
        id="delete-confirm"
        label="Your email"
        error={error ?? undefined}
        value={confirm}
        onValue={setConfirm}
        autoComplete="off"
      />
      <Field
        id="delete-password"
        label="Password (if your account has one)"
        type="password"
        value={password}
        onValue={setPassword}
        autoComplete="current-password"
      />
      <div className="row">
        <Button type="submit" variant="danger" busy={busy}>
          Delete everything
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Profile, password and account deletion. */
export function SettingsPage() {
  const me = useMe();
  if (!me.data) return <Spinner />;
  return (
    <div className="stack narrow">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <Card title="Profile">
        <ProfileForm />
      </Card>
      <Card title="Password">
        <PasswordForm />
      </Card>
      <Card title="Danger zone" className="danger">
        <DeleteAccount />
      </Card>
    </div>
  );
}
