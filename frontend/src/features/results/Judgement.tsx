import { judgeFromMetrics, type TAnalysisResult, type TJudgement } from "@coherence/shared";

/** What the engine could not judge: stored with the analysis, or derived from its metrics for older ones. */
export function judgementOf(r: Pick<TAnalysisResult, "judgement" | "metrics">): TJudgement {
  return r.judgement ?? judgeFromMetrics(r.metrics);
}

/** Stands in for the score ring and tier when nothing could be judged: a score would mean nothing. */
export function CouldNotJudge({ size = 96 }: { size?: number }) {
  return (
    <div
      className="score-ring could-not-judge"
      style={{ width: size, height: size, display: "grid", placeItems: "center", textAlign: "center" }}
      role="img"
      aria-label="Could not judge this talk"
      data-testid="could-not-judge"
    >
      <span style={{ fontSize: "0.8rem", lineHeight: 1.2 }}>Could not judge</span>
    </div>
  );
}

/** The plain sentences for what could not be judged (no face, no words, words not heard reliably). */
export function JudgementNotice({ judgement }: { judgement: TJudgement }) {
  if (judgement.couldNotJudge.length === 0) return null;
  return (
    <div className="judgement-notice" role="note" data-testid="judgement-notice">
      {judgement.tierWithheld && <strong>We could not judge this talk. </strong>}
      {judgement.couldNotJudge.map((s) => (
        <span key={s}>{s} </span>
      ))}
    </div>
  );
}
