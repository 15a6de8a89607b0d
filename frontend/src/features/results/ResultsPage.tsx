import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { BackLink, Button, Card, ErrorState, ScoreRing, Skeleton, TierBadge } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { formatClock, formatDate, talkTitle } from "../../lib/format";
import { deleteVideo, useStreamUrl, useVideo, useVideoResults } from "../videos/api";
import { CoachingReport } from "./CoachingReport";
import { VideoCost } from "./CostCard";
import { downloadText, flagsToWebVTT, toJsonReport } from "./export-report";
import { FlagList } from "./FlagList";
import { Heatmap } from "./Heatmap";
import { CouldNotJudge, JudgementNotice, judgementOf } from "./Judgement";
import { MetricCards } from "./MetricCards";
import { Transcript } from "./Transcript";

const TABS = [
  { id: "flags", label: "Flags" },
  { id: "transcript", label: "Transcript" },
  { id: "metrics", label: "Delivery" },
  { id: "coaching", label: "Coaching" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** A talk's results: player + heatmap timeline, flags, transcript, metrics, coaching, exports. */
export function ResultsPage() {
  const { id = "" } = useParams();
  const results = useVideoResults(id);
  const video = useVideo(id);
  const stream = useStreamUrl(id);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const player = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const [activeFlag, setActiveFlag] = useState<number | null>(null);
  const [tab, setTab] = useState<Tab>("flags");
  const [deleting, setDeleting] = useState(false);

  const r = results.data;
  const judgement = useMemo(() => (r ? judgementOf(r) : null), [r]);
  const title = talkTitle(video.data, "Your talk");
  const vtt = useMemo(() => (r ? flagsToWebVTT(r.flags) : ""), [r]);
  const vttUrl = useMemo(() => (vtt ? URL.createObjectURL(new Blob([vtt], { type: "text/vtt" })) : undefined), [vtt]);
  useEffect(() => () => (vttUrl ? URL.revokeObjectURL(vttUrl) : undefined), [vttUrl]);

  const seek = (t: number) => {
    setTime(t);
    const v = player.current;
    if (v) {
      v.currentTime = t;
      void v.play().catch(() => undefined);
    }
  };

  if (results.isError) {
    const err = toApiError(results.error);
    if (err.code === "NOT_FOUND" && video.data && video.data.status !== "complete") {
      return (
        <div className="stack narrow">
          <BackLink to="/">Dashboard</BackLink>
          <Card>
            <p>This talk is still being analysed.</p>
            <Link to={`/talks/${id}/processing`} className="btn btn-primary">
              Watch progress
            </Link>
          </Card>
        </div>
      );
    }
    return (
      <div className="stack narrow">
        <BackLink to="/">Dashboard</BackLink>
        <ErrorState error={err} onRetry={() => results.refetch()} title="We couldn't open these results" />
      </div>
    );
  }

  const onDelete = async () => {
    if (!window.confirm(`Delete “${title}” and its analysis? This can't be undone.`)) return;
    setDeleting(true);
    try {
      await deleteVideo(id);
      await qc.invalidateQueries();
      navigate("/", { replace: true });
    } catch (err) {
      setDeleting(false);
      window.alert(toApiError(err).message);
    }
  };

  return (
    <div className="stack results">
      <BackLink to="/">Dashboard</BackLink>
      <div className="results-head">
        {!r ? (
          <Skeleton width={96} height={96} />
        ) : judgement?.tierWithheld ? (
          <CouldNotJudge size={96} />
        ) : (
          <ScoreRing score={r.coherenceScore} tier={r.scoreTier} size={96} />
        )}
        <div className="results-title">
          <h1>{title}</h1>
          <p className="muted">
            {video.data && formatDate(video.data.createdAt)}
            {r && ` · ${formatClock(r.durationSeconds)} · ${r.flags.length} flag${r.flags.length === 1 ? "" : "s"}`}
          </p>
          {r && !judgement?.tierWithheld && <TierBadge tier={r.scoreTier} />}
          {judgement && <JudgementNotice judgement={judgement} />}
        </div>
        <div className="results-actions">
          <Button
            variant="secondary"
            disabled={!r}
            onClick={() =>
              r &&
              downloadText(
                `${slug(title)}-report.json`,
                toJsonReport({ ...r, judgement: judgement ?? undefined }, { videoId: id, title }),
                "application/json",
              )
            }
          >
            Export JSON
          </Button>
          <Button
            variant="secondary"
            disabled={!r}
            onClick={() => downloadText(`${slug(title)}-flags.vtt`, vtt, "text/vtt")}
          >
            Export captions (VTT)
          </Button>
          <Button variant="ghost" onClick={onDelete} busy={deleting}>
            Delete
          </Button>
        </div>
      </div>

      <div className="results-grid">
        <div className="player-col">
          <div className="player">
            {stream.data ? (
              // biome-ignore lint/a11y/useMediaCaption: the flags track below is the caption track
              <video
                ref={player}
                src={stream.data}
                controls
                preload="metadata"
                playsInline
                onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
                onSeeked={(e) => setTime(e.currentTarget.currentTime)}
                data-testid="player"
              >
                {vttUrl && <track kind="captions" src={vttUrl} srcLang="en" label="Coaching flags" />}
              </video>
            ) : stream.isError ? (
              <div className="player-fallback">
                <p>The video can't be played right now.</p>
                <Button variant="secondary" onClick={() => stream.refetch()}>
                  Try again
                </Button>
              </div>
            ) : (
              <div className="player-fallback">
                <span className="spinner" aria-hidden="true" />
              </div>
            )}
          </div>
          {r ? (
            <Heatmap
              heatmap={r.heatmap}
              flags={r.flags}
              durationSeconds={r.durationSeconds}
              currentTime={time}
              onSeek={seek}
              activeFlag={activeFlag}
              onSelectFlag={setActiveFlag}
            />
          ) : (
            <Skeleton height={40} />
          )}
          {r && <p className="report-summary">{r.report.summary}</p>}
          {r && <VideoCost videoId={id} />}
        </div>

        <div className="detail-col">
          <div className="tabs" role="tablist" aria-label="Result details">
            {TABS.map((t) => (
              <button
                key={t.id}
                id={`tab-${t.id}`}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                aria-controls={`panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                className="tab"
                onClick={() => setTab(t.id)}
                onKeyDown={(e) => {
                  const i = TABS.findIndex((x) => x.id === tab);
                  const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
                  if (!d) return;
                  const next = TABS[(i + d + TABS.length) % TABS.length]!;
                  setTab(next.id);
                  document.getElementById(`tab-${next.id}`)?.focus();
                }}
              >
                {t.label}
                {t.id === "flags" && r ? <span className="tab-count">{r.flags.length}</span> : null}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {results.isPending && (
              <div className="stack-sm">
                <Skeleton height={80} />
                <Skeleton height={80} />
              </div>
            )}
            {r && tab === "flags" && (
              <FlagList flags={r.flags} onSeek={seek} activeFlag={activeFlag} onSelectFlag={setActiveFlag} />
            )}
            {r && tab === "transcript" && (
              <Transcript
                words={r.transcript.words}
                flags={r.flags}
                currentTime={time}
                onSeek={seek}
                activeFlag={activeFlag}
              />
            )}
            {r && tab === "metrics" && (
              <MetricCards metrics={r.metrics} wordsUnreliable={judgement?.transcriptReliable === false} />
            )}
            {r && tab === "coaching" && <CoachingReport report={r.report} onSeek={seek} />}
          </div>
        </div>
      </div>
    </div>
  );
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "talk"
  );
}
