import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { Button, Card } from "../../components/ui";
import { formatBytes, formatClock } from "../../lib/format";
import type { RecordingFormat } from "./recording-format";
import { useCamera } from "./use-camera";
import { useFramingHint } from "./use-framing-hint";
import { useLevelMeter } from "./use-level-meter";
import { type Take, useRecorder } from "./use-recorder";

const COUNTDOWN_SECONDS = 3;

type Props = {
  ownerId: string;
  format: RecordingFormat;
  maxSeconds: number;
  maxBytes: number;
  onRecorded: (take: Take) => void;
};

/** The camera preview with device pickers, level meter and framing hint; then countdown and recording. */
export function RecordSetup(props: Props) {
  const [cameraId, setCameraId] = useState<string>();
  const [microphoneId, setMicrophoneId] = useState<string>();
  const { state: camera, devices, retry } = useCamera({ cameraId, microphoneId });
  const stream = camera.phase === "live" ? camera.stream : null;
  const preview = useRef<HTMLVideoElement>(null);
  const level = useLevelMeter(stream);
  const [countdown, setCountdown] = useState<number | null>(null);
  const recorder = useRecorder({
    ownerId: props.ownerId,
    maxSeconds: props.maxSeconds,
    maxBytes: props.maxBytes,
    onDone: props.onRecorded,
  });
  const recording = recorder.state.phase !== "idle";
  const hint = useFramingHint(preview, stream !== null && !recording);

  useEffect(() => {
    if (preview.current && stream) preview.current.srcObject = stream;
  }, [stream]);

  useEffect(() => {
    if (countdown === null) return;
    if (countdown === 0) {
      setCountdown(null);
      if (stream) void recorder.start(stream, props.format);
      return;
    }
    const t = window.setTimeout(() => setCountdown(countdown - 1), 1000);
    return () => window.clearTimeout(t);
  }, [countdown, stream, recorder.start, props.format]);

  if (camera.phase === "failed")
    return (
      <Card>
        <div className="error-state" role="alert" data-testid="record-problem">
          <span className="error-icon" aria-hidden="true">
            !
          </span>
          <div>
            <h3>{camera.problem.title}</h3>
            <p>{camera.problem.message}</p>
            <div className="row">
              <Button onClick={retry}>Try again</Button>
              <Link className="btn btn-secondary" to="/upload">
                Upload a file instead
              </Link>
            </div>
          </div>
        </div>
      </Card>
    );

  return (
    <Card>
      <div className="recorder">
        <div className="preview-frame">
          {/* The preview is the presenter's own mirror image; the recording itself is not mirrored. */}
          <video ref={preview} className="preview" autoPlay muted playsInline data-testid="record-preview" />
          {!recording && countdown === null && <div className="framing-guide" aria-hidden="true" />}
          {countdown !== null && (
            <div className="countdown" aria-live="assertive" data-testid="record-countdown">
              {countdown}
            </div>
          )}
          {recorder.state.phase === "recording" && (
            <div className="rec-badge" data-testid="record-timer">
              <span className="rec-dot" aria-hidden="true" /> {formatClock(recorder.state.elapsed)}
            </div>
          )}
          {camera.phase === "starting" && <p className="preview-wait">Starting the camera…</p>}
        </div>

        <div className="meter-row">
          <span className="small muted" id="mic-level-label">
            Microphone
          </span>
          <meter
            className="level-meter"
            aria-labelledby="mic-level-label"
            min={0}
            max={1}
            low={0.15}
            value={level}
            data-testid="mic-level"
            data-level={level.toFixed(2)}
          />
        </div>

        {!recording && hint && (
          <p className={`hint ${hint.ok ? "hint-ok" : "hint-warn"}`} aria-live="polite" data-testid="framing-hint">
            {hint.message}
          </p>
        )}

        {recorder.state.phase === "recording" && recorder.state.warning && (
          <p className="hint hint-warn" role="alert">
            {recorder.state.warning}
          </p>
        )}

        {!recording && countdown === null && (
          <div className="device-pickers">
            <DevicePicker
              label="Camera"
              id="camera"
              devices={devices.cameras}
              value={cameraId}
              onChange={setCameraId}
            />
            <DevicePicker
              label="Microphone"
              id="microphone"
              devices={devices.microphones}
              value={microphoneId}
              onChange={setMicrophoneId}
            />
          </div>
        )}

        <div className="row recorder-actions">
          {recorder.state.phase === "recording" ? (
            <>
              <Button variant="danger" onClick={recorder.stop} data-testid="record-stop">
                Stop recording
              </Button>
              <span className="muted small">
                {formatBytes(recorder.state.bytes)}
                {recorder.state.kept ? " · kept in this browser until sent" : ""}
              </span>
            </>
          ) : countdown !== null ? (
            <Button variant="secondary" onClick={() => setCountdown(null)}>
              Cancel
            </Button>
          ) : (
            <Button
              onClick={() => setCountdown(COUNTDOWN_SECONDS)}
              disabled={!stream || recorder.state.phase === "finishing"}
              data-testid="record-start"
            >
              Start recording
            </Button>
          )}
          {!recording && (
            <span className="muted small">
              Up to {formatClock(props.maxSeconds)}. A 3-second countdown comes first.
            </span>
          )}
        </div>
      </div>
    </Card>
  );
}

function DevicePicker(props: {
  label: string;
  id: string;
  devices: MediaDeviceInfo[];
  value?: string;
  onChange: (id: string) => void;
}) {
  if (props.devices.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={`${props.id}-picker`}>{props.label}</label>
      <select
        id={`${props.id}-picker`}
        value={props.value ?? props.devices[0]?.deviceId}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${props.label} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}
