import { useCallback, useEffect, useRef, useState } from "react";
import { type DeviceProblem, describeDeviceError, recordingUnsupported } from "./device-errors";

export type Devices = { cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[] };
export type CameraState =
  | { phase: "starting" }
  | { phase: "live"; stream: MediaStream }
  | { phase: "failed"; problem: DeviceProblem };

const VIDEO_CONSTRAINTS = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/** The browser's support for recording, checked before any permission prompt. */
export function browserRecordingSupport(): DeviceProblem | null {
  return recordingUnsupported({
    isSecureContext: window.isSecureContext,
    hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === "function",
    hasMediaRecorder: typeof window.MediaRecorder === "function",
  });
}

/** Opens the chosen camera and microphone (the defaults first), lists the devices, and stops them on unmount. */
export function useCamera(opts: { cameraId?: string; microphoneId?: string }) {
  const [state, setState] = useState<CameraState>({ phase: "starting" });
  const [devices, setDevices] = useState<Devices>({ cameras: [], microphones: [] });
  const [attempt, setAttempt] = useState(0);
  const current = useRef<MediaStream | null>(null);

  const listDevices = useCallback(async () => {
    const all = await navigator.mediaDevices.enumerateDevices();
    setDevices({
      cameras: all.filter((d) => d.kind === "videoinput"),
      microphones: all.filter((d) => d.kind === "audioinput"),
    });
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    const unsupported = browserRecordingSupport();
    if (unsupported) return setState({ phase: "failed", problem: unsupported });
    let cancelled = false;
    setState({ phase: "starting" });
    navigator.mediaDevices
      .getUserMedia({
        video: { ...VIDEO_CONSTRAINTS, ...(opts.cameraId ? { deviceId: { exact: opts.cameraId } } : {}) },
        audio: {
          echoCancellation: true,
          noiseSuppression: true,
          ...(opts.microphoneId ? { deviceId: { exact: opts.microphoneId } } : {}),
        },
      })
      .then(async (stream) => {
        if (cancelled) return stopStream(stream);
        current.current = stream;
        setState({ phase: "live", stream });
        // Device labels are only given once permission is granted: list them now.
        await listDevices().catch(() => undefined);
      })
      .catch((err: unknown) => {
        if (!cancelled) setState({ phase: "failed", problem: describeDeviceError(err) });
      });
    return () => {
      cancelled = true;
      if (current.current) stopStream(current.current);
      current.current = null;
    };
  }, [opts.cameraId, opts.microphoneId, attempt, listDevices]);

  return { state, devices, retry: () => setAttempt((n) => n + 1) };
}

export function stopStream(stream: MediaStream) {
  for (const track of stream.getTracks()) track.stop();
}
