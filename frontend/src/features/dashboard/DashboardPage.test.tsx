import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { displayText, talkTitle } from "../../lib/format";
import { DashboardPage } from "./DashboardPage";

// Titles stored before the API refused control characters: a BEL and a NUL draw as empty boxes.
const STORED = [
  { id: "v-1", title: "Q3\u0007 results\u0000", originalFilename: "q3.mp4" },
  { id: "v-2", title: "\u0001\u0002", originalFilename: "pitch\u001f-v2.mp4" },
  { id: "v-3", title: "", originalFilename: null },
].map((v) => ({
  ...v,
  status: "complete",
  stage: "complete",
  progress: 100,
  durationSeconds: 60,
  createdAt: "2026-11-30T10:00:00.000Z",
  coherenceScore: 70,
  scoreTier: "Proficient",
}));

vi.mock("../auth/api", () => ({ useMe: () => ({ data: { name: "Maya Lopez" } }) }));
vi.mock("../analytics/api", () => ({ useOverview: () => ({ isPending: true }) }));
vi.mock("../videos/api", () => ({
  useVideoList: () => ({ isSuccess: true, data: { pages: [{ items: STORED, nextCursor: null }] } }),
}));

describe("talk titles with control characters", () => {
  it("the dashboard shows stored titles without control characters", () => {
    render(
      <MemoryRouter>
        <DashboardPage />
      </MemoryRouter>,
    );
    const titles = [...document.querySelectorAll(".talk-title")].map((e) => e.textContent);
    expect(titles).toEqual(["Q3 results", "pitch -v2.mp4", "Untitled talk"]);
    expect(screen.getByTestId("talk-list").textContent).not.toMatch(/\p{Cc}/u);
  });

  it("displayText turns control characters into one space; talkTitle falls back when nothing is left", () => {
    expect(displayText("a\u0000b\tc\n\u0085d  e ")).toBe("a b c d e");
    expect(talkTitle({ title: "\u0007", originalFilename: "talk.mp4" })).toBe("talk.mp4");
    expect(talkTitle(undefined, "Your talk")).toBe("Your talk");
  });
});
