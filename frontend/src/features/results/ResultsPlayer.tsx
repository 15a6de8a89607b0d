import type { RefObject } from "react";
import { Button, Skeleton } from "../../components/ui";
import type { TVideoResults } from "../videos/api";
import { VideoCost } from "./CostCard";
import { Heatmap } from "./Heatmap";

/** The player column: the video with its flags as captions, the heatmap timeline, summary and cost. */
export function ResultsPlayer({
  id,
  player,
  stream,
  vttUrl,
  results: r,
  time,
  onTime,
  onSeek,
  activeFlag,
  onSelectFlag,
}: {
  id: string;
  player: RefObject<HTMLVideoElement>;
  stream: { url?: string; failed: boolean; retry: () => void };
  vttUrl?: string;
  results?: TVideoResults;
  time: number;
  onTime: (seconds: number) => void;
  onSeek: (seconds: number) => void;
  activeFlag: number | null;
  onSelectFlag: (index: number) => void;
}) {
  return (
    <div className="player-col">
      <div className="player">
        {stream.url ? (
          // biome-ignore lint/a11y/useMediaCaption: the flags track below is the caption track
          <video
            ref={player}
            src={stream.url}
            controls
            preload="metadata"
            playsInline
            onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
            onSeeked={(e) => onTime(e.currentTarget.currentTime)}
            data-testid="player"
          >
            {vttUrl && <track kind="captions" src={vttUrl} srcLang="en" label="Coaching flags" />}
          </video>
        ) : stream.failed ? (
          <div className="player-fallback">
            <p>The video can't be played right now.</p>
            <Button variant="secondary" onClick={stream.retry}>
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
          onSeek={onSeek}
          activeFlag={activeFlag}
          onSelectFlag={onSelectFlag}
        />
      ) : (
        <Skeleton height={40} />
      )}
      {r && <p className="report-summary">{r.report.summary}</p>}
      {r && <VideoCost videoId={id} />}
    </div>
  );
}
