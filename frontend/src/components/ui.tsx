import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode } from "react";
import { Link } from "react-router";
import type { ApiError } from "../lib/errors";

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "ghost" | "danger";
  busy?: boolean;
};

/** A button that shows a spinner and stays disabled while `busy`. */
export function Button({ variant = "primary", busy, children, className, disabled, ...rest }: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn-${variant}${className ? ` ${className}` : ""}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy && <span className="spinner spinner-sm" aria-hidden="true" />}
      {children}
    </button>
  );
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A skeleton block shown while data loads, shaped like what is coming. */
export function Skeleton({ height = 16, width = "100%" }: { height?: number; width?: number | string }) {
  return <span className="skeleton" style={{ height, width }} aria-hidden="true" />;
}

export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card${className ? ` ${className}` : ""}`}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** An error the user can act on: the API's message, and a retry button when retrying can help. */
export function ErrorState({
  error,
  onRetry,
  title = "Something went wrong",
}: {
  error: ApiError | Error;
  onRetry?: () => void;
  title?: string;
}) {
  const retryable = "retryable" in error ? error.retryable : true;
  return (
    <div className="error-state" role="alert">
      <span className="error-icon" aria-hidden="true">
        !
      </span>
      <div>
        <h3>{title}</h3>
        <p>{error.message}</p>
        {onRetry && retryable && (
          <Button variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        )}
      </div>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <div className="empty-art" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, value));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(v)}
    >
      <span style={{ width: `${v}%` }} />
    </div>
  );
}

const TIER_CLASS: Record<string, string> = {
  "Needs Work": "tier-1",
  Developing: "tier-2",
  Proficient: "tier-3",
  Compelling: "tier-4",
};

export function TierBadge({ tier }: { tier: string }) {
  return <span className={`badge tier ${TIER_CLASS[tier] ?? ""}`}>{tier}</span>;
}

/** The coherence score as a ring, coloured by tier. */
export function ScoreRing({ score, tier, size = 120 }: { score: number; tier: string; size?: number }) {
  const r = 52;
  const c = 2 * Math.PI * r;
  return (
    <div className={`score-ring ${TIER_CLASS[tier] ?? ""}`} style={{ width: size, height: size }}>
      <svg viewBox="0 0 120 120" role="img" aria-label={`Coherence score ${score} out of 100, ${tier}`}>
        <circle cx="60" cy="60" r={r} className="ring-bg" />
        <circle
          cx="60"
          cy="60"
          r={r}
          className="ring-fg"
          strokeDasharray={c}
          strokeDashoffset={c * (1 - score / 100)}
          transform="rotate(-90 60 60)"
        />
      </svg>
      <span className="score-num" aria-hidden="true">
        {score}
      </span>
    </div>
  );
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange"> & {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  onValue: (value: string) => void;
};

/**
 * A labelled text input with its hint or error under it. The error is tied to the
 * input (aria-invalid, aria-describedby) so a screen reader reads it with the field.
 */
export function Field({ id, label, error, hint, onValue, ...input }: FieldProps) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={input.name ?? id}
        {...input}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && !error && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A message about the whole form (not one field), announced when it appears. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

export function StatusBadge({ status, progress }: { status: string; progress?: number }) {
  const text =
    status === "complete"
      ? "Ready"
      : status === "error"
        ? "Failed"
        : status === "processing"
          ? `Analysing${progress !== undefined ? ` ${progress}%` : ""}`
          : "Queued";
  return <span className={`badge status-${status}`}>{text}</span>;
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="back-link">
      ← {children}
    </Link>
  );
}
