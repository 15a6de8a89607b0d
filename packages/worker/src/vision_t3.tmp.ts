import { createLogger } from "@coherence/core";
import { createHumanVisionProvider } from "./providers/vision/human";
const p = createHumanVisionProvider({});
const t0 = Date.now();
const tl = await p.analyze({ videoPath: process.argv[2]!, durationSeconds: 10, fps: 2, signal: new AbortController().signal, logger: createLogger({ level: "info", pretty: false }) });
console.log("ms", Date.now() - t0);
for (const f of tl.frames) console.log(f.t, f.facePresent, JSON.stringify(f.face), JSON.stringify(f.head), JSON.stringify(f.gaze), f.emotions && Object.values(f.emotions).reduce((a, b) => a + b, 0), f.body?.length, f.hands?.length, f.gestures?.join(","));
console.log(JSON.stringify(tl.motion));
