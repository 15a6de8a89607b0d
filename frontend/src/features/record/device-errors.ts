/** What went wrong opening the camera or microphone, in words a presenter can act on. */
export type DeviceProblem = { kind: DeviceProblemKind; title: string; message: string };
export type DeviceProblemKind = "unsupported" | "denied" | "no-device" | "in-use" | "insecure" | "unknown";

const PROBLEMS: Record<DeviceProblemKind, Omit<DeviceProblem, "kind">> = {
  unsupported: {
    title: "This browser can't record video",
    message:
      "Recording needs a browser with camera access and MediaRecorder: a current Chrome, Edge, Firefox or Safari. You can still record with another app and upload the file.",
  },
  insecure: {
    title: "Recording needs a secure connection",
    message:
      "Browsers only give camera access to pages opened over https (or on localhost). Open Coherence over https.",
  },
  denied: {
    title: "Camera or microphone access is blocked",
    message:
      "Allow camera and microphone for this site: click the camera or lock icon in the address bar, choose Allow, then try again.",
  },
  "no-device": {
    title: "No camera or microphone found",
    message: "Connect a camera and a microphone (or check they are switched on), then try again.",
  },
  "in-use": {
    title: "The camera or microphone is busy",
    message:
      "Another app or tab is using it. Close video calls and other recording apps, then try again, or pick another device.",
  },
  unknown: {
    title: "We couldn't start the camera",
    message: "Try again, or pick another camera or microphone. If it keeps failing, reload the page.",
  },
};

/** Maps a getUserMedia error (a DOMException by name) to the problem to show. */
export function describeDeviceError(err: unknown): DeviceProblem {
  const name = err instanceof Error || err instanceof DOMException ? err.name : "";
  const kind: DeviceProblemKind =
    name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError"
      ? "denied"
      : name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError"
        ? "no-device"
        : name === "NotReadableError" || name === "TrackStartError" || name === "AbortError"
          ? "in-use"
          : "unknown";
  return deviceProblem(kind);
}

export function deviceProblem(kind: DeviceProblemKind): DeviceProblem {
  return { kind, ...PROBLEMS[kind] };
}

/** Why this browser cannot record at all, before asking for anything; null when it can. */
export function recordingUnsupported(env: {
  isSecureContext: boolean;
  hasGetUserMedia: boolean;
  hasMediaRecorder: boolean;
}): DeviceProblem | null {
  if (!env.isSecureContext) return deviceProblem("insecure");
  if (!env.hasGetUserMedia || !env.hasMediaRecorder) return deviceProblem("unsupported");
  return null;
}
