import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Button, ScoreRing, Skeleton, TierBadge } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { formatClock, formatDate } from "../../lib/format";
import { deleteVideo, type TVideo, type TVideoResults } from "../videos/api";
import { downloadText, toJsonReport } from "./export-report";
import { CouldNotJudge, JudgementNotice, type judgementOf } from "./Judgement";

type Judgement = ReturnType<typeof judgementOf>;

/** Score, title and the talk's actions: exports and delete. */
export function ResultsHeader({
  id,
  title,
  video,
  results: r,
  judgement,
  vtt,
}: {
  id: string;
  title: string;
  video?: TVideo;
  results?: TVideoResults;
  judgement: Judgement | null;
  vtt: string;
}) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState(false);

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
          {video && formatDate(video.createdAt)}
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
