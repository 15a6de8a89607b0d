/**
 * The faces of the benchmark: crops of @vladmandic/human's assets/samples.jpg
 * (the 1280-px sheet), each labelled by eye from an enlarged crop. Boxes are
 * forehead-to-chin, in sheet pixels, measured on a 10-px grid (about ±2 px).
 */
export type FaceExpression = "neutral" | "slight-smile" | "broad-smile";

export type FaceCrop = {
  /** Where the face is on the sheet (forehead to chin, ear to ear), in sheet pixels. */
  box: { x: number; y: number; width: number; height: number };
  /** The part of the sheet shown around it (its thumbnail, or a tight crop in the group photo), so no other face shows. */
  region: { x: number; y: number; width: number; height: number };
  expression: FaceExpression;
  /** Where the presenter looks, by eye: at the lens, or turned away. */
  looking: "camera" | "turned";
  /** What the eye saw, including anything that makes the label less than certain. */
  note: string;
};

export const FACES = {
  /** Third thumbnail, top row: a man at a restaurant table. */
  man: {
    box: { x: 425, y: 12, width: 40, height: 46 },
    region: { x: 372, y: 0, width: 156, height: 156 },
    expression: "slight-smile",
    looking: "camera",
    note: "frontal, eyes to the lens, closed-mouth slight smile (mild: neither neutral nor a broad smile)",
  },
  /** Second thumbnail: a rendered woman in a navy dress (the `glancing` presenter of the demo talks). */
  glancing: {
    box: { x: 203, y: 20, width: 47, height: 46 },
    region: { x: 160, y: 0, width: 156, height: 156 },
    expression: "neutral",
    looking: "turned",
    note: "head turned about 20° to her right, eyes to the side; lips parted, no smile: neutral",
  },
  /** The blonde woman left of centre in the large group photo. */
  smiling: {
    box: { x: 290, y: 512, width: 65, height: 63 },
    region: { x: 280, y: 495, width: 88, height: 145 },
    expression: "broad-smile",
    looking: "camera",
    note: "broad toothy smile, frontal; the sheet's own annotation lines cross her forehead and one cheek",
  },
} as const satisfies Record<string, FaceCrop>;

export type FaceId = keyof typeof FACES;
