/** Where a recording stands against the upload limits. */
export type LimitState = { warning: string | null; mustStop: boolean };

const WARN_SECONDS = 30;
const WARN_SHARE = 0.9;
// Stop a little before the limits, so the file's last second and container overhead still fit.
const STOP_MARGIN_SECONDS = 1;
const STOP_SHARE = 0.97;

/** Warns before a limit is reached and says when the recording must stop. */
export function checkRecordingLimits(opts: {
  elapsedSeconds: number;
  bytes: number;
  maxSeconds: number;
  maxBytes: number;
}): LimitState {
  const { elapsedSeconds, bytes, maxSeconds, maxBytes } = opts;
  if (elapsedSeconds >= maxSeconds - STOP_MARGIN_SECONDS || bytes >= maxBytes * STOP_SHARE)
    return { warning: "The recording reached the longest talk we analyse and stopped.", mustStop: true };
  const left = Math.ceil(maxSeconds - elapsedSeconds);
  if (left <= WARN_SECONDS)
    return { warning: `The recording stops in ${left} s: that is the longest talk we analyse.`, mustStop: false };
  if (bytes >= maxBytes * WARN_SHARE)
    return { warning: "The recording is close to the largest file we accept and will stop soon.", mustStop: false };
  return { warning: null, mustStop: false };
}
