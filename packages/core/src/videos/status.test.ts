import { VIDEO_STATUSES } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import {
  canTransition,
  IllegalTransitionError,
  nextStatus,
  VIDEO_TRANSITIONS,
  type VideoState,
  type VideoTransition,
} from "./status";

const STATES: VideoState[] = [null, ...VIDEO_STATUSES];

// The legal moves, written out by hand so that a change to the table has to change this too.
const LEGAL: [VideoTransition, VideoState, string][] = [
  ["register", null, "queued"],
  ["register-reused", null, "complete"],
  ["start", "queued", "processing"],
  ["resume", "processing", "processing"],
  ["reuse", "queued", "complete"],
  ["reuse", "processing", "complete"],
  ["complete", "processing", "complete"],
  ["complete", "complete", "complete"],
  ["requeue", "queued", "queued"],
  ["requeue", "processing", "queued"],
  ["fail", "queued", "error"],
  ["fail", "processing", "error"],
  ["retry", "error", "queued"],
  ["rescript", "complete", "queued"],
  ["rescript", "error", "queued"],
];

const isLegal = (t: VideoTransition, from: VideoState) => LEGAL.some(([lt, lf]) => lt === t && lf === from);
const ILLEGAL = (Object.keys(VIDEO_TRANSITIONS) as VideoTransition[]).flatMap((t) =>
  STATES.filter((from) => !isLegal(t, from)).map((from) => [t, from] as const),
);

describe("the video state machine", () => {
  it.each(LEGAL)("%s from %s leads to %s", (transition, from, to) => {
    expect(canTransition(transition, from)).toBe(true);
    expect(nextStatus(transition, from)).toBe(to);
  });

  it.each(ILLEGAL)("refuses %s from %s with a 409", (transition, from) => {
    expect(canTransition(transition, from)).toBe(false);
    let caught: unknown;
    try {
      nextStatus(transition, from);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({ code: "CONFLICT", status: 409, retryable: false, transition, from });
  });

  it("covers every transition from every state exactly once between the two lists", () => {
    expect(LEGAL.length + ILLEGAL.length).toBe(Object.keys(VIDEO_TRANSITIONS).length * STATES.length);
    // Nothing leaves `complete` but re-persisting it or a new script, and nothing but a retry or a
    // new script leaves `error`.
    expect(LEGAL.filter(([, from]) => from === "complete").map(([t]) => t)).toEqual(["complete", "rescript"]);
    expect(LEGAL.filter(([, from]) => from === "error").map(([t]) => t)).toEqual(["retry", "rescript"]);
  });

  it("explains a refused retry in the words users saw before", () => {
    expect(() => nextStatus("retry", "processing")).toThrow(
      "This video is processing; only a failed analysis can be retried.",
    );
  });
});
