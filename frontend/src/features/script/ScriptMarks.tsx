import type { TScriptAdherence, TScriptWordStatus } from "@coherence/shared";
import { useMemo } from "react";
import { formatClock } from "../../lib/format";
import { useRovingFocus } from "../../lib/roving-focus";
import { type ScriptSegment, scriptSegments } from "./script-marks";

const STATUS_WORDS: Record<TScriptWordStatus, string> = {
  said: "said as written",
  changed: "said differently",
  skipped: "skipped",
  moved: "said out of order",
};

function markLabel(s: Exclude<ScriptSegment, { kind: "text" }>): string {
  if (s.kind === "added") return `${s.text}: added, not in the script, at ${formatClock(s.seconds)}`;
  const when =
    s.seconds === null
      ? ""
      : s.status === "skipped"
        ? ` (due at ${formatClock(s.seconds)})`
        : ` at ${formatClock(s.seconds)}`;
  return `${s.text}: ${STATUS_WORDS[s.status]}${when}`;
}

/**
 * The script with how each word was delivered, and ad-libs inserted where they were said.
 * Every mark is a button that seeks the video; like the transcript, the marks are one tab
 * stop and arrow keys move between them.
 */
export function ScriptMarks({
  script,
  adherence,
  currentTime,
  onSeek,
}: {
  script: string;
  adherence: TScriptAdherence;
  currentTime: number;
  onSeek: (seconds: number) => void;
}) {
  const segments = useMemo(() => scriptSegments(script, adherence), [script, adherence]);
  const marks = useMemo(
    () => segments.filter((s): s is Exclude<ScriptSegment, { kind: "text" }> => s.kind !== "text"),
    [segments],
  );
  const { focus, setFocus, refs, onKey } = useRovingFocus(marks.length);
  // The last delivered word at or before the playhead.
  let current = -1;
  marks.forEach((m, i) => {
    if (m.kind === "word" && m.status !== "skipped" && m.seconds !== null && m.seconds <= currentTime) current = i;
  });

  let markIndex = -1;
  return (
    <p className="script-text" data-testid="script-text">
      {segments.map((s) => {
        if (s.kind === "text") return <span key={s.key}>{s.text}</span>;
        markIndex++;
        const i = markIndex;
        const seconds = s.seconds;
        const cls = s.kind === "added" ? "sw sw-added" : `sw sw-${s.status}${i === current ? " is-current" : ""}`;
        return (
          <button
            key={s.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            className={cls}
            data-status={s.kind === "added" ? "added" : s.status}
            aria-label={markLabel(s)}
            title={markLabel(s)}
            tabIndex={i === focus ? 0 : -1}
            onClick={() => {
              setFocus(i);
              if (seconds !== null) onSeek(seconds);
            }}
            onKeyDown={(e) => onKey(e, i)}
          >
            {s.kind === "added" ? `+ ${s.text}` : s.text}
          </button>
        );
      })}
    </p>
  );
}
