// Synthesised signals for the audio unit tests (not shipped code paths).

/** A sine of `hz` at `amplitude` (0–1 of full scale) for `seconds`. */
export function sine(opts: { hz: number; seconds: number; amplitude?: number; sampleRate?: number }): Int16Array {
  const rate = opts.sampleRate ?? 16_000;
  const n = Math.round(opts.seconds * rate);
  const out = new Int16Array(n);
  const a = (opts.amplitude ?? 0.5) * 32767;
  for (let i = 0; i < n; i++) out[i] = Math.round(a * Math.sin((2 * Math.PI * opts.hz * i) / rate));
  return out;
}

/** A voice-like harmonic tone: F0 plus decaying harmonics, which is what YIN sees in speech. */
export function voiced(opts: { f0: number; seconds: number; amplitude?: number; sampleRate?: number }): Int16Array {
  const rate = opts.sampleRate ?? 16_000;
  const n = Math.round(opts.seconds * rate);
  const out = new Int16Array(n);
  const a = (opts.amplitude ?? 0.3) * 32767;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let h = 1; h <= 6; h++) v += Math.sin((2 * Math.PI * opts.f0 * h * i) / rate) / h;
    out[i] = Math.round((a * v) / 2.45);
  }
  return out;
}

/** Digital silence, or low white noise when `noiseDb` (dBFS) is given. */
export function silence(opts: { seconds: number; noiseDb?: number; sampleRate?: number }): Int16Array {
  const n = Math.round(opts.seconds * (opts.sampleRate ?? 16_000));
  const out = new Int16Array(n);
  if (opts.noiseDb !== undefined) {
    // Uniform noise in ±A has RMS A/√3.
    const amp = 10 ** (opts.noiseDb / 20) * Math.sqrt(3) * 32767;
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      out[i] = Math.round(((seed / 0x7fffffff) * 2 - 1) * amp);
    }
  }
  return out;
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
