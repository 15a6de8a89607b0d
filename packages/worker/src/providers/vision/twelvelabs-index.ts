import type { Logger } from "@coherence/core";
import type { TwelveLabsStore } from "./twelvelabs-store";

/** Marengo 3.0 answers the search queries; Pegasus 1.2 answers analyze on the same indexed video. */
export const PEGASUS_MODEL = "pegasus1.2";
export const INDEX_MODELS = [
  { modelName: "marengo3.0", modelOptions: ["visual", "audio"] },
  { modelName: PEGASUS_MODEL, modelOptions: ["visual", "audio"] },
];

/** The index calls the provider makes, so that the choice of index can be tested without HTTP. */
export type TwelveLabsIndexApi = {
  /** Creates an index with INDEX_MODELS and returns its id. */
  create(indexName: string): Promise<string>;
  /** The model names an existing index was created with; empty when the index no longer exists. */
  models(indexId: string): Promise<string[]>;
};

/**
 * Settings keys. Code before Pegasus 1.2 stored a Marengo-only index under `legacy`; an
 * index's models are fixed at creation, so the index used now lives under its own key.
 */
export function twelveLabsIndexKeys(opts: { endpoint: string; indexName: string }) {
  const legacy = `twelvelabs.index:${opts.endpoint}:${opts.indexName}`;
  return { legacy, current: `${legacy}:${PEGASUS_MODEL}` };
}

/**
 * Returns the id of an index with Marengo 3.0 and Pegasus 1.2, creating it on first use.
 * A stored index from before Pegasus 1.2 is checked once: reused if it has Pegasus 1.2,
 * else replaced by a new index under a distinct name (the old one still holds the
 * configured name, which the API may refuse to reuse). Concurrent workers agree on
 * one id through putSettingIfAbsent.
 */
export async function ensurePegasusIndex(opts: {
  api: TwelveLabsIndexApi;
  store: TwelveLabsStore;
  endpoint: string;
  indexName: string;
  logger: Logger;
}): Promise<string> {
  const keys = twelveLabsIndexKeys(opts);
  const stored = await opts.store.getSetting(keys.current);
  if (typeof stored === "string") return stored;

  let indexName = opts.indexName;
  const legacy = await opts.store.getSetting(keys.legacy);
  if (typeof legacy === "string") {
    const models = await opts.api.models(legacy);
    if (models.includes(PEGASUS_MODEL)) return String(await opts.store.putSettingIfAbsent(keys.current, legacy));
    opts.logger.warn(
      { legacyIndexId: legacy, legacyModels: models },
      `stored twelvelabs index lacks ${PEGASUS_MODEL}; creating a new index (models cannot be added to an index)`,
    );
    indexName = `${opts.indexName}-${PEGASUS_MODEL}`;
  }
  const id = await opts.api.create(indexName);
  const winner = String(await opts.store.putSettingIfAbsent(keys.current, id));
  if (winner !== id) opts.logger.warn({ orphanIndexId: id }, "another worker created the index first");
  opts.logger.info({ indexId: winner, indexName }, "twelvelabs index ready");
  return winner;
}
