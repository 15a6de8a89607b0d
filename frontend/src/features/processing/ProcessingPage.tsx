import { PIPELINE_STAGES } from "@coherence/shared";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { BackLink, Button, Card, ErrorState, ProgressBar, Spinner } from "../../components/ui";
import { type ApiError, toApiError } from "../../lib/errors";
import { retryVideo, useVideoStatus } from "../videos/api";

const STAGE_TEXT: Record<string, string> = {
  queued: "Waiting for a free analyser",
  probe: "Checking the video",
  extract: "Extracting audio and frames",
  transcribe: "Transcribing your speech",
  visuals: "Reading your face, gaze and gestures",
  audio: "Measuring pitch, energy and pauses",
  fuse: "Comparing words with delivery",
  coach: "Writing your coaching report",
  persist: "Saving the results",
  complete: "Done",
};
// The stages a user sees as steps (queued and complete are states, not steps).
const STEPS = PIPELINE_STAGES.filter((s) => s !== "queued" && s !== "complete");

/** Live stage and progress while the worker analyses the talk; opens the results when done. */
export function ProcessingPage() {
  const { id = "" } = useParams();
  const status = useVideoStatus(id);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<ApiError | null>(null);

  const data = status.data;
  useEffect(() => {
    if (data?.status === "complete") {
      void qc.invalidateQueries({ queryKey: ["videos", "list"] });
      const t = setTimeout(() => navigate(`/talks/${id}`, { replace: true }), 900);
      return () => clearTimeout(t);
    }
  }, [data?.status, id, navigate, qc]);

  const retry = async () => {
    setRetrying(true);
    setRetryError(null);
    try {
      await retryVideo(id);
      await status.refetch();
    } catch (err) {
      setRetryError(toApiError(err));
    } finally {
      setRetrying(false);
    }
  };

  const current = data?.stage ?? "queued";
  const currentIdx = STEPS.indexOf(current as (typeof STEPS)[number]);

  return (
    <div className="stack narrow">
      <BackLink to="/">Dashboard</BackLink>
      <div className="page-head">
        <div>
          {data?.status === "error" ? (
            <h1>Analysis stopped</h1>
          ) : (
            <>
              <h1>Analysing your talk</h1>
              <p className="muted">This usually takes a minute or two. You can leave this page; we'll keep going.</p>
            </>
          )}
        </div>
      </div>
      {status.isPending && <Spinner label="Checking progress…" />}
      {status.isError && (
        <ErrorState
          error={toApiError(status.error)}
          onRetry={() => status.refetch()}
          title="We lost track of this talk"
        />
      )}
      {data && data.status !== "error" && (
        <Card className="processing">
          <div className="processing-head" aria-live="polite" data-testid="processing-status">
            <span className={`pulse${data.status === "complete" ? " done" : ""}`} aria-hidden="true" />
            <div>
              <p className="processing-stage">{STAGE_TEXT[current] ?? current}</p>
              <p className="muted">
                {data.status === "complete" ? "Opening your results…" : `${data.progress}% complete`}
              </p>
            </div>
          </div>
          <ProgressBar value={data.status === "complete" ? 100 : data.progress} label="Analysis progress" />
          <ol className="steps">
            {STEPS.map((s, i) => {
              const state =
                data.status === "complete" || i < currentIdx ? "done" : i === currentIdx ? "current" : "pending";
              return (
                <li key={s} className={`step step-${state}`} aria-current={state === "current" ? "step" : undefined}>
                  <span className="step-dot" aria-hidden="true">
                    {state === "done" ? "✓" : i + 1}
                  </span>
                  <span>{STAGE_TEXT[s]}</span>
                </li>
              );
            })}
          </ol>
        </Card>
      )}
      {data?.status === "error" && (
        <Card>
          <div className="error-state" role="alert" data-testid="processing-error">
            <span className="error-icon" aria-hidden="true">
              !
            </span>
            <div>
              <h3>The analysis stopped</h3>
              <p>{data.error?.message ?? "Something went wrong while analysing this video."}</p>
              <div className="row">
                {data.error?.retryable && (
                  <Button onClick={retry} busy={retrying}>
                    Retry analysis
                  </Button>
                )}
                <Link to="/upload" className="btn btn-secondary">
                  Upload another video
                </Link>
              </div>
              {retryError && <p className="field-error">{retryError.message}</p>}
            </div>
          </div>
        </Card>
      )}
    </div>
  );
}
