import { FakeHttpServer } from "./fake-server";

export const TL = {
  indexes: /^\/indexes$/,
  assets: /^\/assets$/,
  asset: /^\/assets\/([^/]+)$/,
  indexedAssets: /^\/indexes\/([^/]+)\/indexed-assets$/,
  indexedAsset: /^\/indexes\/([^/]+)\/indexed-assets\/([^/]+)$/,
  search: /^\/search$/,
  analyze: /^\/analyze$/,
};

export type FakeTwelveLabsOptions = {
  /** Status sequence returned by successive indexed-asset polls; the last repeats. */
  indexingStatuses?: string[];
};

/**
 * The delivery description of a Pegasus answer, in the schema's shape. Its ranges fall in the
 * first 6 s so that they apply to the short pipeline talk as well as to a 60 s video.
 */
export function deliveryAnswer() {
  return {
    eyeContactShare: 0.8,
    fidgetingShare: 0.25,
    emotions: [
      { emotion: "neutral", share: 0.6 },
      { emotion: "happy", share: 0.3 },
      { emotion: "surprise", share: 0.1 },
    ],
    lookingAway: [{ start: 1, end: 3.5, direction: "down" }],
    cameraDistance: [{ start: 2.5, end: 5.6, distance: "too_close" }],
    faceObstructed: [],
    fidgeting: [{ start: 0.5, end: 1.5 }],
    gesturing: [{ start: 5, end: 6 }],
  };
}

/** A Pegasus answer in the JSON shape the provider's schema asks for. */
export function pegasusAnswer() {
  return {
    overall: "Confident voice, but the presenter often looks at the slides.",
    moments: [
      {
        type: "GAZE_AVOIDANCE",
        start: 10,
        end: 14,
        confidence: 0.7,
        description: "Reads the slide while stating the result.",
      },
    ],
    delivery: deliveryAnswer(),
  };
}

/**
 * A fake TwelveLabs v1.3 API: index creation, direct asset upload, indexing with a
 * scripted status sequence, search that returns ranked clips (one from another video
 * to prove filtering) and a synchronous analyze answering Pegasus-style JSON text.
 */
export async function startFakeTwelveLabs(
  opts: FakeTwelveLabsOptions = {},
): Promise<FakeHttpServer & { pollCount: () => number }> {
  let indexCount = 0;
  let assetCount = 0;
  let polls = 0;
  const statuses = opts.indexingStatuses ?? ["pending", "indexing", "ready"];
  const server = new FakeHttpServer()
    .on("POST", TL.indexes, () => ({ status: 201, json: { _id: `index-${++indexCount}` } }))
    .on("POST", TL.assets, (req) =>
      req.headers["x-api-key"] === "good-key"
        ? {
            status: 201,
            json: { _id: `asset-${++assetCount}`, method: "direct", status: "processing", filename: "talk.mp4" },
          }
        : { status: 401, json: { code: "api_key_invalid", message: "The API key is invalid." } },
    )
    .on("GET", TL.asset, (_req, m) => ({ status: 200, json: { _id: m[1], method: "direct", status: "ready" } }))
    .on("POST", TL.indexedAssets, (req) => {
      const body = JSON.parse(req.body.toString());
      return { status: 202, json: { _id: `video-of-${body.asset_id}`, asset_id: body.asset_id } };
    })
    .on("GET", TL.indexedAsset, (_req, m) => {
      const status = statuses[Math.min(polls++, statuses.length - 1)];
      return { status: 200, json: { _id: m[2], status, asset_id: "x", created_at: "2026-01-01T00:00:00Z" } };
    })
    .on("POST", TL.search, (req) => {
      const text = req.body.toString();
      const videoId = /"id":\["([^"]+)"\]/.exec(text)?.[1] ?? "unknown";
      return {
        status: 200,
        json: {
          data: [
            { video_id: videoId, rank: 1, start: 10, end: 14 },
            { video_id: "someone-elses-video", rank: 2, start: 1, end: 2 },
            { video_id: videoId, rank: 3, start: 30, end: 33 },
          ],
          page_info: { limit_per_page: 5, total_results: 3, page_expires_at: "2026-01-01T00:00:00Z" },
          search_pool: { total_count: 1, total_duration: 60, index_id: "index-1" },
        },
      };
    })
    .on("POST", TL.analyze, () => ({
      status: 200,
      json: {
        id: "gen-1",
        data: JSON.stringify(pegasusAnswer()),
        finish_reason: "stop",
        usage: { input_tokens: 1500, output_tokens: 180 },
      },
    }));
  await server.start();
  return Object.assign(server, { pollCount: () => polls });
}
