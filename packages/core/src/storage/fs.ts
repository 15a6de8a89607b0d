import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Storage, StoredObject } from "./types";

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/i;
const TMP_PREFIX = ".tmp-";

/** Local-filesystem storage, the embedded default. Writes go to a temp file and are renamed into place. */
export function createFsStorage(opts: { root: string }): Storage {
  const root = resolve(opts.root);

  function pathOf(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
    const full = resolve(root, key);
    if (!full.startsWith(root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return full;
  }

  /** Files under `dir`, as keys; temp files of unfinished writes are not objects. */
  async function walk(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await walk(full)));
      else if (!e.name.startsWith(TMP_PREFIX)) out.push(relative(root, full).split(sep).join("/"));
    }
    return out;
  }

  /**
   * Keys under `prefix`, walking only the deepest directory the prefix names
   * (so listing one video never scans every user's files).
   */
  async function keysUnder(prefix: string): Promise<string[]> {
    if (prefix !== "" && !SAFE_KEY.test(prefix)) throw new Error(`invalid storage prefix: ${prefix}`);
    if (prefix.includes("..")) throw new Error(`invalid storage prefix: ${prefix}`);
    const dirPart = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix.split("/").slice(0, -1).join("/");
    const start = dirPart ? resolve(root, dirPart) : root;
    if (start !== root && !start.startsWith(root + sep)) throw new Error(`storage prefix escapes the root: ${prefix}`);
    return (await walk(start)).filter((k) => k.startsWith(prefix)).sort();
  }

  /** Removes now-empty directories from `dir` up to (not including) the root. */
  async function pruneEmptyDirs(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(root + sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty, or already gone
      }
      current = dirname(current);
    }
  }

  return {
    kind: "fs",
    async put(key, body: Readable, putOpts): Promise<StoredObject> {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const tmp = join(dirname(target), `${TMP_PREFIX}${randomUUID()}`);
      try {
        // The body may have failed while the folder was being made.
        if (body.errored) throw body.errored;
        await pipeline(body, createWriteStream(tmp), { signal: putOpts?.signal });
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        await pruneEmptyDirs(dirname(target));
        throw err;
      }
      const s = await stat(target);
      return { key, size: s.size, contentType: putOpts?.contentType };
    },
    async get(key, range) {
      const p = pathOf(key);
      await stat(p);
      return createReadStream(p, range ? { start: range.start, end: range.end } : {});
    },
    async head(key) {
      try {
        const s = await stat(pathOf(key));
        return s.isFile() ? { key, size: s.size } : null;
      } catch {
        return null;
      }
    },
    async delete(key) {
      const p = pathOf(key);
      await rm(p, { force: true });
      await pruneEmptyDirs(dirname(p));
    },
    async deletePrefix(prefix) {
      const keys = await keysUnder(prefix);
      for (const k of keys) await rm(pathOf(k), { force: true });
      if (prefix.endsWith("/") && prefix.length > 1) {
        // The whole folder goes, including temp files of writes still in flight elsewhere.
        const dir = pathOf(prefix.slice(0, -1));
        await rm(dir, { recursive: true, force: true });
        await pruneEmptyDirs(dirname(dir));
      } else {
        for (const k of keys) await pruneEmptyDirs(dirname(pathOf(k)));
      }
      return keys.length;
    },
    async list(prefix) {
      return keysUnder(prefix);
    },
    async localPath(key) {
      const p = pathOf(key);
      await stat(p);
      return { path: p, cleanup: async () => {} };
    },
  };
}
