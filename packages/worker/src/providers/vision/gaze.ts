import type { FaceResult, Point } from "@vladmandic/human";

// The per-frame gaze estimate from Human's face mesh: head pose plus the eyes' turn in the head.
// How the estimate becomes eye contact: metrics/visual/eye-contact.ts.

/**
 * Gaze within this many degrees of the camera axis sideways (yaw) counts as
 * eye contact. Calibrated on generated fixtures (test/vision-gaze.int.test.ts):
 * a presenter looking into the camera reads 0–6° (mirrored too), one with the
 * head turned about 20° reads 19–22°, so 15° separates them with room for the
 * estimate's noise.
 */
export const DEFAULT_ON_CAMERA_MAX_DEGREES = 15;
/**
 * The vertical limit is wider: webcams sit above or below the eyes, and
 * Human's head pitch reads about +10° on a face looking straight into the camera.
 */
export const DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES = 20;

/**
 * Eye widths (pixels of the analysed frame) over which the iris term fades
 * in. Human rounds landmarks to whole pixels and its iris model sees a
 * 64-px crop upscaled from the eye, so on a 10-px eye one pixel is a tenth
 * of the eye (12° of gaze) and the two eyes disagreed by up to 29° on the
 * frontal fixture: below 12 px the head pose alone is the better estimate.
 */
const IRIS_TRUST_EYE_PX = { from: 12, full: 28 };

/**
 * Degrees of eye rotation per unit of iris offset (iris centre from the eye's
 * centre, in eye widths). An iris a quarter eye-width off centre is about 30°:
 * an approximation from eye geometry, not a calibrated gaze tracker.
 */
const EYE_DEGREES_PER_OFFSET = 120;
/**
 * The iris centre sits about this far (in eye widths) above the line through
 * the eye corners when looking straight ahead: measured on the five
 * camera-facing faces of Human's screenshot-facedetect.jpg.
 */
const IRIS_Y_REST_OFFSET = 0.07;
/**
 * Farthest the iris centre can sit from the eye's centre, in eye widths. The iris is about 12 mm
 * across in an opening about 30 mm wide, so its centre cannot travel more than about 0.3 eye widths
 * (some 36° of rotation) before the iris would leave the opening. A reading beyond it is a misplaced
 * landmark, not a gaze: on a broad smile in close-up (narrowed eyes, lines drawn across the face)
 * Human put one eye's iris a whole eye width off centre while the other eye and the head faced the lens.
 */
export const MAX_IRIS_OFFSET = 0.3;
/**
 * The eyes turn together (conjugate gaze): at a presenter's distance from the screen their
 * directions differ by a few degrees at most. Two plausible eyes that disagree by more than this
 * (eye widths; 0.2 is about 24°) cannot both be right, so the eyes are not used at all.
 */
const MAX_EYE_DISAGREEMENT = 0.2;

const RAD_TO_DEG = 180 / Math.PI;
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

// MediaPipe face-mesh indices: eye corners of each eye and the two iris centres.
const EYES = [
  { outer: 33, inner: 133 },
  { outer: 263, inner: 362 },
] as const;
const IRIS_CENTRES = [468, 473] as const;

/**
 * Eye-in-head offset from the face mesh, averaged over both eyes. x > 0: iris
 * toward the image's right (the presenter's left); y > 0: iris above its rest
 * position (looking up). Units are eye widths. Undefined without iris landmarks, or when no
 * eye gives a plausible reading (see MAX_IRIS_OFFSET, MAX_EYE_DISAGREEMENT): the head pose then
 * stands for the gaze.
 */
export function irisOffset(mesh: Point[]): { x: number; y: number; eyeWidth: number } | undefined {
  if (mesh.length < 478) return undefined;
  const offsets: { x: number; y: number; w: number }[] = [];
  for (const eye of EYES) {
    const a = mesh[eye.outer];
    const b = mesh[eye.inner];
    if (!a || !b) continue;
    const cx = (a[0] + b[0]) / 2;
    const cy = (a[1] + b[1]) / 2;
    const eyeWidth = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (eyeWidth <= 0) continue;
    // The iris centre nearest this eye's centre belongs to it (robust to the mesh's ordering of the two irises).
    let iris: Point | undefined;
    for (const i of IRIS_CENTRES) {
      const p = mesh[i];
      if (p && (!iris || Math.hypot(p[0] - cx, p[1] - cy) < Math.hypot(iris[0] - cx, iris[1] - cy))) iris = p;
    }
    if (!iris) continue;
    const x = (iris[0] - cx) / eyeWidth;
    const y = (cy - iris[1]) / eyeWidth - IRIS_Y_REST_OFFSET;
    // An iris outside the eye opening is a misplaced landmark: that eye says nothing about the gaze.
    if (Math.abs(x) > MAX_IRIS_OFFSET || Math.abs(y) > MAX_IRIS_OFFSET) continue;
    offsets.push({ x, y, w: eyeWidth });
  }
  if (offsets.length === 0) return undefined;
  const [a, b] = offsets;
  if (a && b && Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y)) > MAX_EYE_DISAGREEMENT) return undefined;
  const mean = (f: (o: { x: number; y: number; w: number }) => number) =>
    offsets.reduce((s, o) => s + f(o), 0) / offsets.length;
  return { x: mean((o) => o.x), y: mean((o) => o.y), eyeWidth: mean((o) => o.w) };
}

/** How much of the iris offset to trust (0–1) at this eye width in pixels. */
export function irisWeight(eyeWidthPx: number): number {
  const { from, full } = IRIS_TRUST_EYE_PX;
  return Math.min(1, Math.max(0, (eyeWidthPx - from) / (full - from)));
}

/** Head pose (degrees) and, with iris landmarks, the gaze and whether it is within `limits` of the camera. */
export function headAndGaze(face: FaceResult, limits: { yaw: number; pitch: number }) {
  const angle = face.rotation?.angle;
  if (!angle || face.mesh.length < 300) return {};
  // Human's yaw is positive when the face turns toward the image's left, i.e. the presenter's right;
  // ours is positive toward the presenter's left. Pitch > 0 is head up in both.
  const head = {
    yaw: round(-angle.yaw * RAD_TO_DEG, 1),
    pitch: round(angle.pitch * RAD_TO_DEG, 1),
    roll: round(angle.roll * RAD_TO_DEG, 1),
  };
  if (face.mesh.length < 478) return { head };
  // Gaze = head pose + eye-in-head rotation, the latter only as far as the eye is large enough to resolve it;
  // when no eye gives a plausible reading the head pose alone is the estimate.
  const iris = irisOffset(face.mesh);
  const k = iris ? irisWeight(iris.eyeWidth) * EYE_DEGREES_PER_OFFSET : 0;
  const yaw = round(head.yaw + (iris?.x ?? 0) * k, 1);
  const pitch = round(head.pitch + (iris?.y ?? 0) * k, 1);
  const onCamera = Math.abs(yaw) <= limits.yaw && Math.abs(pitch) <= limits.pitch;
  return { head, gaze: { yaw, pitch, onCamera } };
}
