import { Skeleton } from "../../components/ui";
import { ScriptTab } from "../script/ScriptTab";
import type { TVideoResults } from "../videos/api";
import { CoachingReport } from "./CoachingReport";
import { FlagList } from "./FlagList";
import { MetricCards } from "./MetricCards";
import { Transcript } from "./Transcript";

export const TABS = [
  { id: "flags", label: "Flags" },
  { id: "transcript", label: "Transcript" },
  { id: "script", label: "Script" },
  { id: "metrics", label: "Delivery" },
  { id: "coaching", label: "Coaching" },
] as const;
export type Tab = (typeof TABS)[number]["id"];

/** The detail column: a tab list (arrow keys move between tabs) and the selected tab's panel. */
export function ResultTabs({
  id,
  results: r,
  tab,
  onTab,
  time,
  onSeek,
  activeFlag,
  onSelectFlag,
  wordsUnreliable,
}: {
  id: string;
  results?: TVideoResults;
  tab: Tab;
  onTab: (tab: Tab) => void;
  time: number;
  onSeek: (seconds: number) => void;
  activeFlag: number | null;
  onSelectFlag: (index: number) => void;
  wordsUnreliable: boolean;
}) {
  return (
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
            onClick={() => onTab(t.id)}
            onKeyDown={(e) => {
              const i = TABS.findIndex((x) => x.id === tab);
              const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
              if (!d) return;
              const next = TABS[(i + d + TABS.length) % TABS.length]!;
              onTab(next.id);
              document.getElementById(`tab-${next.id}`)?.focus();
            }}
          >
            {t.label}
            {t.id === "flags" && r ? <span className="tab-count">{r.flags.length}</span> : null}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {!r && (
          <div className="stack-sm">
            <Skeleton height={80} />
            <Skeleton height={80} />
          </div>
        )}
        {r && tab === "flags" && (
          <FlagList flags={r.flags} onSeek={onSeek} activeFlag={activeFlag} onSelectFlag={onSelectFlag} />
        )}
        {r && tab === "transcript" && (
          <Transcript
            words={r.transcript.words}
            flags={r.flags}
            currentTime={time}
            onSeek={onSeek}
            activeFlag={activeFlag}
          />
        )}
        {r && tab === "script" && (
          <ScriptTab videoId={id} adherence={r.scriptAdherence} currentTime={time} onSeek={onSeek} />
        )}
        {r && tab === "metrics" && <MetricCards metrics={r.metrics} wordsUnreliable={wordsUnreliable} />}
        {r && tab === "coaching" && <CoachingReport report={r.report} onSeek={onSeek} />}
      </div>
    </div>
  );
}
