import type { TFlag, THeatmap } from "@coherence/shared";
import type { KeyboardEvent, MouseEvent } from "react";
import { flagLabel, formatClock, severityColor, severityWord } from "../../lib/format";

export type HeatmapProps = {
  heatmap: THeatmap;
  flags: TFlag[];
  durationSeconds: number;
  currentTime: number;
  onSeek: (seconds: number) => void;
  /** The flag the user last picked (highlighted). */
  activeFlag?: number | null;
  onSelectFlag?: (index: number) => void;
};

/**
 * The timeline under the video: one cell per heatmap bin coloured by the
 * strongest severity in it, a playhead, and a marker per flag. Clicking the
 * strip or a marker seeks; markers are buttons, so they work from the keyboard.
 */
export function Heatmap(props: HeatmapProps) {
  const { heatmap, flags, currentTime, onSeek } = props;
  // The talk's length, not bins × binSeconds: the last bin is usually partial and must stop at the video's end.
  const duration = Math.max(
    props.durationSeconds || heatmap.durationSeconds || heatmap.bins.length * heatmap.binSeconds,
    0.001,
  );
  const binWidth = (i: number) => Math.max(0, Math.min(heatmap.binSeconds, duration - i * heatmap.binSeconds));
  const pct = (t: number) => `${Math.min(100, Math.max(0, (t / duration) * 100))}%`;

  const seekFromPointer = (e: MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width === 0) return;
    onSeek(((e.clientX - rect.left) / rect.width) * duration);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 5;
    if (e.key === "ArrowRight") onSeek(Math.min(duration, currentTime + step));
    else if (e.key === "ArrowLeft") onSeek(Math.max(0, currentTime - step));
    else if (e.key === "Home") onSeek(0);
    else if (e.key === "End") onSeek(duration);
    else return;
    e.preventDefault();
  };

  return (
    <div className="heatmap" data-testid="heatmap">
      <div
        className="heatmap-strip"
        role="slider"
        tabIndex={0}
        aria-label="Timeline: dissonance over the talk"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(currentTime)}
        aria-valuetext={formatClock(currentTime)}
        onClick={seekFromPointer}
        onKeyDown={onKey}
      >
        {heatmap.bins.map((v, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional and never reorder
            key={i}
            className="heatmap-bin"
            data-severity={v.toFixed(2)}
            style={{ background: severityColor(v), width: `${(binWidth(i) / duration) * 100}%` }}
            title={`${formatClock(i * heatmap.binSeconds)}: ${v === 0 ? "no flags" : `${severityWord(v)} (${Math.round(v * 100)}%)`}`}
          />
        ))}
        <span className="heatmap-playhead" style={{ left: pct(currentTime) }} aria-hidden="true" />
      </div>
      <div className="heatmap-markers">
        {flags.map((f, i) => (
          <button
            // biome-ignore lint/suspicious/noArrayIndexKey: flags keep their order for a result
            key={i}
            type="button"
            className={`heatmap-marker sev-${severityWord(f.severity)}${props.activeFlag === i ? " is-active" : ""}`}
            data-start={f.start}
            style={{ left: pct(f.start), borderColor: severityColor(f.severity) }}
            aria-label={`${flagLabel(f.type)} at ${formatClock(f.start)}, ${severityWord(f.severity)} severity`}
            title={`${flagLabel(f.type)} · ${formatClock(f.start)}`}
            onClick={() => {
              onSeek(f.start);
              props.onSelectFlag?.(i);
            }}
          />
        ))}
      </div>
      <div className="heatmap-scale" aria-hidden="true">
        <span>0:00</span>
        <span>{formatClock(duration / 2)}</span>
        <span>{formatClock(duration)}</span>
      </div>
    </div>
  );
}
