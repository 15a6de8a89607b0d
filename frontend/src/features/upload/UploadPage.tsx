import type { TUploadConfig } from "@coherence/shared";
import { useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { Icon } from "../../components/Icon";
import { Button, Card } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { formatBytes, formatClock } from "../../lib/format";
import { type SendHandle, sendVideo, UploadProgress } from "../../lib/upload";
import { useMe } from "../auth/api";
import { NewTalkTabs } from "../record/NewTalkTabs";
import { ResumeTakeBanner } from "../record/ResumeTakeBanner";
import { useLatestTake } from "../record/use-latest-take";
import { ScriptInput } from "../script/ScriptInput";
import { scriptTextProblem } from "../script/validate-script";
import { uploadVideo } from "../videos/api";
import { fetchUploadConfig, useUploadConfig } from "./upload-config";
import { acceptAttribute, checkDuration, checkFile, readDuration, uploadErrorMessage } from "./validate-file";

type State =
  | { phase: "idle" }
  | { phase: "checking"; file: File }
  | { phase: "ready"; file: File; duration: number | null }
  | {
      phase: "uploading";
      file: File;
      duration: number | null;
      loaded: number;
      total: number;
      startedAt: number;
      sentBefore?: number;
    }
  | { phase: "error"; file?: File; duration?: number | null; message: string; retryable: boolean };

/** Pick or drop a video, check it in the browser, upload it with real byte progress, then watch it process. */
export function UploadPage() {
  const [state, setState] = useState<State>({ phase: "idle" });
  const [dragging, setDragging] = useState(false);
  const [script, setScript] = useState("");
  const [scriptError, setScriptError] = useState<string | null>(null);
  const handle = useRef<SendHandle | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const limits = useUploadConfig()?.video;
  const latestTake = useLatestTake(useMe().data?.id);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    let video: TUploadConfig["video"];
    try {
      video = (await fetchUploadConfig(qc)).video;
    } catch (err) {
      return setState({ phase: "error", message: uploadErrorMessage(toApiError(err)), retryable: false });
    }
    const problem = checkFile(file, video);
    if (problem) return setState({ phase: "error", message: problem, retryable: false });
    setState({ phase: "checking", file });
    const duration = await readDuration(file);
    const long = checkDuration(duration, video);
    if (long) return setState({ phase: "error", file, duration, message: long, retryable: false });
    setState({ phase: "ready", file, duration });
  };

  const start = async (file: File, duration: number | null) => {
    // Optional: left empty, there is no script; anything else must pass the API's rules before sending.
    const scriptProblem = script.trim() ? scriptTextProblem(script) : null;
    setScriptError(scriptProblem);
    if (scriptProblem) return;
    setState({ phase: "uploading", file, duration, loaded: 0, total: file.size, startedAt: Date.now() });
    const onProgress = (loaded: number, total: number) =>
      setState((s) => (s.phase === "uploading" ? { ...s, loaded, total, sentBefore: s.sentBefore ?? loaded } : s));
    // A script travels with the streamed upload, in the same request as the video, so that a bad
    // script stores nothing; the resumable (tus) path has no room for it in its metadata header yet.
    const h = script.trim()
      ? uploadVideo(file, { script: script.trim(), onProgress })
      : sendVideo(file, { streamed: uploadVideo, onProgress });
    handle.current = h;
    try {
      const { video } = await h.promise;
      await qc.invalidateQueries({ queryKey: ["videos"] });
      navigate(`/talks/${video.id}/processing`);
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") {
        setState({ phase: "ready", file, duration });
        return;
      }
      const e = toApiError(err);
      setState({ phase: "error", file, duration, message: uploadErrorMessage(e), retryable: e.retryable });
    } finally {
      handle.current = null;
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (state.phase !== "uploading") void choose(e.dataTransfer.files[0]);
  };

  const file = "file" in state ? state.file : undefined;
  const duration = "duration" in state ? (state.duration ?? null) : null;

  return (
    <div className="stack narrow">
      <div className="page-head">
        <div>
          <h1>New talk</h1>
          <p className="muted">
            Upload a recording of yourself presenting. We'll analyse what you say and how you say it.
          </p>
        </div>
      </div>
      <NewTalkTabs />
      {latestTake.take && (
        <ResumeTakeBanner
          take={latestTake.take}
          onSend={() => navigate("/record")}
          onDiscard={() => void latestTake.discard()}
        />
      )}
      <Card>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; keyboard users use the "Choose a file" control inside */}
        <div
          className={`dropzone${dragging ? " is-dragging" : ""}${state.phase === "uploading" ? " is-busy" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <div className="drop-icon" aria-hidden="true">
            <Icon name="upload" size={24} />
          </div>
          <p className="drop-title">Drag a video here</p>
          <p className="muted">
            MP4, MOV, WebM or MKV
            {limits && ` · up to ${formatBytes(limits.maxBytes)} · up to ${formatClock(limits.maxDurationSeconds)}`}
          </p>
          <label className="btn btn-secondary" htmlFor="file-input">
            Choose a file
          </label>
          <input
            ref={input}
            id="file-input"
            className="sr-only"
            type="file"
            accept={acceptAttribute(limits)}
            disabled={state.phase === "uploading"}
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
        </div>

        <ScriptInput
          value={script}
          onChange={setScript}
          error={scriptError}
          onError={setScriptError}
          disabled={state.phase === "uploading"}
          optional
        />

        {file && (
          <div className="file-card" data-testid="selected-file">
            <span className="file-icon" aria-hidden="true">
              <Icon name="film" size={26} />
            </span>
            <div className="file-main">
              <p className="file-name">{file.name}</p>
              <p className="muted">
                {formatBytes(file.size)}
                {duration !== null && ` · ${formatClock(duration)}`}
                {state.phase === "checking" && " · checking…"}
              </p>
              {state.phase === "uploading" && <UploadProgress state={state} label="Upload progress" />}
            </div>
            {state.phase === "uploading" ? (
              <Button variant="secondary" onClick={() => handle.current?.abort()}>
                Cancel
              </Button>
            ) : state.phase === "ready" ? (
              <Button onClick={() => start(state.file, state.duration)} data-testid="start-upload">
                Upload and analyse
              </Button>
            ) : null}
          </div>
        )}

        {state.phase === "error" && (
          <div className="error-state" role="alert" data-testid="upload-error">
            <span className="error-icon" aria-hidden="true">
              !
            </span>
            <div>
              <h3>We can't upload this video</h3>
              <p>{state.message}</p>
              {state.retryable && state.file && (
                <Button variant="secondary" onClick={() => start(state.file!, state.duration ?? null)}>
                  Try again
                </Button>
              )}
            </div>
          </div>
        )}
      </Card>
      <Card title="Tips for a useful analysis" className="tips">
        <ul className="ticks">
          <li>Frame yourself from the chest up, facing the camera, in good light.</li>
          <li>Speak for at least a minute: the coaching gets better with more to go on.</li>
          <li>Present as you would for real: slides behind you are fine.</li>
        </ul>
      </Card>
    </div>
  );
}
