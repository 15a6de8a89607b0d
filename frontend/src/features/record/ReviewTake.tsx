import { useEffect, useMemo, useRef, useState } from "react";
import { Button, Card, Field, ProgressBar } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { formatBytes, formatClock } from "../../lib/format";
import { uploadErrorMessage } from "../upload/validate-file";
import { type UploadHandle, uploadVideo } from "../videos/api";
import { extensionFor } from "./recording-format";
import { deleteTake, updateTake } from "./take-store";
import type { Take } from "./use-recorder";

type Sending = { loaded: number; total: number; startedAt: number };

/** Plays the take back; the presenter names it and sends it, or records again. */
export function ReviewTake(props: {
  take: Take;
  initialTitle?: string;
  onRetake: () => void;
  onSent: (videoId: string) => void;
}) {
  const { take } = props;
  const url = useMemo(() => URL.createObjectURL(take.blob), [take.blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const [title, setTitle] = useState(props.initialTitle ?? defaultTitle());
  const [sending, setSending] = useState<Sending | null>(null);
  const [error, setError] = useState<{ message: string; retryable: boolean } | null>(null);
  const handle = useRef<UploadHandle | null>(null);

  const send = async () => {
    setError(null);
    // Kept with the take, so a reload in the middle of sending offers the same title again.
    if (take.kept) await updateTake(take.id, { title }).catch(() => undefined);
    // The container type alone: codec parameters ("codecs=vp9,opus") are not a valid multipart
    // Content-Type for every parser, and the server identifies the codecs with ffprobe anyway.
    const type = take.mimeType.split(";")[0]!.trim();
    const file = new File([take.blob], `${fileStem(title)}.${extensionFor(take.mimeType)}`, { type });
    setSending({ loaded: 0, total: file.size, startedAt: Date.now() });
    const h = uploadVideo(file, {
      title: title.trim() || undefined,
      onProgress: (loaded, total) => setSending((s) => (s ? { ...s, loaded, total } : s)),
    });
    handle.current = h;
    try {
      const { video } = await h.promise;
      // The server has it: only now is the browser's copy removed.
      await deleteTake(take.id).catch(() => undefined);
      props.onSent(video.id);
    } catch (err) {
      setSending(null);
      if (err instanceof DOMException && err.name === "AbortError") return;
      const e = toApiError(err);
      setError({ message: uploadErrorMessage(e), retryable: e.retryable });
    } finally {
      handle.current = null;
    }
  };

  const retake = async () => {
    await deleteTake(take.id).catch(() => undefined);
    props.onRetake();
  };

  return (
    <Card>
      <div className="recorder">
        {/* biome-ignore lint/a11y/useMediaCaption: the presenter's own take has no captions yet; the analysis transcribes it */}
        <video className="preview playback" src={url} controls playsInline data-testid="take-playback" />
        <p className="muted small" data-testid="take-summary">
          {formatClock(take.durationSeconds)} · {formatBytes(take.blob.size)}
          {take.kept ? " · kept in this browser until it is sent" : ""}
        </p>
        <Field id="take-title" label="Title" value={title} onValue={setTitle} maxLength={200} disabled={!!sending} />
        {sending && <SendProgress sending={sending} />}
        {error && (
          <div className="error-state" role="alert" data-testid="take-send-error">
            <span className="error-icon" aria-hidden="true">
              !
            </span>
            <div>
              <h3>We couldn't send this recording</h3>
              <p>{error.message}</p>
              {take.kept && <p className="muted small">Your recording is still here: nothing was lost.</p>}
            </div>
          </div>
        )}
        <div className="row recorder-actions">
          {sending ? (
            <Button variant="secondary" onClick={() => handle.current?.abort()}>
              Cancel
            </Button>
          ) : (
            <>
              <Button onClick={() => void send()} data-testid="take-send">
                {error?.retryable ? "Try again" : "Use this take"}
              </Button>
              <Button variant="secondary" onClick={() => void retake()} data-testid="take-retake">
                Record again
              </Button>
            </>
          )}
        </div>
      </div>
    </Card>
  );
}

function SendProgress({ sending }: { sending: Sending }) {
  const pct = sending.total > 0 ? (sending.loaded / sending.total) * 100 : 0;
  const seconds = (Date.now() - sending.startedAt) / 1000;
  const speed = seconds > 0 ? sending.loaded / seconds : 0;
  const left = speed > 0 ? (sending.total - sending.loaded) / speed : null;
  return (
    <>
      <ProgressBar value={pct} label="Sending progress" />
      <p className="muted small" aria-live="polite">
        {formatBytes(sending.loaded)} of {formatBytes(sending.total)} · {Math.floor(pct)}%
        {speed > 0 && ` · ${formatBytes(speed)}/s`}
        {left !== null && left > 1 && ` · about ${formatClock(left)} left`}
      </p>
    </>
  );
}

function defaultTitle(): string {
  const now = new Date();
  return `Recording ${now.toLocaleDateString("en", { day: "numeric", month: "short" })}, ${now.toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit" })}`;
}

/** A file name from the title: the server keeps the title field, the name only has to be safe. */
function fileStem(title: string): string {
  return (
    title
      .trim()
      .replace(/[^\p{L}\p{N} _-]+/gu, "")
      .replace(/\s+/g, "-")
      .slice(0, 80) || "recording"
  );
}
