import { Link } from "react-router";
import { Icon } from "../../components/Icon";
import {
  Button,
  Card,
  EmptyState,
  ErrorState,
  ProgressBar,
  ScoreRing,
  Skeleton,
  StatusBadge,
  TierBadge,
} from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { flagLabel, formatClock, formatDate, talkTitle } from "../../lib/format";
import { type TOverview, useOverview } from "../analytics/api";
import { useMe } from "../auth/api";
import { type TVideo, useVideoList } from "../videos/api";

function Delta({ value, unit = "", invert = false }: { value: number | null; unit?: string; invert?: boolean }) {
  if (value === null || value === 0) return <span className="delta flat">no change</span>;
  const good = invert ? value < 0 : value > 0;
  return (
    <span className={`delta ${good ? "up" : "down"}`}>
      {value > 0 ? "▲" : "▼"} {Math.abs(value)}
      {unit} <span className="sr-only">{good ? "better" : "worse"} than your previous talk</span>
    </span>
  );
}

function Stat({ label, value, foot }: { label: string; value: React.ReactNode; foot?: React.ReactNode }) {
  return (
    <div className="stat">
      <p className="stat-label">{label}</p>
      <p className="stat-value">{value}</p>
      {foot && <p className="stat-foot">{foot}</p>}
    </div>
  );
}

function Overview({ data }: { data: TOverview }) {
  const maxTier = Math.max(1, ...data.tierDistribution.map((t) => t.count));
  const maxFlag = Math.max(1, ...data.topFlagTypes.map((f) => f.count));
  return (
    <div className="overview">
      <Card className="latest-card">
        <p className="eyebrow">Latest talk</p>
        {data.latest ? (
          <div className="latest">
            <ScoreRing score={data.latest.score} tier={data.latest.tier} />
            <div>
              <h2>
                <Link to={`/talks/${data.latest.videoId}`}>{talkTitle(data.latest)}</Link>
              </h2>
              <p className="muted">{formatDate(data.latest.recordedAt)}</p>
              <p>
                <TierBadge tier={data.latest.tier} />{" "}
                {data.changeSincePrevious && <Delta value={data.changeSincePrevious.score} unit=" pts" />}
              </p>
            </div>
          </div>
        ) : (
          <p className="muted">No analysed talks yet.</p>
        )}
      </Card>
      <div className="stats">
        <Stat
          label="Talks analysed"
          value={data.talksAnalysed}
          foot={data.talksInProgress ? `${data.talksInProgress} in progress` : undefined}
        />
        <Stat label="Minutes of practice" value={data.totalMinutes} />
        <Stat label="Average score" value={data.averageScore ?? "–"} />
        <Stat label="Best score" value={data.bestScore ?? "–"} foot={data.best ? talkTitle(data.best) : undefined} />
      </div>
      <Card title="Tiers">
        <ul className="bars" aria-label="Talks per tier">
          {data.tierDistribution.map((t) => (
            <li key={t.tier}>
              <span className="bar-label">{t.tier}</span>
              <span className="bar-track">
                <span
                  className={`bar-fill tier-fill-${t.tier.replace(/\s/g, "")}`}
                  style={{ width: `${(t.count / maxTier) * 100}%` }}
                />
              </span>
              <span className="bar-n">{t.count}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Most frequent flags">
        {data.topFlagTypes.length === 0 ? (
          <p className="muted">No flags yet.</p>
        ) : (
          <ul className="bars" aria-label="Most frequent flag types">
            {data.topFlagTypes.map((f) => (
              <li key={f.type}>
                <span className="bar-label">{flagLabel(f.type)}</span>
                <span className="bar-track">
                  <span className="bar-fill flag-fill" style={{ width: `${(f.count / maxFlag) * 100}%` }} />
                </span>
                <span className="bar-n">{f.count}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function TalkRow({ v }: { v: TVideo }) {
  const href = v.status === "complete" ? `/talks/${v.id}` : `/talks/${v.id}/processing`;
  return (
    <li className="talk-row">
      <Link to={href} className="talk-link">
        <span className="talk-thumb" aria-hidden="true">
          <Icon name="play" size={14} />
        </span>
        <span className="talk-main">
          <span className="talk-title">{talkTitle(v)}</span>
          <span className="talk-meta">
            {formatDate(v.createdAt)}
            {v.durationSeconds ? ` · ${formatClock(v.durationSeconds)}` : ""}
          </span>
          {(v.status === "processing" || v.status === "queued") && (
            <ProgressBar value={v.progress} label={`Analysis of ${talkTitle(v)}`} />
          )}
        </span>
        <span className="talk-side">
          {v.coherenceScore != null && <span className="talk-score">{v.coherenceScore}</span>}
          <StatusBadge status={v.status} progress={v.progress} />
        </span>
      </Link>
    </li>
  );
}

/** Home: the overview figures, then every talk with its live status, or a first-upload prompt. */
export function DashboardPage() {
  const me = useMe();
  const overview = useOverview();
  const videos = useVideoList();
  const firstName = (me.data?.name ?? "").split(" ")[0];
  const talks = videos.data?.pages.flatMap((p) => p.items) ?? [];
  const isEmpty = videos.isSuccess && talks.length === 0;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{firstName ? `Hi ${firstName}` : "Your dashboard"}</h1>
          <p className="muted">How your words and your delivery line up, talk after talk.</p>
        </div>
        <Link to="/upload" className="btn btn-primary">
          <Icon name="plus" /> New talk
        </Link>
      </div>

      {isEmpty ? (
        <Card>
          <EmptyState
            title="Upload your first practice talk"
            action={
              <Link to="/upload" className="btn btn-primary">
                Upload a video
              </Link>
            }
          >
            Record yourself presenting for a minute or more (a phone video is fine). Coherence finds the moments where
            what you say and how you say it disagree, and tells you what to practise.
          </EmptyState>
        </Card>
      ) : (
        <>
          {overview.isPending && (
            <div className="stats">
              {[0, 1, 2, 3].map((i) => (
                <div className="stat" key={i}>
                  <Skeleton width="60%" />
                  <Skeleton height={32} width="40%" />
                </div>
              ))}
            </div>
          )}
          {overview.isError && (
            <ErrorState
              error={toApiError(overview.error)}
              onRetry={() => overview.refetch()}
              title="We couldn't load your figures"
            />
          )}
          {overview.data && overview.data.talksAnalysed > 0 && <Overview data={overview.data} />}
        </>
      )}

      {!isEmpty && (
        <Card title="Your talks">
          {videos.isPending && (
            <div className="stack-sm">
              <Skeleton height={56} />
              <Skeleton height={56} />
            </div>
          )}
          {videos.isError && (
            <ErrorState
              error={toApiError(videos.error)}
              onRetry={() => videos.refetch()}
              title="We couldn't load your talks"
            />
          )}
          {videos.data && (
            <ul className="talk-list" data-testid="talk-list">
              {talks.map((v) => (
                <TalkRow key={v.id} v={v} />
              ))}
            </ul>
          )}
          {videos.hasNextPage && (
            <div className="load-more">
              <Button variant="secondary" busy={videos.isFetchingNextPage} onClick={() => videos.fetchNextPage()}>
                Show older talks
              </Button>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
