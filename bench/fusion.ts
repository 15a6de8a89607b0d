// Times fusion (verbal features, detectors, clustering, metrics, score) and a re-score
// on synthetic talks of 5 and 60 minutes: 150 WPM, 2 fps frames, 50 ms audio windows.
// Run: pnpm exec tsx bench/fusion.ts

import { performance } from "node:perf_hooks";
import { fuse, rescore } from "@coherence/worker/fusion";
import { audioFeatures, calmFrame, script, visualTimeline } from "@coherence/worker/testing";

const SENTENCES = [
  "The most important result this year is that we grew revenue by forty percent.",
  "As you can see on this chart, the growth came from new customers.",
  "Um, I think we are definitely ready to start the next phase.",
  "I am thrilled to share this great news with all of you.",
  "This is critical for our future, so please remember this number.",
  "Next we will review the budget and the hiring plan for the new office.",
];

for (const minutes of [5, 60]) {
  const parts = [];
  for (let i = 0; parts.length * 5.2 < minutes * 60; i++) parts.push({ text: SENTENCES[i % SENTENCES.length]! });
  const { transcript, end } = script(parts);
  const duration = end + 1;
  const visual = visualTimeline({
    duration,
    frame: (t) =>
      Math.floor(t / 20) % 3 === 0 ? { ...calmFrame(t), gaze: { yaw: 30, pitch: -20, onCamera: false } } : calmFrame(t),
    energy: (t) => (Math.floor(t / 15) % 4 === 0 ? 0.8 : 0.1),
  });
  const audio = audioFeatures({ duration, windowSeconds: 0.05 });
  const t0 = performance.now();
  const result = fuse({ transcript, visual, audio, durationSeconds: duration });
  const t1 = performance.now();
  rescore({ rawEvents: result.rawEvents, metrics: result.metrics, durationSeconds: duration });
  const t2 = performance.now();
  console.log(
    `${minutes} min talk: ${transcript.words.length} words, ${visual.frames.length} frames, ${audio.windows.length} audio windows → ` +
      `${result.rawEvents.length} raw events, ${result.flags.length} flags, score ${result.score}; ` +
      `fuse ${(t1 - t0).toFixed(0)} ms, rescore ${(t2 - t1).toFixed(1)} ms`,
  );
}
