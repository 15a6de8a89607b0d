import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CostCard, formatUsd } from "./CostCard";

const videoId = "7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11";

describe("CostCard", () => {
  it("shows the total and each provider's share, with cached calls", () => {
    render(
      <CostCard
        cost={{
          videoId,
          totalUsd: 0.0054,
          reusedAnalysis: false,
          providers: [
            { provider: "deepgram", costUsd: 0.0043, calls: 1, cachedCalls: 0 },
            { provider: "gemini", costUsd: 0.0011, calls: 2, cachedCalls: 0 },
            { provider: "twelvelabs", costUsd: 0, calls: 1, cachedCalls: 1 },
          ],
        }}
      />,
    );
    expect(screen.getByRole("heading", { name: "Cost" })).toBeTruthy();
    expect(screen.getByTestId("cost-total").textContent).toBe("$0.0054");
    const rows = screen.getAllByTestId("cost-provider");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Cloud speech recognition$0.0043",
      "AI coaching$0.0011",
      "Cloud video analysis$0 (1 of 1 cached)",
    ]);
    expect(within(rows[2]!).getByText("(1 of 1 cached)")).toBeTruthy();
    expect(screen.queryByText(/nothing was billed/)).toBeNull();
  });

  it("says why a reused or fully cached analysis cost nothing", () => {
    const { rerender } = render(<CostCard cost={{ videoId, totalUsd: 0, reusedAnalysis: true, providers: [] }} />);
    expect(screen.getByTestId("cost-total").textContent).toBe("$0");
    expect(screen.getByText(/identical earlier upload/)).toBeTruthy();
    rerender(
      <CostCard
        cost={{
          videoId,
          totalUsd: 0,
          reusedAnalysis: false,
          providers: [{ provider: "deepgram", costUsd: 0, calls: 1, cachedCalls: 1 }],
        }}
      />,
    );
    expect(screen.getByText(/nothing was billed/)).toBeTruthy();
  });

  it("names local engines by what they do; engine names only in the details view", () => {
    render(
      <CostCard
        cost={{
          videoId,
          totalUsd: 0,
          reusedAnalysis: false,
          providers: ["human", "pocketsphinx", "rule-based"].map((provider) => ({
            provider,
            costUsd: 0,
            calls: 1,
            cachedCalls: 0,
          })),
        }}
      />,
    );
    const rows = screen.getAllByTestId("cost-provider");
    expect(rows.map((r) => r.firstChild?.textContent)).toEqual([
      "On-device vision",
      "On-device speech recognition",
      "Rule-based coaching",
    ]);
    // "human" is the vision library's name: read as a person, it must not appear outside the details.
    const details = screen.getByText("Engines used").closest("details")!;
    expect(details.open).toBe(false);
    const outside = screen.getByRole("heading", { name: "Cost" }).closest(".card")!.cloneNode(true) as HTMLElement;
    outside.querySelector("details")?.remove();
    expect(outside.textContent).not.toMatch(/human|pocketsphinx/i);
    expect(screen.getAllByTestId("cost-engine").map((e) => e.textContent)).toEqual([
      "On-device vision: Human (open-source vision library)",
      "On-device speech recognition: PocketSphinx",
      "Rule-based coaching: Coherence's rule-based coach",
    ]);
  });

  it("formats sub-cent and dollar amounts", () => {
    expect([0, 0.0043, 0.012345, 1.5, 12].map(formatUsd)).toEqual(["$0", "$0.0043", "$0.012", "$1.50", "$12.00"]);
  });
});
