import type { TFlag, TWord } from "@coherence/shared";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { classifyWords } from "./classify-words";
import { Transcript } from "./Transcript";

function words(text: string, start = 0, step = 0.5): TWord[] {
  return text.split(" ").map((display, i) => ({
    word: display.toLowerCase().replace(/[^a-z']/g, ""),
    display,
    start: start + i * step,
    end: start + i * step + 0.4,
    confidence: 0.9,
  }));
}

const flag: TFlag = {
  type: "CONFIDENCE_MISMATCH",
  start: 3.9,
  end: 5.0,
  severity: 0.6,
  confidence: 0.8,
  evidence: { quote: "definitely confident", observation: "energy fell", provider: "test" },
  tip: "tip",
};

// 0:um 1:I 2:think 3:we're 4:you 5:know 6:ready. 7:So 8:definitely 9:confident 10:maybe 11:so 12:what
const talk = words("Um I think we're you know ready. So definitely confident maybe so what");

describe("classifyWords", () => {
  it("marks fillers (with two-word ones and sentence-initial 'so'), hedges and flagged words", () => {
    const c = classifyWords(talk, [flag]);
    expect(c.filter((w) => w.kind === "filler").map((w) => w.index)).toEqual([0, 4, 5, 7]);
    expect(c.filter((w) => w.kind === "hedge").map((w) => w.index)).toEqual([1, 2, 10]);
    // "so" mid-sentence (index 11) is not a filler.
    expect(c[11]!.kind).toBeNull();
    // Words whose midpoint lies inside 3.9–5.0 s: index 8 (4.2 s) and 9 (4.7 s).
    expect(c.filter((w) => w.flagIndex === 0).map((w) => w.index)).toEqual([8, 9]);
  });
});

describe("Transcript", () => {
  it("highlights fillers, hedges and flagged spans, with counts in the legend", () => {
    render(<Transcript words={talk} flags={[flag]} currentTime={0} onSeek={() => {}} />);
    const btn = (name: string) => screen.getByRole("button", { name });
    expect(btn("Um").className).toContain("w-filler");
    expect(btn("think").className).toContain("w-hedge");
    expect(btn("definitely").className).toContain("w-flagged");
    expect(btn("definitely").getAttribute("title")).toContain("flagged: Confidence mismatch");
    expect(btn("ready.").className).toBe("word");
    const legend = screen.getByRole("list", { name: "Highlight legend" });
    expect(legend.textContent).toContain("filler 4");
    expect(legend.textContent).toContain("hedge 3");
    expect(legend.textContent).toContain("flagged span 2 words");
  });

  it("seeks to a word's start when it is clicked, and marks the word being spoken", async () => {
    const onSeek = vi.fn();
    render(<Transcript words={talk} flags={[]} currentTime={3.6} onSeek={onSeek} />);
    await userEvent.click(screen.getByRole("button", { name: "ready." }));
    expect(onSeek).toHaveBeenCalledWith(3);
    expect(screen.getByRole("button", { name: "So" }).className).toContain("is-current");
  });

  it("is one tab stop; arrow keys move between words and Enter seeks", async () => {
    const onSeek = vi.fn();
    render(<Transcript words={talk} flags={[]} currentTime={0} onSeek={onSeek} />);
    const focusable = screen.getAllByRole("button").filter((b) => b.tabIndex === 0);
    expect(focusable).toHaveLength(1);
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe("Um");
    await userEvent.keyboard("{ArrowRight}{ArrowRight}{Enter}");
    expect(document.activeElement?.textContent).toBe("think");
    expect(onSeek).toHaveBeenLastCalledWith(1);
  });
});

describe("Transcript: uncertain words and dense flags (issues #12, #13 item 17)", () => {
  it("greys words the recogniser was unsure of and never marks them as fillers or hedges", () => {
    const unsure = talk.map((w, i) => (i === 0 || i === 2 ? { ...w, uncertain: true } : w));
    render(<Transcript words={unsure} flags={[]} currentTime={0} onSeek={() => {}} />);
    const um = screen.getByRole("button", { name: "Um" });
    expect(um.className).toContain("w-uncertain");
    expect(um.className).not.toContain("w-filler");
    expect(um.getAttribute("title")).toContain("not heard clearly");
    expect(screen.getByRole("button", { name: "think" }).className).not.toContain("w-hedge");
    expect(screen.getByRole("list", { name: "Highlight legend" }).textContent).toContain("not heard clearly 2 words");
  });

  it("does not underline nearly every word when flags cover most of the talk: only the flag in focus", () => {
    const wide: TFlag[] = [
      { ...flag, start: 0, end: 3.4 },
      { ...flag, type: "GAZE_AVOIDANCE", start: 3.5, end: 6.5 },
    ];
    const { rerender } = render(<Transcript words={talk} flags={wide} currentTime={10} onSeek={() => {}} />);
    const underlined = () => screen.getAllByRole("button").filter((b) => b.className.includes("w-flagged"));
    expect(underlined()).toHaveLength(0);
    expect(screen.getAllByTestId("flag-start")).toHaveLength(2);
    rerender(<Transcript words={talk} flags={wide} currentTime={10} onSeek={() => {}} activeFlag={1} />);
    expect(underlined().map((b) => b.textContent)).toEqual(["So", "definitely", "confident", "maybe", "so", "what"]);
  });

  it("does not mark 'like' the verb, 'a sort of' the noun or 'a just' the adjective", () => {
    const c = classifyWords(words("I like a sort of tool for a just cause"), []);
    expect(c.filter((w) => w.kind !== null).map((w) => w.word)).toEqual([]);
  });
});
