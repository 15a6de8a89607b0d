import { readdirSync, readFileSync } from "node:fs";

// Linux /proc accounting for the benchmark: CPU seconds and peak memory of the
// child processes (pocketsphinx, ffmpeg) the pipeline spawns. Node reports no
// per-child rusage, so a sampler reads /proc/<pid>/stat of every descendant a
// few times a second; a child's last sample before it exits is what counts,
// which loses at most one interval of its CPU. The process-wide total of
// finished children (cutime + cstime of this process) is exact and printed too.

const TICKS_PER_SECOND = 100;

export type ChildRecord = {
  pid: number;
  /** The command line, e.g. `pocketsphinx_continuous -infile …`. */
  command: string;
  cpuSeconds: number;
  peakRssMb: number;
  /** performance.now() when first and last sampled. */
  firstSeenMs: number;
  lastSeenMs: number;
};

function statFields(pid: number | "self"): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm) " start with state (field 3, index 0 here).
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds of this process's finished, reaped children (exact, from the kernel). */
export function reapedChildrenCpuSeconds(): number {
  const f = statFields("self");
  // cutime and cstime are fields 16 and 17 of /proc/pid/stat, i.e. indices 13 and 14 after the state.
  return f ? (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND : 0;
}

/** Samples every descendant of this process every `intervalMs` until stopped. */
export function startChildSampler(opts: { intervalMs?: number } = {}) {
  const records = new Map<number, ChildRecord>();
  /** Descendants via /proc/<pid>/task/<tid>/children (cheaper than scanning all of /proc). */
  const descendants = (pid: number, out: number[] = []): number[] => {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return out;
    }
    for (const tid of tids) {
      let kids = "";
      try {
        kids = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
      } catch {}
      for (const k of kids.split(" ").filter(Boolean).map(Number)) {
        out.push(k);
        descendants(k, out);
      }
    }
    return out;
  };
  const sample = () => {
    const now = performance.now();
    for (const pid of descendants(process.pid)) {
      const f = statFields(pid);
      if (!f) continue;
      let rec = records.get(pid);
      if (!rec) {
        let command = "";
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
        } catch {}
        rec = { pid, command, cpuSeconds: 0, peakRssMb: 0, firstSeenMs: now, lastSeenMs: now };
        records.set(pid, rec);
      }
      // utime and stime: fields 14 and 15, indices 11 and 12 after the state.
      rec.cpuSeconds = (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
      rec.peakRssMb = Math.max(rec.peakRssMb, peakRssMb(pid));
      rec.lastSeenMs = now;
    }
  };
  const timer = setInterval(sample, opts.intervalMs ?? 100);
  return {
    stop(): ChildRecord[] {
      clearInterval(timer);
      sample();
      return [...records.values()];
    },
  };
}
