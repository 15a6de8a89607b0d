import { existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { FFMPEG_QUIET, humanSamplesJpg, runMediaTool } from "@coherence/worker/demo";
import { FACES, type FaceId } from "./faces";

/** The benchmark's frame: a 720p webcam picture. */
export const FRAME = { width: 1280, height: 720, fps: 15 } as const;
/** Background behind the cropped presenter (the demo talks' grey). */
const BACKGROUND = "0x5a6470";

/**
 * How big the face is: `closeup` fills the frame height with the box touching
 * the top edge (a laptop camera at arm's length), `webcam` is about a third of
 * the height (240 px of 720), `wide` a small face in a room. The sizes here are
 * forehead to chin; a face detector's box (Human's) is about 1.5 times taller,
 * so `webcam`'s 160 px is a 240-px box.
 */
export type FaceSize = "closeup" | "webcam" | "wide";
/** Face height (forehead to chin, px) and where its top lies (in frame heights; the close-up's is above the frame). */
export const SIZES: Record<FaceSize, { px: number; top: number }> = {
  closeup: { px: 480, top: -0.03 },
  webcam: { px: 160, top: 0.25 },
  wide: { px: 70, top: 0.28 },
};

/**
 * What the presenter does over a stretch: `still`; `sway` (head and shoulders
 * moving ±45 px sideways and ±15 px up and down at 2.7 and 3.3 Hz); `absent` (no
 * one in the picture); `turned` (head turned away from the lens). No sample
 * shows one person both facing the lens and turned, and a perspective warp of a
 * frontal photo does not move the head pose Human reads (tried: yaw and pitch
 * stayed within 3°), so `turned` shows the photo of someone who is: TURNED_FACE.
 * There is no `down` (looking down at notes): no face on the sheet clearly looks
 * down and is large enough to detect (see documentation/quality.md).
 */
export type FaceState = "still" | "sway" | "absent" | "turned";
export type StateSegment = { start: number; end: number; state: FaceState };

export const TURNED_FACE: FaceId = "glancing";

/** The sway: non-multiples of the 2 fps analysis rate, so the sampled frames land at different offsets. */
const SWAY = { x: "45*sin(2*PI*2.7*t)", y: "15*sin(2*PI*3.3*t+1)" };

/** Which photo is on screen in a state, for a talk presented by `presenter`. */
export function faceInState(state: FaceState, presenter: FaceId): FaceId | null {
  if (state === "absent") return null;
  if (state === "turned") return TURNED_FACE;
  return presenter;
}

/** Margins past the frame's edges kept in the layer, so the sway never reveals its edge. */
const MARGIN = { x: 60, y: 20 };

/**
 * The presenter layer for a face and size: the region scaled so the face box is
 * its size's height, cut to what can be seen (a close-up's layer is much larger
 * than the frame), and where its top-left goes so the face is centred.
 */
export function layerPlacement(face: FaceId, size: FaceSize) {
  const { box, region } = FACES[face];
  const scale = SIZES[size].px / box.height;
  const even = (n: number) => Math.round(n / 2) * 2;
  const full = { width: even(region.width * scale), height: even(region.height * scale) };
  const x = Math.round(FRAME.width / 2 - (box.x - region.x + box.width / 2) * scale);
  const y = Math.round(SIZES[size].top * FRAME.height - (box.y - region.y) * scale);
  const left = even(Math.max(0, -x - MARGIN.x));
  const top = even(Math.max(0, -y - MARGIN.y));
  const right = Math.min(full.width, FRAME.width - x + MARGIN.x);
  const bottom = Math.min(full.height, FRAME.height - y + MARGIN.y);
  return {
    full,
    cut: { x: left, y: top, width: even(right - left), height: even(bottom - top) },
    x: x + left,
    y: y + top,
  };
}

/** Renders the presenter layer once as a PNG (cropped, optionally mirrored, scaled, cut to the visible part). */
async function renderLayer(opts: { dir: string; face: FaceId; size: FaceSize; mirror: boolean }) {
  const path = join(opts.dir, `layer-${opts.face}-${SIZES[opts.size].px}px${opts.mirror ? "-mirrored" : ""}.png`);
  if (existsSync(path)) return path;
  const { region } = FACES[opts.face];
  const { full, cut } = layerPlacement(opts.face, opts.size);
  const filters = [
    `crop=${region.width}:${region.height}:${region.x}:${region.y}`,
    ...(opts.mirror ? ["hflip"] : []),
    `scale=${full.width}:${full.height}:flags=bicubic`,
    `crop=${cut.width}:${cut.height}:${cut.x}:${cut.y}`,
  ];
  const partial = `${path}.${process.pid}.partial.png`;
  await runMediaTool({ args: [...FFMPEG_QUIET, "-i", humanSamplesJpg(), "-vf", filters.join(","), partial] });
  await rename(partial, path);
  return path;
}

const between = (segments: StateSegment[], pick: (s: FaceState) => boolean) => {
  const terms = segments.filter((s) => pick(s.state)).map((s) => `between(t,${s.start},${s.end - 0.001})`);
  return terms.length ? terms.join("+") : "0";
};

/**
 * Writes a silent H.264 video of the presenter `face` at `size` doing what
 * `segments` say (back to back from 0), over a plain background.
 */
export async function renderTalkVideo(opts: {
  path: string;
  dir: string;
  face: FaceId;
  size: FaceSize;
  mirror?: boolean;
  segments: StateSegment[];
  durationSeconds: number;
}): Promise<void> {
  const shown = [...new Set(opts.segments.map((s) => faceInState(s.state, opts.face)))].filter(
    (f): f is FaceId => f !== null,
  );
  const inputs: string[] = [];
  const chain: string[] = [];
  let last = "0:v";
  for (const [i, face] of shown.entries()) {
    const png = await renderLayer({ dir: opts.dir, face, size: opts.size, mirror: !!opts.mirror });
    const p = layerPlacement(face, opts.size);
    inputs.push("-i", png);
    const enable = between(opts.segments, (s) => faceInState(s, opts.face) === face);
    const swaying = between(opts.segments, (s) => s === "sway");
    const x = `${p.x}+(${swaying})*${SWAY.x}`;
    const y = `${p.y}+(${swaying})*${SWAY.y}`;
    // The layer is decoded once and repeated in memory (an image input with -loop 1 is decoded every frame).
    chain.push(`[${i + 1}:v]loop=loop=-1:size=1:start=0[l${i}]`);
    chain.push(`[${last}][l${i}]overlay=x='${x}':y='${y}':enable='${enable}':eval=frame:shortest=1[v${i}]`);
    last = `v${i}`;
  }
  const filter = chain.length ? `${chain.join(";")};[${last}]format=yuv420p[out]` : "[0:v]format=yuv420p[out]";
  await runMediaTool({
    args: [
      ...FFMPEG_QUIET,
      ...[
        "-f",
        "lavfi",
        "-i",
        `color=c=${BACKGROUND}:s=${FRAME.width}x${FRAME.height}:r=${FRAME.fps}:d=${opts.durationSeconds}`,
      ],
      ...inputs,
      ...["-filter_complex", filter, "-map", "[out]", "-t", String(opts.durationSeconds)],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", opts.path],
    ],
  });
}
