import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ensurePegasusIndex, type TwelveLabsIndexApi, twelveLabsIndexKeys } from "./twelvelabs-index";
import type { TwelveLabsStore } from "./twelvelabs-store";

const KEYS = twelveLabsIndexKeys({ endpoint: "http://tl", indexName: "coherence" });

function memoryStore(initial: Record<string, unknown> = {}): TwelveLabsStore & { values: Map<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getSetting: async (key) => values.get(key),
    async putSettingIfAbsent(key, value) {
      if (!values.has(key)) values.set(key, value);
      return values.get(key);
    },
    loadQueries: async () => [],
  };
}

/** An index API over a map of index id → models, recording the names it was asked to create. */
function fakeApi(existing: Record<string, string[]> = {}): TwelveLabsIndexApi & { created: string[] } {
  const created: string[] = [];
  return {
    created,
    create: async (name) => {
      created.push(name);
      return `new-${created.length}`;
    },
    models: async (id) => existing[id] ?? [],
  };
}

function capturingLogger() {
  const lines: { msg: string; legacyIndexId?: string }[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    }),
  );
  return { logger, lines };
}

const ensure = (api: TwelveLabsIndexApi, store: TwelveLabsStore, logger = capturingLogger().logger) =>
  ensurePegasusIndex({ api, store, endpoint: "http://tl", indexName: "coherence", logger });

describe("ensurePegasusIndex", () => {
  it("creates an index under the configured name on first use and reuses its stored id", async () => {
    const api = fakeApi();
    const store = memoryStore();
    expect(await ensure(api, store)).toBe("new-1");
    expect(await ensure(api, store)).toBe("new-1");
    expect(api.created).toEqual(["coherence"]);
    expect(store.values.get(KEYS.current)).toBe("new-1");
  });

  it("replaces a stored Marengo-only index with a new one under a distinct name, and says so", async () => {
    const api = fakeApi({ "old-index": ["marengo3.0"] });
    const store = memoryStore({ [KEYS.legacy]: "old-index" });
    const { logger, lines } = capturingLogger();
    expect(await ensure(api, store, logger)).toBe("new-1");
    expect(api.created).toEqual(["coherence-pegasus1.2"]);
    expect(store.values.get(KEYS.current)).toBe("new-1");
    // The old id stays where it was: the indexed-file memos that name it remain meaningful.
    expect(store.values.get(KEYS.legacy)).toBe("old-index");
    expect(lines).toContainEqual(
      expect.objectContaining({ legacyIndexId: "old-index", msg: expect.stringMatching(/lacks pegasus1\.2/) }),
    );
    // Checked once: afterwards the new key answers without asking the API.
    api.models = async () => {
      throw new Error("should not be asked again");
    };
    expect(await ensure(api, store)).toBe("new-1");
  });

  it("keeps a stored index that already has Pegasus 1.2", async () => {
    const api = fakeApi({ "old-index": ["marengo3.0", "pegasus1.2"] });
    const store = memoryStore({ [KEYS.legacy]: "old-index" });
    expect(await ensure(api, store)).toBe("old-index");
    expect(api.created).toEqual([]);
    expect(store.values.get(KEYS.current)).toBe("old-index");
  });

  it("uses the index another worker stored first", async () => {
    const api = fakeApi();
    const store = memoryStore();
    const put = store.putSettingIfAbsent;
    store.putSettingIfAbsent = async (key, value) => {
      await put(key, "winner-index");
      return put(key, value);
    };
    const { logger, lines } = capturingLogger();
    expect(await ensure(api, store, logger)).toBe("winner-index");
    expect(lines.map((l) => l.msg)).toContain("another worker created the index first");
  });
});
