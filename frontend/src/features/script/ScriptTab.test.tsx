import type { TScriptAdherence } from "@coherence/shared";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ScriptTab } from "./ScriptTab";
import { scriptSegments, scriptSummary } from "./script-marks";

const SCRIPT = "Hello all.\nWe grew fast. Thank you.";
// Words and offsets as the engine reports them; "grew" was said as "grow", "fast" skipped,
// "Thank you" said before "We", and "really" ad-libbed before "Thank".
const ADHERENCE: TScriptAdherence = {
  guidance: "script-language-model",
  words: [
    { text: "Hello", charStart: 0, charEnd: 5, status: "said", seconds: 0.2 },
    { text: "all", charStart: 6, charEnd: 9, status: "said", seconds: 0.6 },
    { text: "We", charStart: 11, charEnd: 13, status: "moved", seconds: 3.1 },
    { text: "grew", charStart: 14, charEnd: 18, status: "changed", seconds: 3.4 },
    { text: "fast", charStart: 19, charEnd: 23, status: "skipped", seconds: 3.8 },
    { text: "Thank", charStart: 25, charEnd: 30, status: "said", seconds: 1.5 },
    { text: "you", charStart: 31, charEnd: 34, status: "said", seconds: 1.8 },
  ],
  deliveredShare: 6 / 7,
  asWrittenShare: 4 / 7,
  skipped: [{ fromWord: 4, toWord: 5, text: "fast", start: 3.8, end: 3.8 }],
  added: [{ fromWord: 5, toWord: 5, text: "really", start: 1.1, end: 1.4 }],
  moved: [{ fromWord: 2, toWord: 4, text: "We grew", start: 3.1, end: 3.6 }],
};

const script = vi.fn();
const setVideoScript = vi.fn();
vi.mock("./api", () => ({
  useVideoScript: () => script(),
  setVideoScript: (...args: unknown[]) => setVideoScript(...args),
}));

function renderTab(adherence?: TScriptAdherence, onSeek = vi.fn()) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <ScriptTab videoId="v-1" adherence={adherence} currentTime={0} onSeek={onSeek} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return onSeek;
}

beforeEach(() => {
  script.mockReturnValue({ isPending: false, isError: false, data: { videoId: "v-1", text: SCRIPT } });
  setVideoScript.mockReset();
});

describe("scriptSegments", () => {
  it("keeps the script's own spacing and line breaks, and puts each ad-lib where it was said", () => {
    const segments = scriptSegments(SCRIPT, ADHERENCE);
    const shown = segments.map((s) => (s.kind === "added" ? `[+${s.text}]` : s.text)).join("");
    expect(shown).toBe("Hello all.\nWe grew fast. [+really]Thank you.");
    expect(segments.filter((s) => s.kind === "word").map((s) => s.kind === "word" && s.status)).toEqual([
      "said",
      "said",
      "moved",
      "changed",
      "skipped",
      "said",
      "said",
    ]);
  });

  it("shows the words alone when the offsets do not fit the text (never a mark on the wrong word)", () => {
    const shown = scriptSegments("Another text altogether.", ADHERENCE)
      .map((s) => (s.kind === "added" ? `[+${s.text}]` : s.text))
      .join("");
    expect(shown).toBe("Hello all We grew fast [+really]Thank you");
  });

  it("counts words by status and passages by kind", () => {
    expect(scriptSummary(ADHERENCE)).toEqual({
      deliveredShare: 6 / 7,
      asWrittenShare: 4 / 7,
      words: { said: 4, changed: 1, skipped: 1, moved: 1 },
      passages: { skipped: 1, added: 1, moved: 1 },
    });
  });
});

describe("<ScriptTab>", () => {
  it("shows the summary and the marked script", () => {
    renderTab(ADHERENCE);
    const summary = screen.getByTestId("script-summary").textContent;
    expect(summary).toMatch(/Delivered\s*86%/);
    expect(summary).toMatch(/As written\s*57%/);
    expect(summary).toMatch(/Skipped\s*1 passage/);
    const marks = [...document.querySelectorAll<HTMLElement>("[data-status]")];
    expect(marks.map((m) => `${m.dataset.status}:${m.textContent}`)).toEqual([
      "said:Hello",
      "said:all",
      "moved:We",
      "changed:grew",
      "skipped:fast",
      "added:+ really",
      "said:Thank",
      "said:you",
    ]);
    expect(screen.getByRole("button", { name: /^fast: skipped \(due at 0:03\)/ })).toBeTruthy();
  });

  it("a click on a mark seeks the video to it: a skipped word to where it was due, an ad-lib to when it was said", async () => {
    const onSeek = renderTab(ADHERENCE);
    await userEvent.click(screen.getByRole("button", { name: /^grew:/ }));
    await userEvent.click(screen.getByRole("button", { name: /^fast:/ }));
    await userEvent.click(screen.getByRole("button", { name: /^really: added/ }));
    expect(onSeek.mock.calls).toEqual([[3.4], [3.8], [1.1]]);
  });

  it("the marks are one tab stop; arrow keys move between them", async () => {
    renderTab(ADHERENCE);
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe("Hello");
    await userEvent.keyboard("{ArrowRight}{ArrowRight}");
    expect(document.activeElement?.textContent).toBe("We");
  });

  it("a talk without a script offers to add one; a bad one is explained and not sent", async () => {
    script.mockReturnValue({ isPending: false, isError: false, data: null });
    renderTab(undefined);
    expect(screen.getByText(/This talk has no script/)).toBeTruthy();
    await userEvent.click(screen.getByTestId("save-script"));
    expect((await screen.findByTestId("script-error")).textContent).toMatch(/empty/);
    expect(setVideoScript).not.toHaveBeenCalled();
  });

  it("replacing the script sends the new text", async () => {
    setVideoScript.mockResolvedValue({ reanalysing: true, status: "queued" });
    renderTab(ADHERENCE);
    await userEvent.click(screen.getByTestId("replace-script"));
    const box = screen.getByLabelText(/Script/);
    expect(box).toHaveProperty("value", SCRIPT);
    await userEvent.clear(box);
    await userEvent.type(box, "A new script.");
    await userEvent.click(screen.getByTestId("save-script"));
    expect(setVideoScript).toHaveBeenCalledWith("v-1", "A new script.");
  });
});
