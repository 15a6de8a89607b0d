import { EMOTIONS, type TEmotion, type TVisualFrame } from "@coherence/shared";
import type { FaceResult, Point, Result } from "@vladmandic/human";

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

const RAD_TO_DEG = 180 / Math.PI;
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

// MediaPipe face-mesh indices: eye corners of each eye and the two iris centres.
const EYES = [
  { outer: 33, inner: 133 },
  { outer: 263, inner: 362 },
] as const;
const IRIS_CENTRES = [468, 473] as const;

const HAND_PARTS = [
  "wrist",
  ...["thumb", "index", "middle", "ring", "pinky"].flatMap((f) => [1, 2, 3, 4].map((n) => `${f}${n}`)),
];

/**
 * Eye-in-head offset from the face mesh, averaged over both eyes. x > 0: iris
 * toward the image's right (the presenter's left); y > 0: iris above its rest
 * position (looking up). Units are eye widths. Undefined without iris landmarks.
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
    offsets.push({ x: (iris[0] - cx) / eyeWidth, y: (cy - iris[1]) / eyeWidth - IRIS_Y_REST_OFFSET, w: eyeWidth });
  }
  if (offsets.length === 0) return undefined;
  const mean = (f: (o: { x: number; y: number; w: number }) => number) =>
    offsets.reduce((s, o) => s + f(o), 0) / offsets.length;
  return { x: mean((o) => o.x), y: mean((o) => o.y), eyeWidth: mean((o) => o.w) };
}

/** How much of the iris offset to trust (0–1) at this eye width in pixels. */
export function irisWeight(eyeWidthPx: number): number {
  const { from, full } = IRIS_TRUST_EYE_PX;
  return Math.min(1, Math.max(0, (eyeWidthPx - from) / (full - from)));
}

/** Emotion scores as a distribution over the seven emotions (sums to 1). */
export function emotionDistribution(
  scores: { score: number; emotion: string }[] | undefined,
): Partial<Record<TEmotion, number>> | undefined {
  if (!scores || scores.length === 0) return undefined;
  const raw = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<TEmotion, number>;
  for (const s of scores) {
    if ((EMOTIONS as readonly string[]).includes(s.emotion)) raw[s.emotion as TEmotion] += Math.max(0, s.score);
  }
  const total = Object.values(raw).reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  return Object.fromEntries(EMOTIONS.map((e) => [e, round(raw[e] / total, 4)])) as Record<TEmotion, number>;
}

function headAndGaze(face: FaceResult, limits: { yaw: number; pitch: number }) {
  const angle = face.rotation?.angle;
  if (!angle || face.mesh.length < 300) return {};
  // Human's yaw is positive when the face turns toward the image's left, i.e. the presenter's right;
  // ours is positive toward the presenter's left. Pitch > 0 is head up in both.
  const head = {
    yaw: round(-angle.yaw * RAD_TO_DEG, 1),
    pitch: round(angle.pitch * RAD_TO_DEG, 1),
    roll: round(angle.roll * RAD_TO_DEG, 1),
  };
  const iris = irisOffset(face.mesh);
  if (!iris) return { head };
  // Gaze = head pose + eye-in-head rotation, the latter only as far as the eye is large enough to resolve it.
  const k = irisWeight(iris.eyeWidth) * EYE_DEGREES_PER_OFFSET;
  const yaw = round(head.yaw + iris.x * k, 1);
  const pitch = round(head.pitch + iris.y * k, 1);
  const onCamera = Math.abs(yaw) <= limits.yaw && Math.abs(pitch) <= limits.pitch;
  return { head, gaze: { yaw, pitch, onCamera } };
}

/**
 * Beyond this share of the face box's height (or width) outside the picture, the face is cut off
 * and its emotions are dropped: Human's emotion model then sees a padded band where the forehead or
 * chin should be. Human's box is the face with a wide margin, so a whole face in a close-up already
 * reaches 15–21 % beyond the top edge (the benchmark's smiling close-up reads happy 0.84–0.99 at
 * 21 %); a face whose box leaves the picture by half read noise.
 */
export const MAX_FACE_OUTSIDE_SHARE = 1 / 3;

/** Where the analysed picture lies inside the image Human saw, in that image's pixels (a letterboxed copy has margins). */
export type PictureRect = { x: number; y: number; width: number; height: number };

type Box = { x: number; y: number; width: number; height: number };

/** The largest share of the box's width or height that lies outside the unit square. */
export function outsideShare(box: Box): number {
  const out = (start: number, size: number) =>
    size > 0 ? (Math.max(0, -start) + Math.max(0, start + size - 1)) / size : 0;
  return Math.max(out(box.x, box.width), out(box.y, box.height));
}

/**
 * Maps one Human result to a visual frame: coordinates normalised to 0–1 of
 * the analysed picture, angles in degrees. `width`/`height` are the pixel
 * size of the image Human saw; `picture` is where the analysed picture lies in
 * it (default: all of it; a letterboxed copy puts it inside margins).
 */
export function toVisualFrame(opts: {
  t: number;
  result: Result;
  width: number;
  height: number;
  picture?: PictureRect;
  /** Sideways limit for eye contact (default DEFAULT_ON_CAMERA_MAX_DEGREES). */
  onCameraMaxDegrees?: number;
  /** Vertical limit (default DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES). */
  onCameraMaxPitchDegrees?: number;
}): TVisualFrame {
  const { result, width, height } = opts;
  const pic = opts.picture ?? { x: 0, y: 0, width, height };
  // Pixel coordinates of the image Human saw → 0–1 of the picture.
  const nx = (px: number) => round((px - pic.x) / pic.width);
  const ny = (py: number) => round((py - pic.y) / pic.height);
  const face = [...result.face].sort((a, b) => b.score - a.score)[0];
  const frame: TVisualFrame = { t: round(opts.t), facePresent: Boolean(face) };
  if (face) {
    const [x, y, w, h] = face.boxRaw;
    const box = {
      x: nx(x * width),
      y: ny(y * height),
      width: round((w * width) / pic.width),
      height: round((h * height) / pic.height),
    };
    const clipped = outsideShare(box) > MAX_FACE_OUTSIDE_SHARE;
    frame.face = {
      ...box,
      confidence: round(Math.min(1, Math.max(0, face.score))),
      ...(clipped ? { clipped } : {}),
    };
    Object.assign(
      frame,
      headAndGaze(face, {
        yaw: opts.onCameraMaxDegrees ?? DEFAULT_ON_CAMERA_MAX_DEGREES,
        pitch: opts.onCameraMaxPitchDegrees ?? DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES,
      }),
    );
    const emotions = clipped ? undefined : emotionDistribution(face.emotion);
    if (emotions) frame.emotions = emotions;
  }
  const body = [...result.body].sort((a, b) => b.score - a.score)[0];
  if (body && body.keypoints.length > 0) {
    frame.body = body.keypoints.map((k) => ({
      part: k.part,
      x: nx(k.positionRaw[0] * width),
      y: ny(k.positionRaw[1] * height),
      score: round(k.score),
    }));
  }
  if (result.hand.length > 0) {
    frame.hands = result.hand.map((hand) =>
      hand.keypoints.map((p, i) => ({
        part: HAND_PARTS[i] ?? `p${i}`,
        x: nx(p[0]),
        y: ny(p[1]),
        score: round(hand.score),
      })),
    );
  }
  const gestures = [...new Set(result.gesture.map((g) => g.gesture as string))];
  if (gestures.length > 0) frame.gestures = gestures;
  return frame;
}
