import { z } from "zod";
import { FakeHttpServer, type FakeReply } from "./fake-server";

export const TL = {
  indexes: /^\/indexes$/,
  assets: /^\/assets$/,
  asset: /^\/assets\/([^/]+)$/,
  indexedAssets: /^\/indexes\/([^/]+)\/indexed-assets$/,
  indexedAsset: /^\/indexes\/([^/]+)\/indexed-assets\/([^/]+)$/,
  search: /^\/search$/,
  analyze: /^\/analyze$/,
  index: /^\/indexes\/([^/]+)$/,
};

export type FakeTwelveLabsOptions = {
  /** Status sequence returned by successive indexed-asset polls; the last repeats. */
  indexingStatuses?: string[];
  /** Indexes that exist before the test, e.g. a Marengo-only one made by older code. */
  existingIndexes?: { id: string; name: string; models: string[] }[];
};

/** A 400 the way the v1.3 API words one. */
const badRequest = (message: string): FakeReply => ({ status: 400, json: { code: "parameter_invalid", message } });

/**
 * The synchronous analyze body for Pegasus 1.2 as the API documents it (snake_case): the
 * indexed video by `video_id`, a text prompt, a JSON-schema response format and max_tokens
 * in 2–4096. Strict, so a Pegasus 1.5 shape (`video`, `prompt_v2`, clipping) is refused.
 */
const ZPegasus12AnalyzeBody = z.strictObject({
  model_name: z.literal("pegasus1.2"),
  video_id: z.string().min(1),
  prompt: z.string().min(1),
  temperature: z.number().min(0).max(1).optional(),
  response_format: z.strictObject({ type: z.literal("json_schema"), json_schema: z.record(z.string(), z.unknown()) }),
  max_tokens: z.number().int().min(2).max(4096),
  stream: z.literal(false).optional(),
});

const ZCreateIndexBody = z.object({
  index_name: z.string().min(1),
  models: z
    .array(
      z.object({
        model_name: z.enum(["marengo3.0", "pegasus1.2"]),
        model_options: z.array(z.enum(["visual", "audio"])).min(1),
      }),
    )
    .min(1),
});

function parseBody<T>(schema: z.ZodType<T>, body: Buffer): { ok: true; value: T } | { ok: false; reply: FakeReply } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString());
  } catch {
    return { ok: false, reply: badRequest("The request body is not valid JSON.") };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reply: badRequest(`${issue?.path.join(".") || "body"}: ${issue?.message}`) };
}

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
 * A fake TwelveLabs v1.3 API: index creation and retrieval (with their models), direct
 * asset upload, indexing with a scripted status sequence, search that returns ranked clips
 * (one from another video to prove filtering) and a synchronous Pegasus 1.2 analyze that
 * checks the documented request shape (400 otherwise) and answers Pegasus-style JSON text.
 */
export async function startFakeTwelveLabs(
  opts: FakeTwelveLabsOptions = {},
): Promise<FakeHttpServer & { pollCount: () => number }> {
  let indexCount = 0;
  let assetCount = 0;
  let polls = 0;
  const statuses = opts.indexingStatuses ?? ["pending", "indexing", "ready"];
  const indexes = new Map((opts.existingIndexes ?? []).map((i) => [i.id, { name: i.name, models: i.models }]));
  /** Indexed video id → the index it was indexed in. */
  const videos = new Map<string, string>();
  const server = new FakeHttpServer()
    .on("POST", TL.indexes, (req) => {
      const body = parseBody(ZCreateIndexBody, req.body);
      if (!body.ok) return body.reply;
      const name = body.value.index_name;
      // Refusing a duplicate name (the stricter reading of the API) keeps the provider from relying on it.
      if ([...indexes.values()].some((i) => i.name === name)) {
        return {
          status: 409,
          json: { code: "index_name_already_exists", message: `Index name ${name} already exists.` },
        };
      }
      const id = `index-${++indexCount}`;
      indexes.set(id, { name, models: body.value.models.map((m) => m.model_name) });
      return { status: 201, json: { _id: id } };
    })
    .on("GET", TL.index, (_req, m) => {
      const index = indexes.get(m[1]!);
      if (!index) return { status: 404, json: { code: "resource_not_exists", message: "Index not found." } };
      return {
        status: 200,
        json: {
          _id: m[1],
          index_name: index.name,
          models: index.models.map((model_name) => ({ model_name, model_options: ["visual", "audio"] })),
        },
      };
    })
    .on("POST", TL.assets, (req) =>
      req.headers["x-api-key"] === "good-key"
        ? {
            status: 201,
            json: { _id: `asset-${++assetCount}`, method: "direct", status: "processing", filename: "talk.mp4" },
          }
        : { status: 401, json: { code: "api_key_invalid", message: "The API key is invalid." } },
    )
    .on("GET", TL.asset, (_req, m) => ({ status: 200, json: { _id: m[1], method: "direct", status: "ready" } }))
    .on("POST", TL.indexedAssets, (req, m) => {
      if (!indexes.has(m[1]!))
        return { status: 404, json: { code: "resource_not_exists", message: "Index not found." } };
      const body = JSON.parse(req.body.toString());
      const videoId = `video-of-${body.asset_id}`;
      videos.set(videoId, m[1]!);
      return { status: 202, json: { _id: videoId, asset_id: body.asset_id } };
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
    .on("POST", TL.analyze, (req) => {
      const body = parseBody(ZPegasus12AnalyzeBody, req.body);
      if (!body.ok) return body.reply;
      const indexId = videos.get(body.value.video_id);
      if (!indexId) return badRequest(`video_id: ${body.value.video_id} is not an indexed video.`);
      // Pegasus can only analyse a video indexed by an index that has Pegasus enabled.
      if (!indexes.get(indexId)?.models.includes("pegasus1.2")) {
        return badRequest(`video_id: index ${indexId} does not have pegasus1.2 enabled.`);
      }
      return {
        status: 200,
        json: {
          id: "gen-1",
          data: JSON.stringify(pegasusAnswer()),
          finish_reason: "stop",
          usage: { input_tokens: 1500, output_tokens: 180 },
        },
      };
    });
  await server.start();
  return Object.assign(server, { pollCount: () => polls });
}
