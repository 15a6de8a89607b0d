import { ProgressBar } from "../../components/ui";
import { formatBytes, formatClock } from "../format";
import { progressFigures, type UploadProgressState } from "./progress";

/** The one progress bar for every upload path: bytes, speed and time left. */
export function UploadProgress({
  state,
  label,
}: {
  state: UploadProgressState & { sentBefore?: number };
  label: string;
}) {
  const { percent, bytesPerSecond, secondsLeft } = progressFigures(state);
  return (
    <>
      <ProgressBar value={percent} label={label} />
      <p className="muted small" aria-live="polite" data-testid="upload-progress">
        {formatBytes(state.loaded)} of {formatBytes(state.total)} · {Math.floor(percent)}%
        {bytesPerSecond > 0 && ` · ${formatBytes(bytesPerSecond)}/s`}
        {secondsLeft !== null && secondsLeft > 1 && ` · about ${formatClock(secondsLeft)} left`}
      </p>
    </>
  );
}
