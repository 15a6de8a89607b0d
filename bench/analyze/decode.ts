import { spawn } from "node:child_process";
import { mediaToolPaths } from "@coherence/core";
import { reapedChildrenCpuSeconds } from "./proc-sampler";

export type DecodeBaseline = { wallSeconds: number; cpuSeconds: number };

/**
 * Decodes every video frame of the talk with ffmpeg and throws the pictures
 * away (`-f null`), one thread, as the yardstick for this machine: the
 * pipeline's time divided by it compares across machines, where seconds do not.
 */
export async function measureDecode(videoPath: string): Promise<DecodeBaseline> {
  const cpu0 = reapedChildrenCpuSeconds();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      mediaToolPaths().ffmpeg,
      ["-nostdin", "-v", "error", "-threads", "1", "-i", videoPath, "-an", "-f", "null", "-"],
      { stdio: "ignore" },
    );
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg decode exited with ${code}`))));
  });
  return { wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: reapedChildrenCpuSeconds() - cpu0 };
}
