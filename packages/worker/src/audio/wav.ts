import { readFile, writeFile } from "node:fs/promises";

/** Mono 16-bit PCM audio held in memory. */
export type PcmAudio = { sampleRate: number; samples: Int16Array };

/** Encodes mono 16-bit PCM samples as a canonical 44-byte-header WAV file. */
export function encodeWav(audio: PcmAudio): Buffer {
  const dataBytes = audio.samples.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write("WAVE", 8, "ascii");
  buf.write("fmt ", 12, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(audio.sampleRate, 24);
  buf.writeUInt32LE(audio.sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(dataBytes, 40);
  Buffer.from(audio.samples.buffer, audio.samples.byteOffset, dataBytes).copy(buf, 44);
  return buf;
}

/**
 * Decodes a 16-bit PCM WAV (any header layout, chunks walked properly). Only
 * mono is accepted: the extractor always writes mono, and a stereo file here
 * would mean the wrong file was passed.
 */
export function decodeWav(buf: Buffer): PcmAudio {
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let offset = 12;
  let sampleRate = 0;
  let format = 0;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString("ascii", offset, offset + 4);
    // ffmpeg writes 0xFFFFFFFF as the data size when it streams to a pipe.
    let size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      format = buf.readUInt16LE(body);
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === "data") {
      if (format !== 1 || bits !== 16) throw new Error(`unsupported WAV encoding (format ${format}, ${bits} bits)`);
      if (channels !== 1) throw new Error(`expected mono WAV, got ${channels} channels`);
      size = Math.min(size, buf.length - body);
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(body + i * 2);
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("WAV file has no data chunk");
}

/** Reads a mono 16-bit PCM WAV file. */
export async function readWavFile(path: string): Promise<PcmAudio> {
  return decodeWav(await readFile(path));
}

/** Writes a mono 16-bit PCM WAV file. */
export async function writeWavFile(path: string, audio: PcmAudio): Promise<void> {
  await writeFile(path, encodeWav(audio));
}
