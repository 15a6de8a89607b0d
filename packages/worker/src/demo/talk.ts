import { join } from "node:path";
import { runMediaTool } from "@coherence/core";
import type { TTranscript } from "@coherence/shared";
import { makeSpeechAudio, type SpeechScriptStep, type SpokenSegment, transcriptFromSegments } from "./speech";
import { type FaceSegment, FFMPEG_QUIET, generateTalkVideo, type Presenter } from "./video";

/** A generated talk: the MP4, its ground-truth transcript, and where each scripted step was spoken. */
export type GeneratedTalk = {
  path: string;
  transcript: TTranscript;
  spoken: SpokenSegment[];
  durationSeconds: number;
};

/** Where the presenter is while the talk runs, given where each step was spoken and the talk's length. */
export type FacePlan = (spoken: SpokenSegment[], durationSeconds: number) => FaceSegment[];

/**
 * Speaks `script` with espeak-ng, films the presenter per `faces`, and muxes
 * the two into `dir/name.mp4` (H.264 + AAC). The ground truth is known by
 * construction: the transcript is the script itself, timed to the audio.
 */
export async function generateTalk(opts: {
  dir: string;
  name: string;
  script: SpeechScriptStep[];
  faces: FacePlan;
  /** Which photo plays the presenter (see generateTalkVideo). */
  presenter?: Presenter;
  width?: number;
  height?: number;
  signal?: AbortSignal;
}): Promise<GeneratedTalk> {
  const wav = join(opts.dir, `${opts.name}.wav`);
  const speech = await makeSpeechAudio({ script: opts.script, outputPath: wav });
  const duration = Math.ceil(speech.durationSeconds * 10) / 10;
  const silent = await generateTalkVideo({
    path: join(opts.dir, `${opts.name}-silent.mp4`),
    segments: opts.faces(speech.segments, duration),
    presenter: opts.presenter,
    width: opts.width,
    height: opts.height,
    signal: opts.signal,
  });
  const path = join(opts.dir, `${opts.name}.mp4`);
  await runMediaTool({
    args: [...FFMPEG_QUIET, "-i", silent.path, "-i", wav, "-c:v", "copy", "-c:a", "aac", "-shortest", path],
    signal: opts.signal,
  });
  return {
    path,
    transcript: transcriptFromSegments({ segments: speech.segments, durationSeconds: duration }),
    spoken: speech.segments,
    durationSeconds: duration,
  };
}
