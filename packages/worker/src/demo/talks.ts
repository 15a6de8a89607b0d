import type { SpeechScriptStep } from "./speech";
import type { FacePlan } from "./talk";
import type { FaceSegment } from "./video";

/** One demo talk: what is said, where the presenter is meanwhile, and how long ago it was "recorded". */
export type DemoTalk = {
  /** Stable name: the stored file is `demo-<slug>.mp4`, which is how a re-run recognises it. */
  slug: string;
  title: string;
  /** Days before the seeding day; spread over weeks so the progress chart has a trend. */
  ageDays: number;
  /** What the talk is built to show. */
  shows: string;
  script: SpeechScriptStep[];
  faces: FacePlan;
};

/** The presenter calm and centred from start to end. */
const stillThroughout: FacePlan = (_spoken, duration) => [{ start: 0, end: duration, kind: "still" }];

/**
 * Still, except while the spoken steps listed by index (counting `say` steps
 * only) are said, when the presenter is filmed as the given kind.
 */
export function during(kinds: Record<number, FaceSegment["kind"]>): FacePlan {
  return (spoken, duration) => {
    const out: FaceSegment[] = [];
    let t = 0;
    for (const [i, s] of spoken.entries()) {
      const kind = kinds[i];
      if (!kind) continue;
      if (s.start > t) out.push({ start: t, end: s.start, kind: "still" });
      out.push({ start: s.start, end: s.end, kind });
      t = s.end;
    }
    if (duration > t) out.push({ start: t, end: duration, kind: "still" });
    return out;
  };
}

/**
 * Five talks by one presenter, oldest first, each built around one habit from
 * coaching.md so the dashboard has something to say about every one, and
 * improving over time: hedgy, fidgety, looking away, a review with one slip,
 * and finally calm and confident.
 */
export const DEMO_TALKS: DemoTalk[] = [
  {
    slug: "budget-proposal",
    title: "Budget proposal",
    ageDays: 56,
    shows: "hedges and fillers around confident words",
    script: [
      { say: "Um, so, good afternoon everyone." },
      { silence: 0.5 },
      { say: "I think, maybe, this budget is, like, basically the right one, I guess." },
      { silence: 0.4 },
      { say: "Uh, we are definitely ready to start, sort of, in the spring, you know." },
      { silence: 0.4 },
      { say: "Actually, I mean, the numbers are kind of clearly fine, I think." },
      { silence: 0.4 },
      { say: "Um, so, yeah, that is it. Thank you." },
    ],
    faces: stillThroughout,
  },
  {
    slug: "kick-off",
    title: "Project kick-off",
    ageDays: 42,
    shows: "fidgeting on confident claims",
    script: [
      { say: "Good morning everyone, and welcome to the kick-off of our new project." },
      { silence: 0.5 },
      { say: "I am confident this plan will work, and we will definitely deliver it on time." },
      { silence: 0.4 },
      { say: "Our goal is clear: we will cut the checkout time in half for every customer." },
      { silence: 0.4 },
      { say: "I strongly believe this team can do it, and I urge you to join us." },
      { silence: 0.6 },
      { say: "Thank you, and let us get started." },
    ],
    faces: during({ 1: "jitter", 2: "jitter", 3: "jitter" }),
  },
  {
    slug: "product-update",
    title: "Product update",
    ageDays: 28,
    shows: "looking away on the key claims",
    script: [
      { say: "Hello everyone, thank you for joining the product update." },
      { silence: 0.5 },
      { say: "The most important result this quarter is that sign ups grew by forty percent." },
      { silence: 0.5 },
      { say: "We also shipped the new dashboard to all of our customers." },
      { silence: 0.5 },
      { say: "This is the key point: our customers need this feature now." },
      { silence: 0.5 },
      { say: "Thank you for listening." },
    ],
    // The first claim is said with the presenter gone, the second from the edge of the frame.
    faces: during({ 1: "absent", 3: "offscreen" }),
  },
  {
    slug: "quarterly-review",
    title: "Quarterly review",
    ageDays: 14,
    shows: "one key result said from the edge of the frame, one filler-laden sentence",
    script: [
      { say: "Good morning. Today I will walk you through the results of the quarter." },
      { silence: 0.5 },
      { say: "The main point is that revenue grew by twelve percent, and costs stayed within the plan." },
      { silence: 0.4 },
      { say: "Um, the hiring, uh, took a little longer than we hoped." },
      { silence: 0.5 },
      { say: "Next quarter we will open the new office and finish the migration." },
      { silence: 0.5 },
      { say: "Thank you. I am happy to take your questions." },
    ],
    faces: during({ 1: "offscreen" }),
  },
  {
    slug: "launch-pitch",
    title: "Launch pitch",
    ageDays: 3,
    shows: "calm and confident delivery",
    script: [
      { say: "Good afternoon. Today I will show you how our team plans the launch." },
      { silence: 0.5 },
      { say: "We will release the product to ten pilot customers in March." },
      { silence: 0.5 },
      { say: "Each week we will review their feedback and adjust the plan." },
      { silence: 0.5 },
      { say: "In May we will open it to everyone, with support ready from day one." },
      { silence: 0.5 },
      { say: "Thank you for your time." },
    ],
    faces: stillThroughout,
  },
];
