import type { TFlag } from "@coherence/shared";
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Heatmap } from "./Heatmap";

const flag = (type: TFlag["type"], start: number, end: number, severity: number): TFlag => ({
  type,
  start,
  end,
  severity,
  confidence: 0.8,
  evidence: { quote: "q", observation: "o", provider: "test" },
  tip: "t",
});

const flags = [flag("GAZE_AVOIDANCE", 12, 16, 0.9), flag("NERVOUS_FIDGETING", 40, 44, 0.3)];
const heatmap = { binSeconds: 10, bins: [0, 0.9, 0, 0, 0.3, 0] };

describe("Heatmap", () => {
  it("draws one cell per bin, coloured by severity, with no colour for empty bins", () => {
    const { container } = render(
      <Heatmap heatmap={heatmap} flags={flags} durationSeconds={60} currentTime={0} onSeek={() => {}} />,
    );
    const bins = container.querySelectorAll<HTMLElement>(".heatmap-bin");
    expect(bins).toHaveLength(6);
    expect([...bins].map((b) => b.dataset.severity)).toEqual(["0.00", "0.90", "0.00", "0.00", "0.30", "0.00"]);
    expect(bins[0]!.style.background).toBe("var(--heat-0)");
    expect(bins[1]!.style.background).not.toBe(bins[4]!.style.background);
    // Each bin spans binSeconds / duration of the strip.
    expect(bins[0]!.style.width).toBe(`${(10 / 60) * 100}%`);
  });

  it("ends the last, partial bin at the video's end instead of stretching the timeline", () => {
    const partial = { binSeconds: 5, bins: [0, 0.9, 0.3], durationSeconds: 12 };
    const { container } = render(
      <Heatmap heatmap={partial} flags={[]} durationSeconds={12} currentTime={0} onSeek={() => {}} />,
    );
    const widths = [...container.querySelectorAll<HTMLElement>(".heatmap-bin")].map((b) => b.style.width);
    expect(widths).toEqual([`${(5 / 12) * 100}%`, `${(5 / 12) * 100}%`, `${(2 / 12) * 100}%`]);
    expect(screen.getByRole("slider").getAttribute("aria-valuemax")).toBe("12");
  });

  it("places a labelled marker per flag at its start time", () => {
    render(<Heatmap heatmap={heatmap} flags={flags} durationSeconds={60} currentTime={0} onSeek={() => {}} />);
    const gaze = screen.getByRole("button", { name: "Gaze avoidance at 0:12, high severity" });
    const fidget = screen.getByRole("button", { name: "Nervous fidgeting at 0:40, low severity" });
    expect(gaze.style.left).toBe("20%");
    expect(fidget.style.left).toBe(`${(40 / 60) * 100}%`);
  });

  it("seeks to a flag's start and selects it when its marker is clicked or activated from the keyboard", async () => {
    const onSeek = vi.fn();
    const onSelect = vi.fn();
    render(
      <Heatmap
        heatmap={heatmap}
        flags={flags}
        durationSeconds={60}
        currentTime={0}
        onSeek={onSeek}
        onSelectFlag={onSelect}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: /Nervous fidgeting/ }));
    expect(onSeek).toHaveBeenLastCalledWith(40);
    expect(onSelect).toHaveBeenLastCalledWith(1);
    screen.getByRole("button", { name: /Gaze avoidance/ }).focus();
    await userEvent.keyboard("{Enter}");
    expect(onSeek).toHaveBeenLastCalledWith(12);
    expect(onSelect).toHaveBeenLastCalledWith(0);
  });

  it("seeks to where the strip is clicked, and moves by 5 s with the arrow keys", () => {
    const onSeek = vi.fn();
    render(<Heatmap heatmap={heatmap} flags={flags} durationSeconds={60} currentTime={30} onSeek={onSeek} />);
    const strip = screen.getByRole("slider", { name: /Timeline/ });
    strip.getBoundingClientRect = () => ({
      left: 100,
      width: 600,
      top: 0,
      height: 34,
      right: 700,
      bottom: 34,
      x: 100,
      y: 0,
      toJSON: () => ({}),
    });
    fireEvent.click(strip, { clientX: 250 });
    expect(onSeek).toHaveBeenLastCalledWith(15);
    fireEvent.keyDown(strip, { key: "ArrowRight" });
    expect(onSeek).toHaveBeenLastCalledWith(35);
    fireEvent.keyDown(strip, { key: "ArrowLeft" });
    expect(onSeek).toHaveBeenLastCalledWith(25);
    expect(strip.getAttribute("aria-valuetext")).toBe("0:30");
  });

  it("puts the playhead at the current time", () => {
    const { container } = render(
      <Heatmap heatmap={heatmap} flags={[]} durationSeconds={60} currentTime={45} onSeek={() => {}} />,
    );
    expect(container.querySelector<HTMLElement>(".heatmap-playhead")!.style.left).toBe("75%");
  });
});
