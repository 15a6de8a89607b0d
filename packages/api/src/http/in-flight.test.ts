import { describe, expect, it } from "vitest";
import { createInFlight } from "./in-flight";

describe("in-flight work", () => {
  it("drained() waits for every tracked piece of work, including ones that fail", async () => {
    const inFlight = createInFlight();
    const done: string[] = [];
    let finishSlow!: () => void;
    void inFlight.track(new Promise<void>((r) => (finishSlow = r)).then(() => done.push("slow")));
    void inFlight.track(Promise.reject(new Error("refused"))).catch(() => done.push("failed"));
    let drained = false;
    const waiting = inFlight.drained().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBe(false);
    finishSlow();
    await waiting;
    expect(done.sort()).toEqual(["failed", "slow"]);
  });

  it("drained() is immediate with nothing in flight, and stop() fires the signal once", async () => {
    const inFlight = createInFlight();
    await inFlight.drained();
    let fired = 0;
    inFlight.stopping.addEventListener("abort", () => fired++);
    inFlight.stop();
    inFlight.stop();
    expect(inFlight.stopping.aborted).toBe(true);
    expect(fired).toBe(1);
  });
});
