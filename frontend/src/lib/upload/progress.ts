/** What one progress bar shows for an upload on any path. */
export type UploadProgressState = { loaded: number; total: number; startedAt: number };

export type ProgressFigures = {
  percent: number;
  /** Bytes per second since the upload (or its resumption) started; 0 until known. */
  bytesPerSecond: number;
  /** Seconds left at the current speed; null until a speed is known. */
  secondsLeft: number | null;
};

/** Percent, speed and time left; `sentBefore` is what an earlier session already sent (not counted in the speed). */
export function progressFigures(
  state: UploadProgressState & { sentBefore?: number },
  now = Date.now(),
): ProgressFigures {
  const percent = state.total > 0 ? Math.min(100, (state.loaded / state.total) * 100) : 0;
  const seconds = (now - state.startedAt) / 1000;
  const sentNow = state.loaded - (state.sentBefore ?? 0);
  const bytesPerSecond = seconds > 0 && sentNow > 0 ? sentNow / seconds : 0;
  const secondsLeft = bytesPerSecond > 0 ? Math.max(0, (state.total - state.loaded) / bytesPerSecond) : null;
  return { percent, bytesPerSecond, secondsLeft };
}
