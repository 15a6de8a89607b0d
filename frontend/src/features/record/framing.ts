/** A face box in pixels of the analysed frame. */
export type Box = { x: number; y: number; width: number; height: number };
export type FramingHint = { ok: boolean; message: string };

// The bounds follow the engine's camera-distance reading (face height as a share of the frame):
// above ~60% the face is clipped and emotion reads badly; below ~15% gaze and expression are too small.
const TOO_CLOSE = 0.6;
const TOO_FAR = 0.15;
const OFF_CENTRE = 0.22;
const TOO_DARK = 45;

/** Advice on framing from the faces the browser found; never blocks recording. */
export function framingHint(opts: { faces: Box[]; frameWidth: number; frameHeight: number }): FramingHint {
  const { faces, frameWidth: w, frameHeight: h } = opts;
  if (faces.length === 0) return { ok: false, message: "We can't see your face: sit facing the camera." };
  if (faces.length > 1)
    return { ok: false, message: "More than one face is in view: the analysis follows one presenter." };
  const face = faces[0]!;
  const share = face.height / h;
  if (share > TOO_CLOSE) return { ok: false, message: "You're very close: sit back so your shoulders show." };
  if (share < TOO_FAR) return { ok: false, message: "You're far away: come closer so your face is clearer." };
  const dx = (face.x + face.width / 2) / w - 0.5;
  if (Math.abs(dx) > OFF_CENTRE)
    return { ok: false, message: `Move a little to the ${dx > 0 ? "left" : "right"} to centre yourself.` };
  return { ok: true, message: "Good framing: face centred, head and shoulders in view." };
}

/** Mean luma (0–255) of RGBA pixels: a covered or unlit camera reads near 0. */
export function meanLuma(rgba: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < rgba.length; i += 4) sum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
  return sum / Math.max(1, rgba.length / 4);
}

/** The light check for browsers without face detection: is there a picture at all? */
export function lightHint(luma: number): FramingHint {
  if (luma < TOO_DARK)
    return { ok: false, message: "The picture is very dark: add light in front of you, or uncover the camera." };
  return { ok: true, message: "Keep your face inside the guide, head and shoulders in view." };
}

export { TOO_CLOSE, TOO_FAR };
