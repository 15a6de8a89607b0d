import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { BackLink, Card, ErrorState } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { talkTitle } from "../../lib/format";
import { useStreamUrl, useVideo, useVideoResults } from "../videos/api";
import { flagsToWebVTT } from "./export-report";
import { judgementOf } from "./Judgement";
import { ResultsHeader } from "./ResultsHeader";
import { ResultsPlayer } from "./ResultsPlayer";
import { ResultTabs, type Tab } from "./ResultTabs";

/** A talk's results: header, player + heatmap timeline, and the detail tabs. Every click on a moment seeks. */
export function ResultsPage() {
  const { id = "" } = useParams();
  const results = useVideoResults(id);
  const video = useVideo(id);
  const stream = useStreamUrl(id);
  const player = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const [activeFlag, setActiveFlag] = useState<number | null>(null);
  const [tab, setTab] = useState<Tab>("flags");

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

  if (results.isError)
    return (
      <ResultsUnavailable id={id} error={results.error} status={video.data?.status} retry={() => results.refetch()} />
    );

  return (
    <div className="stack results">
      <BackLink to="/">Dashboard</BackLink>
      <ResultsHeader id={id} title={title} video={video.data} results={r} judgement={judgement} vtt={vtt} />
      <div className="results-grid">
        <ResultsPlayer
          id={id}
          player={player}
          stream={{ url: stream.data, failed: stream.isError, retry: () => void stream.refetch() }}
          vttUrl={vttUrl}
          results={r}
          time={time}
          onTime={setTime}
          onSeek={seek}
          activeFlag={activeFlag}
          onSelectFlag={setActiveFlag}
        />
        <ResultTabs
          id={id}
          results={r}
          tab={tab}
          onTab={setTab}
          time={time}
          onSeek={seek}
          activeFlag={activeFlag}
          onSelectFlag={setActiveFlag}
          wordsUnreliable={judgement?.transcriptReliable === false}
        />
      </div>
    </div>
  );
}

/** Results that cannot be shown: still being analysed (a link to its progress), or an error. */
function ResultsUnavailable({
  id,
  error,
  status,
  retry,
}: {
  id: string;
  error: unknown;
  status?: string;
  retry: () => void;
}) {
  const err = toApiError(error);
  if (err.code === "NOT_FOUND" && status && status !== "complete") {
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
      <ErrorState error={err} onRetry={retry} title="We couldn't open these results" />
    </div>
  );
}
