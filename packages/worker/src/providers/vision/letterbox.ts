import type { TVisualFrame } from "@coherence/shared";
import type { PictureRect } from "./human-frame";

/**
 * Margin added on every side of a letterboxed frame, as a share of the frame's
 * height. Measured on a smiling close-up of samples.jpg (face 480–660 px tall in
 * 720): at 0.3 the face detector still missed the largest faces, at 0.4 one
 * size read neutral; at 0.5 every size was found and read happy.
 */
export const LETTERBOX_MARGIN = 0.5;
/** Mid grey: the emotion model reads a black band as a frown more readily than a neutral one. */
const LETTERBOX_FILL = 128;
/** A face box this close to an edge (share of the frame) counts as touching it. */
const EDGE_SHARE = 0.02;
/** A face box taller than this share of the frame is a close-up. */
export const CLOSE_UP_HEIGHT = 0.6;

type RgbFrame = { data: Uint8Array; width: number; height: number };

/** A copy of the frame in the middle of a grey canvas with LETTERBOX_MARGIN on every side. */
export function letterbox(frame: RgbFrame): RgbFrame & { picture: PictureRect } {
  const margin = Math.round(frame.height * LETTERBOX_MARGIN);
  const width = frame.width + 2 * margin;
  const height = frame.height + 2 * margin;
  const data = new Uint8Array(width * height * 3).fill(LETTERBOX_FILL);
  const row = frame.width * 3;
  for (let y = 0; y < frame.height; y++) {
    data.set(frame.data.subarray(y * row, (y + 1) * row), ((y + margin) * width + margin) * 3);
  }
  return { data, width, height, picture: { x: margin, y: margin, width: frame.width, height: frame.height } };
}

/**
 * Whether the frame's face needs room around it: its box touches an edge of the
 * picture or fills more than CLOSE_UP_HEIGHT of it. Human's face models cut the
 * face with a margin, so such a face comes out cut off (or is not found at all).
 */
export function needsLetterbox(frame: TVisualFrame | undefined): boolean {
  const face = frame?.face;
  if (!face) return false;
  return (
    face.height > CLOSE_UP_HEIGHT ||
    face.x <= EDGE_SHARE ||
    face.y <= EDGE_SHARE ||
    face.x + face.width >= 1 - EDGE_SHARE ||
    face.y + face.height >= 1 - EDGE_SHARE
  );
}
