import { useCallback, useEffect, useRef, useState } from "react";
import {
  RECORDING_AUDIO_BITS_PER_SECOND,
  RECORDING_VIDEO_BITS_PER_SECOND,
  type RecordingFormat,
} from "./recording-format";
import { checkRecordingLimits } from "./recording-limits";
import { appendChunk, canStoreTakes, createTake, updateTake } from "./take-store";

export type Take = { id: string; blob: Blob; mimeType: string; durationSeconds: number; kept: boolean };
export type RecorderState =
  | { phase: "idle" }
  | { phase: "recording"; elapsed: number; bytes: number; warning: string | null; kept: boolean }
  | { phase: "finishing" };

const TIMESLICE_MS = 1000;

/** Records a stream with MediaRecorder, keeping every chunk in IndexedDB as it arrives. */
export function useRecorder(opts: {
  ownerId: string;
  maxSeconds: number;
  maxBytes: number;
  onDone: (take: Take) => void;
}) {
  const [state, setState] = useState<RecorderState>({ phase: "idle" });
  const recorder = useRef<MediaRecorder | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const mounted = useRef(true);

  const start = useCallback(async (stream: MediaStream, format: RecordingFormat) => {
    const id = crypto.randomUUID();
    let kept = canStoreTakes();
    if (kept)
      kept = await createTake({
        id,
        ownerId: optsRef.current.ownerId,
        mimeType: format.mimeType,
        createdAt: Date.now(),
      })
        .then(() => true)
        .catch(() => false);
    const rec = new MediaRecorder(stream, {
      mimeType: format.mimeType,
      videoBitsPerSecond: RECORDING_VIDEO_BITS_PER_SECOND,
      audioBitsPerSecond: RECORDING_AUDIO_BITS_PER_SECOND,
    });
    const chunks: Blob[] = [];
    const startedAt = performance.now();
    let bytes = 0;
    // Chunk writes run one after another, so the stored take is always a prefix of the recording.
    let writes = Promise.resolve();
    const elapsed = () => (performance.now() - startedAt) / 1000;
    rec.ondataavailable = (e) => {
      if (e.data.size === 0) return;
      chunks.push(e.data);
      bytes += e.data.size;
      const seq = chunks.length;
      const durationSeconds = elapsed();
      if (kept)
        writes = writes.then(() =>
          appendChunk({ takeId: id, seq, blob: e.data, durationSeconds }).catch(() => {
            kept = false;
          }),
        );
    };
    rec.onstop = async () => {
      setState({ phase: "finishing" });
      const durationSeconds = elapsed();
      await writes;
      if (kept) await updateTake(id, { complete: true, durationSeconds }).catch(() => undefined);
      recorder.current = null;
      if (!mounted.current) return;
      setState({ phase: "idle" });
      optsRef.current.onDone({
        id,
        blob: new Blob(chunks, { type: format.mimeType }),
        mimeType: format.mimeType,
        durationSeconds,
        kept,
      });
    };
    recorder.current = rec;
    rec.start(TIMESLICE_MS);
    setState({ phase: "recording", elapsed: 0, bytes: 0, warning: null, kept });
    const tick = () => {
      if (recorder.current !== rec || rec.state !== "recording") return;
      const limits = checkRecordingLimits({
        elapsedSeconds: elapsed(),
        bytes,
        maxSeconds: optsRef.current.maxSeconds,
        maxBytes: optsRef.current.maxBytes,
      });
      setState({ phase: "recording", elapsed: elapsed(), bytes, warning: limits.warning, kept });
      if (limits.mustStop) rec.stop();
      else window.setTimeout(tick, 250);
    };
    tick();
  }, []);

  const stop = useCallback(() => {
    if (recorder.current?.state === "recording") recorder.current.stop();
  }, []);

  // Leaving the page mid-recording stops the recorder; what was recorded stays in IndexedDB.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (recorder.current?.state === "recording") recorder.current.stop();
    };
  }, []);

  return { state, start, stop };
}
