import { PACE_BAND_WPM } from "@coherence/shared";
import { useState } from "react";
import { Link } from "react-router";
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, EmptyState, ErrorState, Skeleton } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { formatDate, talkTitle } from "../../lib/format";
import { PROGRESS_RANGES, type TProgress, type TProgressRange, useProgress } from "../analytics/api";

type Point = TProgress["points"][number];
type SeriesKey = "score" | "wpm" | "fillerDensity" | "eyeContact" | "flagsPerMinute";

const RANGE_LABEL: Record<TProgressRange, string> = { "30d": "30 days", "90d": "90 days", "1y": "Year", all: "All" };

// The target bands drawn behind each chart (coaching.md), so a trend reads against a goal.
export const CHARTS: {
  key: SeriesKey;
  title: string;
  unit: string;
  color: string;
  band?: [number, number];
  better: string;
}[] = [
  { key: "score", title: "Coherence score", unit: "", color: "#6d5efc", band: [70, 100], better: "higher is better" },
  {
    key: "wpm",
    title: "Speaking pace",
    unit: " wpm",
    color: "#0f8f7e",
    // The one pace band the engine rates against and the results page shows.
    band: [...PACE_BAND_WPM.good],
    better: `aim for ${PACE_BAND_WPM.good[0]}–${PACE_BAND_WPM.good[1]}`,
  },
  {
    key: "fillerDensity",
    title: "Filler words",
    unit: "%",
    color: "#b8650f",
    band: [0, 2],
    better: "under 2% is excellent",
  },
  { key: "eyeContact", title: "Eye contact", unit: "%", color: "#2a6fd0", band: [70, 100], better: "higher is better" },
  {
    key: "flagsPerMinute",
    title: "Flags per minute",
    unit: "",
    color: "#c7374f",
    band: [0, 0.5],
    better: "lower is better",
  },
];

function Chart({ points, c }: { points: Point[]; c: (typeof CHARTS)[number] }) {
  const data = points.map((p) => ({ ...p, label: formatDate(p.recordedAt) }));
  const values = data.map((d) => d[c.key]).filter((v): v is number => v !== null);
  const latest = values.at(-1);
  return (
    <Card className="chart-card">
      <header className="chart-head">
        <div>
          <h2>{c.title}</h2>
          <p className="muted small">{c.better}</p>
        </div>
        <p className="chart-latest" style={{ color: c.color }}>
          {latest !== undefined ? `${latest}${c.unit}` : "–"}
        </p>
      </header>
      {values.length === 0 ? (
        <p className="muted">No data for this metric yet.</p>
      ) : (
        <div className="chart" role="img" aria-label={`${c.title} over time: ${values.join(", ")}`}>
          <ResponsiveContainer width="100%" height={200}>
            <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
              <CartesianGrid stroke="var(--line)" vertical={false} />
              {c.band && <ReferenceArea y1={c.band[0]} y2={c.band[1]} fill={c.color} fillOpacity={0.08} />}
              <XAxis dataKey="label" tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} />
              <YAxis tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} />
              <Tooltip
                formatter={(v) => [`${v}${c.unit}`, c.title]}
                labelFormatter={(_, p) => talkTitle(p?.[0]?.payload as Point | undefined, "")}
              />
              <Line
                type="monotone"
                dataKey={c.key}
                stroke={c.color}
                strokeWidth={2.5}
                dot={{ r: 4, fill: c.color }}
                connectNulls
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}

/** Trends across talks for the chosen range. */
export function ProgressPage() {
  const [range, setRange] = useState<TProgressRange>("90d");
  const progress = useProgress(range);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Progress</h1>
          <p className="muted">Each point is one talk. Shaded bands are the targets coaches recommend.</p>
        </div>
        <fieldset className="segmented">
          <legend className="sr-only">Range</legend>
          {PROGRESS_RANGES.map((r) => (
            <label key={r} className={range === r ? "is-on" : ""}>
              <input type="radio" name="range" value={r} checked={range === r} onChange={() => setRange(r)} />
              {RANGE_LABEL[r]}
            </label>
          ))}
        </fieldset>
      </div>
      {progress.isPending && (
        <div className="chart-grid">
          {[0, 1, 2, 3].map((i) => (
            <Card key={i}>
              <Skeleton height={220} />
            </Card>
          ))}
        </div>
      )}
      {progress.isError && (
        <ErrorState
          error={toApiError(progress.error)}
          onRetry={() => progress.refetch()}
          title="We couldn't load your progress"
        />
      )}
      {progress.data && progress.data.points.length === 0 && (
        <Card>
          <EmptyState
            title={range === "all" ? "No analysed talks yet" : "No talks in this range"}
            action={
              <Link className="btn btn-primary" to="/upload">
                Upload a talk
              </Link>
            }
          >
            Your trends appear here once a talk has been analysed.
          </EmptyState>
        </Card>
      )}
      {progress.data && progress.data.points.length > 0 && (
        <div className="chart-grid" data-testid="progress-charts">
          {CHARTS.map((c) => (
            <Chart key={c.key} points={progress.data.points} c={c} />
          ))}
        </div>
      )}
    </div>
  );
}
