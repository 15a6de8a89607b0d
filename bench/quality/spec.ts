import type { TDissonanceType } from "@coherence/shared";
import type { SpeechDelivery } from "@coherence/worker/demo";
import type { FaceId } from "./faces";
import type { FaceSize, FaceState } from "./video";

/**
 * One spoken step of a benchmark talk: the words, how they are voiced, what the
 * presenter does meanwhile, and the flags the step must raise (its truth).
 */
export type SayStep = SpeechDelivery & {
  say: string;
  /** What the presenter does while this is said (default: the talk's `state`). */
  state?: FaceState;
  /** The flags this step carries, by construction. */
  flags?: TDissonanceType[];
  /** The label runs on over this many further spoken steps (a "briefly" that never ends). */
  flagThrough?: number;
  /** An EMOTIONAL_MISMATCH of the reverse kind: bad news said smiling. */
  reverse?: boolean;
};
export type PauseStep = { silence: number; state?: FaceState };
export type TalkStep = SayStep | PauseStep;

/** Which half of the set a talk belongs to: tune on one, report on the other. */
export type Half = "tune" | "heldout";

export type TalkSpec = {
  /** Stable id: names the cached media and the talk in every report. */
  id: string;
  /** What the talk is built to test. */
  about: string;
  face: FaceId;
  size: FaceSize;
  /** Mirror the picture left–right. */
  mirror?: boolean;
  /** What the presenter does unless a step says otherwise (default still). */
  state?: FaceState;
  /** A calm control: every flag on it is false. */
  calm?: boolean;
  half: Half;
  /** In the fast subset that the integration test runs. */
  subset?: boolean;
  steps: TalkStep[];
};

export const isSay = (s: TalkStep): s is SayStep => "say" in s;

/** A step builder: `say("…", { flags: ["GAZE_AVOIDANCE"], state: "absent" })`. */
export const say = (text: string, more: Omit<SayStep, "say"> = {}): SayStep => ({ say: text, ...more });
/** A pause between sentences (default 0.6 s: a medium pause, not a section break). */
export const pause = (seconds = 0.6): PauseStep => ({ silence: seconds });
