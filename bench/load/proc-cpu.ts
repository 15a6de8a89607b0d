// CPU time of a process tree from /proc (Linux): the API's own processes (the primary and its
// cluster workers) apart from the short-lived children they spawned and reaped (ffprobe for
// uploads), which the kernel adds to the parent's cutime/cstime once they exit.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux for decades). */
const TICKS_PER_SECOND = 100;

export type TreeCpu = {
  /** CPU seconds of the live processes of the tree that run the root's command (node's is "MainThread"). */
  own: number;
  /** CPU seconds of the tree's reaped children (ffprobe and the like). */
  children: number;
};

type Stat = { pid: number; ppid: number; comm: string; own: number; children: number };

/** Parses /proc/<pid>/stat; the command may hold spaces or parentheses, so fields count from the last ")". */
export function parseStat(text: string): Stat | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < 0) return undefined;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(" ");
  // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  const n = (i: number) => Number(fields[i] ?? 0) / TICKS_PER_SECOND;
  return {
    pid: Number(text.slice(0, open).trim()),
    ppid: Number(fields[1]),
    comm: text.slice(open + 1, close),
    own: n(11) + n(12),
    children: n(13) + n(14),
  };
}

function readStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      if (stat) out.push(stat);
    } catch {
      // the process exited meanwhile
    }
  }
  return out;
}

/** The CPU of `rootPid` and its descendants named as it is; undefined off Linux or once it is gone. */
export function treeCpu(rootPid: number): TreeCpu | undefined {
  let stats: Stat[];
  try {
    stats = readStats();
  } catch {
    return undefined;
  }
  const byParent = new Map<number, Stat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return undefined;
  const total: TreeCpu = { own: 0, children: 0 };
  const visit = (s: Stat) => {
    if (s.comm !== root.comm) return;
    total.own += s.own;
    total.children += s.children;
    for (const child of byParent.get(s.pid) ?? []) visit(child);
  };
  visit(root);
  return total;
}
