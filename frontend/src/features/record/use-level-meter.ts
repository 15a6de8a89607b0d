import { useEffect, useState } from "react";

/** Root-mean-square level of a block of samples (-1..1), scaled so normal speech reads about 0.3–0.8. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  // Speech at a laptop microphone has an RMS of roughly 0.02–0.2: a dB scale from -50 dB to -10 dB
  // spreads it over the meter instead of leaving it in the bottom tenth.
  const db = 20 * Math.log10(rms || 1e-8);
  return Math.min(1, Math.max(0, (db + 50) / 40));
}

/** The microphone's live level (0–1), about 15 times a second, from the stream's audio track. */
export function useLevelMeter(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0 || typeof AudioContext === "undefined") return;
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      setLevel(levelOf(samples));
    }, 66);
    // Autoplay rules may start the context suspended until a gesture; the page was reached by one.
    void ctx.resume().catch(() => undefined);
    return () => {
      window.clearInterval(timer);
      source.disconnect();
      void ctx.close().catch(() => undefined);
    };
  }, [stream]);
  return level;
}
