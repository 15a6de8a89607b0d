import { AppError, type TVideoStatus } from "@coherence/shared";

/**
 * The one state machine of a video's analysis. Every status change goes through a named
 * transition; VideoRepository applies it with a compare-and-set on the current status, so
 * a change from a status the video is no longer in (another worker, a retry racing a
 * delete) updates nothing and is refused instead of overwriting.
 *
 *   register           (new) → queued      upload registered, analysis job enqueued
 *   register-reused    (new) → complete    same content already analysed: linked at once
 *   start              queued → processing the worker takes the job
 *   resume             processing → processing  the job runs again after its worker died
 *                                          (graphile-worker's job key lets one worker hold it)
 *   reuse              queued | processing → complete  a finished analysis of the same content is copied
 *   complete           processing → complete  the pipeline persisted its analysis (persisting
 *                                          again, complete → complete, replaces that analysis)
 *   requeue            queued | processing → queued  a retryable failure; graphile-worker retries later
 *   fail               queued | processing → error  a final failure (not retryable, or out of attempts)
 *   retry              error → queued      the user asks again (only when the error is retryable)
 *   rescript           complete | error → queued  the user set, replaced or removed the script: analysed
 *                                          again (vision reused); a failure a retry cannot fix stays
 */
export const VIDEO_TRANSITIONS = {
  register: { from: [null], to: "queued" },
  "register-reused": { from: [null], to: "complete" },
  start: { from: ["queued"], to: "processing" },
  resume: { from: ["processing"], to: "processing" },
  reuse: { from: ["queued", "processing"], to: "complete" },
  complete: { from: ["processing", "complete"], to: "complete" },
  requeue: { from: ["queued", "processing"], to: "queued" },
  fail: { from: ["queued", "processing"], to: "error" },
  retry: { from: ["error"], to: "queued" },
  rescript: { from: ["complete", "error"], to: "queued" },
} as const satisfies Record<string, { from: readonly (TVideoStatus | null)[]; to: TVideoStatus }>;

export type VideoTransition = keyof typeof VIDEO_TRANSITIONS;

/** A video's status, or null for a video that does not exist yet. */
export type VideoState = TVideoStatus | null;

/** Refused status change: a 409 through the one error formatter (code CONFLICT). */
export class IllegalTransitionError extends AppError {
  readonly transition: VideoTransition;
  readonly from: VideoState;

  constructor(opts: { transition: VideoTransition; from: VideoState; message?: string }) {
    super("CONFLICT", opts.message ?? illegalMessage(opts.transition, opts.from));
    this.name = "IllegalTransitionError";
    this.transition = opts.transition;
    this.from = opts.from;
  }
}

function illegalMessage(transition: VideoTransition, from: VideoState): string {
  if (transition === "retry") return `This video is ${from}; only a failed analysis can be retried.`;
  return `A video that is ${from ?? "new"} cannot take the "${transition}" step.`;
}

/** The statuses a transition may start from. */
export function sourcesOf(transition: VideoTransition): readonly VideoState[] {
  return VIDEO_TRANSITIONS[transition].from;
}

/** Whether `transition` may start from `from`. */
export function canTransition(transition: VideoTransition, from: VideoState): boolean {
  return (sourcesOf(transition) as readonly VideoState[]).includes(from);
}

/** The status `transition` leads to from `from`, or IllegalTransitionError. */
export function nextStatus(transition: VideoTransition, from: VideoState): TVideoStatus {
  if (!canTransition(transition, from)) throw new IllegalTransitionError({ transition, from });
  return VIDEO_TRANSITIONS[transition].to;
}
