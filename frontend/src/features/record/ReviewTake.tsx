import { useEffect, useMemo, useRef, useState } from "react";
import { Button, Card, Field } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { formatBytes, formatClock } from "../../lib/format";
import { type SendHandle, sendVideo, UploadProgress } from "../../lib/upload";
import { ScriptInput } from "../script/ScriptInput";
import { scriptTextProblem } from "../script/validate-script";
import { uploadErrorMessage } from "../upload/validate-file";
import { uploadVideo } from "../videos/api";
import { extensionFor } from "./recording-format";
import { deleteTake, updateTake } from "./take-store";
import type { Take } from "./use-recorder";

type Sending = { loaded: number; total: number; startedAt: number; sentBefore?: number };

/** Plays the take back; the presenter names it and sends it, or records again. */
export function ReviewTake(props: {
  take: Take;
  initialTitle?: string;
  initialScript?: string;
  onRetake: () => void;
  onSent: (videoId: string) => void;
}) {
  const { take } = props;
  const url = useMemo(() => URL.createObjectURL(take.blob), [take.blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const [title, setTitle] = useState(props.initialTitle ?? defaultTitle());
  const [script, setScript] = useState(props.initialScript ?? "");
  const [scriptError, setScriptError] = useState<string | null>(null);
  const [sending, setSending] = useState<Sending | null>(null);
  const [error, setError] = useState<{ message: string; retryable: boolean } | null>(null);
  const handle = useRef<SendHandle | null>(null);

  const send = async () => {
    setError(null);
    // Optional: left empty, there is no script; anything else must pass the API's rules before sending.
    const scriptProblem = script.trim() ? scriptTextProblem(script) : null;
    setScriptError(scriptProblem);
    if (scriptProblem) return;
    // Kept with the take, so a reload in the middle of sending offers the same title and script again.
    if (take.kept) await updateTake(take.id, { title, script }).catch(() => undefined);
    // The container type alone: the server identifies the codecs with ffprobe anyway.
    const type = take.mimeType.split(";")[0]!.trim();
    const file = new File([take.blob], `${fileStem(title)}.${extensionFor(take.mimeType)}`, { type });
    setSending({ loaded: 0, total: file.size, startedAt: Date.now() });
    const onProgress = (loaded: number, total: number) =>
      setSending((s) => (s ? { ...s, loaded, total, sentBefore: s.sentBefore ?? loaded } : s));
    // A script travels with the streamed upload, in the same request as the video (as on the
    // upload form): the resumable path has no room for it in its metadata header yet.
    const h = script.trim()
      ? uploadVideo(file, { title: title.trim() || undefined, script: script.trim(), onProgress })
      : sendVideo(file, {
          streamed: uploadVideo,
          title: title.trim() || undefined,
          // The take's id names the same bytes after a reload, so sending resumes from the server's offset.
          resumeKey: `take-${take.id}`,
          onProgress,
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
        <ScriptInput
          value={script}
          onChange={setScript}
          error={scriptError}
          onError={setScriptError}
          disabled={!!sending}
          optional
        />
        {sending && <UploadProgress state={sending} label="Sending progress" />}
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
