import { describe, expect, it } from "vitest";
import { describeDeviceError, recordingUnsupported } from "./device-errors";
import { framingHint, lightHint, meanLuma } from "./framing";
import { chooseRecordingFormat, extensionFor } from "./recording-format";
import { checkRecordingLimits } from "./recording-limits";
import { levelOf } from "./use-level-meter";

describe("chooseRecordingFormat", () => {
  it("prefers VP9/Opus WebM, then VP8, then MP4 where only that is recorded (Safari)", () => {
    expect(chooseRecordingFormat(() => true)?.mimeType).toBe("video/webm;codecs=vp9,opus");
    expect(chooseRecordingFormat((t) => !t.includes("vp9"))?.mimeType).toBe("video/webm;codecs=vp8,opus");
    const safari = chooseRecordingFormat((t) => t.startsWith("video/mp4"));
    expect(safari).toEqual({ mimeType: "video/mp4;codecs=avc1.42E01E,mp4a.40.2", extension: "mp4" });
    expect(chooseRecordingFormat(() => false)).toBeNull();
  });
  it("names the stored take's file by its type", () => {
    expect(extensionFor("video/webm;codecs=vp8,opus")).toBe("webm");
    expect(extensionFor("video/mp4")).toBe("mp4");
  });
});

describe("describeDeviceError", () => {
  const err = (name: string) => new DOMException("x", name);
  it("tells denied, missing and busy devices apart, each with what to do", () => {
    expect(describeDeviceError(err("NotAllowedError"))).toMatchObject({ kind: "denied", message: /address bar/ });
    expect(describeDeviceError(err("NotFoundError")).kind).toBe("no-device");
    expect(describeDeviceError(err("NotReadableError"))).toMatchObject({ kind: "in-use", message: /Another app/ });
    expect(describeDeviceError(new Error("boom")).kind).toBe("unknown");
  });
  it("refuses before any prompt on an insecure page or a browser without MediaRecorder", () => {
    const ok = { isSecureContext: true, hasGetUserMedia: true, hasMediaRecorder: true };
    expect(recordingUnsupported(ok)).toBeNull();
    expect(recordingUnsupported({ ...ok, isSecureContext: false })?.kind).toBe("insecure");
    expect(recordingUnsupported({ ...ok, hasMediaRecorder: false })?.kind).toBe("unsupported");
  });
});

describe("framingHint", () => {
  const frame = { frameWidth: 1280, frameHeight: 720 };
  it("approves a centred face at a webcam's usual size", () => {
    const hint = framingHint({ ...frame, faces: [{ x: 540, y: 150, width: 200, height: 260 }] });
    expect(hint.ok).toBe(true);
  });
  it("warns about no face, several faces, too close, too far and off-centre", () => {
    expect(framingHint({ ...frame, faces: [] }).message).toMatch(/can't see your face/);
    const face = { x: 540, y: 150, width: 200, height: 260 };
    expect(framingHint({ ...frame, faces: [face, face] }).message).toMatch(/More than one face/);
    expect(framingHint({ ...frame, faces: [{ ...face, height: 500 }] }).message).toMatch(/very close/);
    expect(framingHint({ ...frame, faces: [{ ...face, height: 80 }] }).message).toMatch(/far away/);
    // The face sits on the right of the image: move left.
    expect(framingHint({ ...frame, faces: [{ ...face, x: 1000 }] }).message).toMatch(/to the left/);
  });
  it("without a face detector, flags a dark or covered camera", () => {
    const dark = new Uint8ClampedArray([5, 5, 5, 255, 10, 10, 10, 255]);
    const lit = new Uint8ClampedArray([180, 150, 120, 255, 200, 170, 140, 255]);
    expect(meanLuma(dark)).toBeLessThan(10);
    expect(lightHint(meanLuma(dark)).ok).toBe(false);
    expect(lightHint(meanLuma(lit)).ok).toBe(true);
  });
});

describe("checkRecordingLimits", () => {
  const limits = { maxSeconds: 600, maxBytes: 1000 };
  it("warns 30 s before the longest talk and stops just before it", () => {
    expect(checkRecordingLimits({ ...limits, elapsedSeconds: 100, bytes: 10 })).toEqual({
      warning: null,
      mustStop: false,
    });
    expect(checkRecordingLimits({ ...limits, elapsedSeconds: 575, bytes: 10 }).warning).toMatch(/stops in 25 s/);
    expect(checkRecordingLimits({ ...limits, elapsedSeconds: 599.5, bytes: 10 }).mustStop).toBe(true);
  });
  it("warns near the largest file and stops before it", () => {
    expect(checkRecordingLimits({ ...limits, elapsedSeconds: 10, bytes: 920 }).warning).toMatch(/largest file/);
    expect(checkRecordingLimits({ ...limits, elapsedSeconds: 10, bytes: 980 }).mustStop).toBe(true);
  });
});

describe("levelOf", () => {
  it("reads silence as 0, speech-like levels mid-scale and a full-scale tone near the top", () => {
    expect(levelOf(new Float32Array(512))).toBe(0);
    const speech = Float32Array.from({ length: 512 }, (_, i) => 0.08 * Math.sin(i / 5));
    expect(levelOf(speech)).toBeGreaterThan(0.3);
    expect(levelOf(speech)).toBeLessThan(0.8);
    const loud = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i / 5));
    expect(levelOf(loud)).toBeGreaterThan(0.95);
  });
});
