import type { TCoachingItem, TCoachingReport } from "@coherence/shared";
import { formatClock } from "../../lib/format";

function Item({ item, onSeek, n }: { item: TCoachingItem; onSeek: (s: number) => void; n?: number }) {
  return (
    <li className="coach-item">
      <h4>
        {n !== undefined && <span className="coach-n">{n}</span>}
        {item.title}
      </h4>
      <p>{item.detail}</p>
      {item.drill && (
        <p className="coach-drill">
          <strong>Practice:</strong> {item.drill}
        </p>
      )}
      {item.timestamps.length > 0 && (
        <p className="coach-times">
          <span>Moments:</span>
          {item.timestamps.map((t) => (
            <button key={t} type="button" className="time-link" onClick={() => onSeek(t)}>
              <span aria-hidden="true">▶</span> <span className="sr-only">Play from </span>
              {formatClock(t)}
            </button>
          ))}
        </p>
      )}
    </li>
  );
}

/** The personalised report: summary, what went well, and the top improvements with drills. */
export function CoachingReport({ report, onSeek }: { report: TCoachingReport; onSeek: (s: number) => void }) {
  return (
    <div className="coach">
      <p className="coach-summary">{report.summary}</p>
      <div className="coach-cols">
        <section aria-labelledby="coach-improve">
          <h3 id="coach-improve">Work on next</h3>
          {report.improvements.length === 0 ? (
            <p className="empty-inline">Nothing pressing: keep practising what works.</p>
          ) : (
            <ol className="coach-list">
              {report.improvements.map((it, i) => (
                <Item key={it.title} item={it} onSeek={onSeek} n={i + 1} />
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="coach-strengths">
          <h3 id="coach-strengths">What worked</h3>
          <ul className="coach-list">
            {report.strengths.map((it) => (
              <Item key={it.title} item={it} onSeek={onSeek} />
            ))}
          </ul>
        </section>
      </div>
      {report.fallbackReason && (
        <p className="note">This report was written by our rule-based coach because {report.fallbackReason}.</p>
      )}
    </div>
  );
}
