import type { TMetric } from "@coherence/shared";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { estimateNote, MetricCards } from "./MetricCards";

const measured: TMetric = { name: "averageWordsPerMinutePace", value: 142, unit: "wpm", band: { low: 120, high: 160 } };
const estimated: TMetric = {
  name: "eyeContactShare",
  value: 55,
  unit: "%",
  details: { estimatedBy: "twelvelabs", other: 1 },
};

describe("MetricCards", () => {
  it("marks only the estimated metrics, with an explanation for pointer and screen-reader users", () => {
    render(<MetricCards metrics={[measured, estimated]} />);
    const cards = screen.getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const [pace, eye] = cards as [HTMLElement, HTMLElement];
    expect(within(pace).queryByRole("note")).toBeNull();
    const note = within(eye).getByRole("note", { name: /estimated.*TwelveLabs described the video/i });
    expect(note.textContent).toBe("estimated");
    expect(note.getAttribute("title")).toBe(note.getAttribute("aria-label"));
    expect(note.getAttribute("title")).toMatch(/not measured frame by frame/);
    // The heading's name stays the metric's label.
    expect(within(eye).getByRole("heading").textContent).toBe("Eye contact");
  });

  it("names an unknown estimator as stored and ignores a malformed marker", () => {
    expect(estimateNote({ ...estimated, details: { estimatedBy: "acme-vision" } })).toMatch(/acme-vision described/);
    expect(estimateNote({ ...estimated, details: { estimatedBy: 3 } })).toBeNull();
    expect(estimateNote(measured)).toBeNull();
  });
});

describe("MetricCards pace (issue #12)", () => {
  it("shows the words and time the pace is computed from, and marks verbal metrics as estimates when the words were unclear", () => {
    render(
      <MetricCards
        wordsUnreliable
        metrics={[
          {
            name: "averageWordsPerMinutePace",
            value: 147.5,
            unit: "wpm",
            band: { low: 100, high: 165 },
            rating: "good",
            details: { words: 15, seconds: 6.1 },
          },
        ]}
      />,
    );
    expect(screen.getByText("15 words in 6.1 s of speech")).toBeTruthy();
    expect(screen.getByRole("note").getAttribute("title")).toContain("We could not hear the words reliably");
  });
});
