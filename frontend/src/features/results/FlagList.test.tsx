import type { TFlag } from "@coherence/shared";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FlagList } from "./FlagList";

const flags: TFlag[] = [
  {
    type: "GAZE_AVOIDANCE",
    start: 75,
    end: 80,
    severity: 0.85,
    confidence: 0.9,
    evidence: {
      quote: "this is our key result",
      observation: "gaze off camera 80% of the span",
      provider: "local-vision",
    },
    tip: "Look at the lens for the key claim.",
  },
  {
    type: "EMOTIONAL_MISMATCH",
    start: 3,
    end: 6,
    severity: 0.4,
    confidence: 0.7,
    evidence: { quote: "I'm thrilled", observation: "neutral face", provider: "local-vision" },
    tip: "Smile when you say it.",
  },
];

describe("FlagList", () => {
  it("lists flags in time order with quote, observation, tip and severity", () => {
    render(<FlagList flags={flags} onSeek={() => {}} />);
    const items = screen.getAllByTestId("flag-item");
    expect(items).toHaveLength(2);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(within(first).getByRole("heading").textContent).toBe("Emotional mismatch");
    expect(within(second).getByRole("heading").textContent).toBe("Gaze avoidance");
    expect(within(second).getByText("this is our key result").tagName).toBe("Q");
    expect(within(second).getByText("gaze off camera 80% of the span")).toBeTruthy();
    expect(within(second).getByText(/Look at the lens/)).toBeTruthy();
    expect(within(second).getByText("high · 85%")).toBeTruthy();
    expect(within(first).getByText("medium · 40%")).toBeTruthy();
  });

  it("seeks to the flag's start when its time is clicked", async () => {
    const onSeek = vi.fn();
    const onSelect = vi.fn();
    render(<FlagList flags={flags} onSeek={onSeek} onSelectFlag={onSelect} />);
    await userEvent.click(screen.getByRole("button", { name: "Play 1:15–1:20" }));
    expect(onSeek).toHaveBeenCalledWith(75);
    // The index refers to the original flags array, not the sorted display order.
    expect(onSelect).toHaveBeenCalledWith(0);
  });

  it("filters by type", async () => {
    render(<FlagList flags={flags} onSeek={() => {}} />);
    await userEvent.selectOptions(screen.getByLabelText("Show"), "GAZE_AVOIDANCE");
    const items = screen.getAllByTestId("flag-item");
    expect(items).toHaveLength(1);
    expect(within(items[0]!).getByRole("heading").textContent).toBe("Gaze avoidance");
  });

  it("highlights the active flag", () => {
    render(<FlagList flags={flags} onSeek={() => {}} activeFlag={1} />);
    const active = screen.getAllByTestId("flag-item").filter((li) => li.classList.contains("is-active"));
    expect(active).toHaveLength(1);
    expect(within(active[0]!).getByRole("heading").textContent).toBe("Emotional mismatch");
  });

  it("says which engines detected a flag in words, not by their ids", () => {
    const byLocal = { ...flags[0]!, evidence: { ...flags[0]!.evidence, provider: "script+human+audio-features" } };
    const byCloud = { ...flags[1]!, evidence: { ...flags[1]!.evidence, provider: "deepgram+twelvelabs" } };
    render(<FlagList flags={[byLocal, byCloud]} onSeek={() => {}} />);
    const meta = [...document.querySelectorAll(".flag-meta")].map((e) => e.textContent);
    expect(meta).toEqual([
      "Confidence 70% · detected by cloud speech recognition and cloud video analysis",
      "Confidence 90% · detected by the script's transcript, on-device vision and voice analysis",
    ]);
  });

  it("says so when there is nothing to flag", () => {
    render(<FlagList flags={[]} onSeek={() => {}} />);
    expect(screen.getByTestId("flag-list-empty").textContent).toMatch(/No dissonance found/);
  });
});

describe("FlagList evidence details (issue #12)", () => {
  it("keeps the raw figures out of the evidence sentence, in a folded details disclosure", async () => {
    const plain = {
      type: "EMOTIONAL_MISMATCH" as const,
      start: 2,
      end: 5,
      severity: 0.6,
      confidence: 0.8,
      evidence: {
        quote: "We are thrilled with the results",
        observation: 'Your face stayed neutral while you said "thrilled".',
        provider: "test",
        details: { sentiment: 0.72, frames: 9, face: { neutral: 0.88, happy: 0.04 } },
      },
      tip: "",
    };
    render(<FlagList flags={[plain]} onSeek={() => {}} />);
    expect(screen.getByText('Your face stayed neutral while you said "thrilled".')).toBeTruthy();
    const details = screen.getByTestId("flag-details") as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain("Sentiment0.72");
    expect(details.textContent).toContain("neutral 0.88, happy 0.04");
  });
});
