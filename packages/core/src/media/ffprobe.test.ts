import { describe, expect, it } from "vitest";
import { parseFfprobeJson } from "./ffprobe";

describe("parseFfprobeJson", () => {
  it("does not count cover art as a video stream", () => {
    const probe = parseFfprobeJson(
      JSON.stringify({
        format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "12.5" },
        streams: [
          { index: 0, codec_type: "audio", codec_name: "aac", sample_rate: "44100", channels: 2 },
          { index: 1, codec_type: "video", codec_name: "mjpeg", disposition: { attached_pic: 1 } },
        ],
      }),
    );
    expect(probe.video).toBeNull();
    expect(probe.audio).toEqual({ codec: "aac", sampleRate: 44100, channels: 2 });
    expect(probe.durationSeconds).toBe(12.5);
  });

  it("falls back to the longest stream when the container has no duration", () => {
    const probe = parseFfprobeJson(
      JSON.stringify({
        format: { format_name: "matroska,webm" },
        streams: [
          {
            index: 0,
            codec_type: "video",
            codec_name: "vp9",
            width: 640,
            height: 360,
            avg_frame_rate: "30000/1001",
            duration: "9.9",
          },
          { index: 1, codec_type: "audio", codec_name: "opus", duration: "10.02" },
        ],
      }),
    );
    expect(probe.durationSeconds).toBe(10.02);
    expect(probe.video).toMatchObject({ width: 640, fps: 29.97 });
  });
});
