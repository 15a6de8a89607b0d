import type { TFlag, TWord } from "@coherence/shared";
import { type KeyboardEvent, useMemo, useRef, useState } from "react";
import { flagLabel, formatClock } from "../../lib/format";
import { classifyWords } from "./classify-words";

export type TranscriptProps = {
  words: TWord[];
  flags: TFlag[];
  currentTime: number;
  onSeek: (seconds: number) => void;
};

/**
 * The transcript, word by word: fillers, hedges and flagged spans are
 * highlighted, the word being spoken is underlined, and clicking a word seeks
 * the video. Keyboard: Tab enters the transcript, arrow keys move between words,
 * Enter seeks (one tab stop, however long the talk).
 */
export function Transcript({ words, flags, currentTime, onSeek }: TranscriptProps) {
  const classified = useMemo(() => classifyWords(words, flags), [words, flags]);
  const [focus, setFocus] = useState(0);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const counts = useMemo(
    () => ({
      filler: classified.filter((w) => w.kind === "filler").length,
      hedge: classified.filter((w) => w.kind === "hedge").length,
      flagged: classified.filter((w) => w.flagIndex !== null).length,
    }),
    [classified],
  );

  if (words.length === 0) {
    return <p className="empty-inline">No speech was transcribed in this video.</p>;
  }

  const move = (e: KeyboardEvent, to: number) => {
    e.preventDefault();
    const next = Math.max(0, Math.min(classified.length - 1, to));
    setFocus(next);
    refs.current[next]?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    if (e.key === "ArrowRight") move(e, i + 1);
    else if (e.key === "ArrowLeft") move(e, i - 1);
    else if (e.key === "Home") move(e, 0);
    else if (e.key === "End") move(e, classified.length - 1);
  };

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
        </li>
      </ul>
      <p className="transcript-text">
        {classified.map((w, i) => {
          const active = currentTime >= w.start && currentTime < w.end;
          const flag = w.flagIndex !== null ? flags[w.flagIndex] : undefined;
          const cls = ["word", w.kind ? `w-${w.kind}` : "", flag ? "w-flagged" : "", active ? "is-current" : ""]
            .filter(Boolean)
            .join(" ");
          const label = [
            formatClock(w.start),
            w.kind ? w.kind : "",
            flag ? `flagged: ${flagLabel(flag.type)}` : "",
          ].filter(Boolean);
          return (
            <span key={w.index}>
              <button
                ref={(el) => {
                  refs.current[i] = el;
                }}
                type="button"
                className={cls}
                data-kind={w.kind ?? undefined}
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
