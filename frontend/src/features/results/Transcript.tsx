import type { TFlag, TWord } from "@coherence/shared";
import { useMemo } from "react";
import { flagLabel, formatClock } from "../../lib/format";
import { useRovingFocus } from "../../lib/roving-focus";
import { classifyWords } from "./classify-words";

export type TranscriptProps = {
  words: TWord[];
  flags: TFlag[];
  currentTime: number;
  onSeek: (seconds: number) => void;
  /** The flag selected in the list or on the timeline. */
  activeFlag?: number | null;
};

/**
 * Above this share of flagged words, underlining every flagged word would underline nearly the
 * whole talk and mean nothing: only the flag in focus (selected, or under the playhead) is
 * underlined, and the other flagged spans get a marker where they start.
 */
export const UNDERLINE_ALL_MAX_SHARE = 0.25;

const UNCERTAIN_STYLE = { color: "#8a8f98", fontStyle: "italic" } as const;
const FLAG_START_STYLE = { color: "#d9485f", fontSize: "0.7em", verticalAlign: "super", marginRight: 1 } as const;

/**
 * The transcript, word by word: fillers, hedges and flagged spans are
 * highlighted, the word being spoken is underlined, and clicking a word seeks
 * the video. Keyboard: Tab enters the transcript, arrow keys move between words,
 * Enter seeks (one tab stop, however long the talk).
 */
export function Transcript({ words, flags, currentTime, onSeek, activeFlag = null }: TranscriptProps) {
  const classified = useMemo(() => classifyWords(words, flags), [words, flags]);
  const { focus, setFocus, refs, onKey } = useRovingFocus(classified.length);
  const counts = useMemo(
    () => ({
      filler: classified.filter((w) => w.kind === "filler").length,
      hedge: classified.filter((w) => w.kind === "hedge").length,
      flagged: classified.filter((w) => w.flagIndex !== null).length,
      uncertain: classified.filter((w) => w.uncertain).length,
    }),
    [classified],
  );
  const underlineAll = counts.flagged <= UNDERLINE_ALL_MAX_SHARE * classified.length;
  const playing = flags.findIndex((f) => currentTime >= f.start && currentTime <= f.end);
  const inFocus = activeFlag ?? (playing === -1 ? null : playing);

  if (words.length === 0) {
    return <p className="empty-inline">No speech was transcribed in this video.</p>;
  }

  return (
    <div className="transcript">
      <ul className="legend" aria-label="Highlight legend">
        <li>
          <span className="w-filler">filler</span> {counts.filler}
        </li>
        <li>
          <span className="w-hedge">hedge</span> {counts.hedge}
        </li>
        <li>
          <span className="w-flagged">flagged span</span> {counts.flagged} words
          {!underlineAll && " (the selected or playing one is underlined; ⚑ marks where each starts)"}
        </li>
        {counts.uncertain > 0 && (
          <li>
            <span style={UNCERTAIN_STYLE}>not heard clearly</span> {counts.uncertain} words
          </li>
        )}
      </ul>
      <p className="transcript-text">
        {classified.map((w, i) => {
          const active = currentTime >= w.start && currentTime < w.end;
          const flag = w.flagIndex !== null ? flags[w.flagIndex] : undefined;
          const underlined = !!flag && (underlineAll || w.flagIndex === inFocus);
          const startsFlag = !!flag && !underlineAll && classified[i - 1]?.flagIndex !== w.flagIndex;
          const cls = [
            "word",
            w.kind ? `w-${w.kind}` : "",
            underlined ? "w-flagged" : "",
            w.uncertain ? "w-uncertain" : "",
            active ? "is-current" : "",
          ]
            .filter(Boolean)
            .join(" ");
          const label = [
            formatClock(w.start),
            w.kind ? w.kind : "",
            w.uncertain ? "not heard clearly" : "",
            flag ? `flagged: ${flagLabel(flag.type)}` : "",
          ].filter(Boolean);
          return (
            <span key={w.index}>
              {startsFlag && (
                <span aria-hidden="true" style={FLAG_START_STYLE} data-testid="flag-start">
                  ⚑
                </span>
              )}
              <button
                ref={(el) => {
                  refs.current[i] = el;
                }}
                type="button"
                className={cls}
                style={w.uncertain && !active ? UNCERTAIN_STYLE : undefined}
                data-kind={w.kind ?? undefined}
                data-uncertain={w.uncertain ? "true" : undefined}
                data-flagged={flag ? "true" : undefined}
                tabIndex={i === focus ? 0 : -1}
                title={label.join(" · ")}
                onClick={() => {
                  setFocus(i);
                  onSeek(w.start);
                }}
                onKeyDown={(e) => onKey(e, i)}
              >
                {w.display ?? w.word}
              </button>{" "}
            </span>
          );
        })}
      </p>
    </div>
  );
}
