import { SCRIPT_MAX_BYTES, SCRIPT_MAX_CHARS } from "@coherence/shared";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ScriptInput } from "./ScriptInput";
import { decodeScriptFile, scriptFileProblem, scriptTextProblem } from "./validate-script";

const uploadVideo = vi.fn();
const sendVideo = vi.fn();
// Without a script the form sends through the resumable transport (which falls back to uploadVideo).
vi.mock("../../lib/upload", async (original) => ({
  ...(await original<typeof import("../../lib/upload")>()),
  sendVideo: (...args: unknown[]) => sendVideo(...args),
}));
vi.mock("../videos/api", () => ({ uploadVideo: (...args: unknown[]) => uploadVideo(...args) }));
// The upload limits come from the API (system.uploadConfig): here, its default answer.
vi.mock("../upload/upload-config", async () => {
  const { uploadConfig } = await import("@coherence/shared");
  const limits = uploadConfig({ maxBytes: 2 * 1024 ** 3, minDurationSeconds: 3, maxDurationSeconds: 3600 });
  return { useUploadConfig: () => limits, fetchUploadConfig: async () => limits };
});
vi.mock("../upload/validate-file", async (original) => ({
  ...(await original<typeof import("../upload/validate-file")>()),
  readDuration: async () => 30,
}));

function Harness() {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  return <ScriptInput value={value} onChange={setValue} error={error} onError={setError} optional />;
}

const textFile = (name: string, content: BlobPart, type = "text/plain") => new File([content], name, { type });

describe("script rules in the browser (the API's own)", () => {
  it("refuses an empty, binary or over-long script and accepts plain text", () => {
    expect(scriptTextProblem("  \n ")).toMatch(/empty/);
    expect(scriptTextProblem("PK\u0003\u0004 slides")).toMatch(/not plain text/);
    expect(scriptTextProblem("a".repeat(SCRIPT_MAX_CHARS + 1))).toMatch(/longer than 60,000/);
    expect(scriptTextProblem("Good morning, everyone.")).toBeNull();
  });

  it("takes only .txt and .md files within the byte limit", () => {
    expect(scriptFileProblem({ name: "deck.pdf", size: 10 })).toMatch(/not a text file.*\.txt or \.md/);
    expect(scriptFileProblem({ name: "talk.TXT", size: 10 })).toBeNull();
    expect(scriptFileProblem({ name: "notes.md", size: SCRIPT_MAX_BYTES + 1 })).toMatch(/at most 256 KB/);
  });

  it("refuses a file that is not UTF-8 text", () => {
    expect(decodeScriptFile(new Uint8Array([0xff, 0xfe, 0x00, 0x41]).buffer)).toEqual({
      problem: expect.stringMatching(/not plain text/),
    });
    expect(decodeScriptFile(new TextEncoder().encode("Hello").buffer)).toEqual({ text: "Hello" });
  });
});

describe("<ScriptInput>", () => {
  it("is labelled, takes pasted text and counts its characters", async () => {
    render(<Harness />);
    const box = screen.getByLabelText(/Script/);
    await userEvent.type(box, "Hello there");
    expect(box).toHaveProperty("value", "Hello there");
    expect(screen.getByText(/11 \/ 60,000 characters/)).toBeTruthy();
  });

  it("fills the text from a chosen .md file", async () => {
    render(<Harness />);
    await userEvent.upload(screen.getByTestId("script-file"), textFile("talk.md", "# Intro\nWelcome, all."));
    await waitFor(() => expect(screen.getByLabelText(/Script/)).toHaveProperty("value", "# Intro\nWelcome, all."));
    expect(screen.queryByTestId("script-error")).toBeNull();
  });

  it("explains a binary or wrong-type file inline, and keeps the text as it was", async () => {
    render(<Harness />);
    await userEvent.type(screen.getByLabelText(/Script/), "kept");
    await userEvent.upload(
      screen.getByTestId("script-file"),
      textFile("photo.txt", new Uint8Array([0xff, 0xd8, 0, 1])),
    );
    expect((await screen.findByTestId("script-error")).textContent).toMatch(/photo\.txt.*not plain text/);
    expect(screen.getByLabelText(/Script/)).toHaveProperty("value", "kept");
    expect(screen.getByLabelText(/Script/).getAttribute("aria-invalid")).toBe("true");
  });
});

describe("the upload form with a script", () => {
  beforeEach(() => {
    uploadVideo.mockReset();
    uploadVideo.mockReturnValue({ promise: new Promise(() => {}), abort: () => {} });
    sendVideo.mockReset();
    sendVideo.mockReturnValue({ promise: new Promise(() => {}), abort: () => {} });
  });

  async function chooseVideo() {
    const { UploadPage } = await import("../upload/UploadPage");
    const { QueryClient, QueryClientProvider } = await import("@tanstack/react-query");
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <UploadPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await userEvent.upload(
      document.getElementById("file-input") as HTMLInputElement,
      new File([new Uint8Array(2048)], "talk.mp4", { type: "video/mp4" }),
    );
    return await screen.findByTestId("start-upload");
  }

  it("sends no upload while the script is bad, and says why", async () => {
    const start = await chooseVideo();
    // A control character cannot be typed: paste one.
    await userEvent.click(screen.getByLabelText(/Script/));
    await userEvent.paste("PK\u0003\u0004 deck");
    await userEvent.click(start);
    expect((await screen.findByTestId("script-error")).textContent).toMatch(/not plain text/);
    expect(uploadVideo).not.toHaveBeenCalled();
  });

  it("sends the trimmed script with the video", async () => {
    const start = await chooseVideo();
    await userEvent.click(screen.getByLabelText(/Script/));
    await userEvent.paste("  Good morning, everyone.  ");
    await userEvent.click(start);
    expect(uploadVideo).toHaveBeenCalledWith(
      expect.any(File),
      expect.objectContaining({ script: "Good morning, everyone." }),
    );
  });

  it("an empty box means no script", async () => {
    const start = await chooseVideo();
    await userEvent.click(start);
    expect(sendVideo).toHaveBeenCalledTimes(1);
    expect(sendVideo.mock.calls[0]?.[1]).not.toHaveProperty("script");
    expect(uploadVideo).not.toHaveBeenCalled();
  });
});
