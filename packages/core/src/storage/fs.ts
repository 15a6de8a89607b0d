import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Storage, StoredObject } from "./types";

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/i;

/** Local-filesystem storage, the embedded default. Writes go to a temp file and are renamed into place. */
export function createFsStorage(opts: { root: string }): Storage {
  const root = resolve(opts.root);

  function pathOf(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
    const full = resolve(root, key);
    if (!full.startsWith(root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return full;
  }

  async function walk(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await walk(full)));
      else if (!e.name.startsWith(".tmp-")) out.push(relative(root, full).split(sep).join("/"));
    }
    return out;
  }

  return {
    kind: "fs",
    async put(key, body: Readable, putOpts): Promise<StoredObject> {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const tmp = join(dirname(target), `.tmp-${randomUUID()}`);
      try {
        await pipeline(body, createWriteStream(tmp), { signal: putOpts?.signal });
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
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
      await rm(pathOf(key), { force: true });
    },
    async deletePrefix(prefix) {
      const keys = (await walk(root)).filter((k) => k.startsWith(prefix));
      for (const k of keys) await rm(pathOf(k), { force: true });
      return keys.length;
    },
    async list(prefix) {
      return (await walk(root)).filter((k) => k.startsWith(prefix)).sort();
    },
    async localPath(key) {
      const p = pathOf(key);
      await stat(p);
      return { path: p, cleanup: async () => {} };
    },
  };
}
