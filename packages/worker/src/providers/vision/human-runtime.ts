import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AppError } from "@coherence/shared";
import type { io } from "@tensorflow/tfjs-core";
import type { Config, Human, Result } from "@vladmandic/human";

// @vladmandic/human in Node without tfjs-node: its `human.node-wasm.js` build
// runs on @tensorflow/tfjs-backend-wasm. The models ship in the package's
// `models/` folder; tfjs has no file:// loader outside tfjs-node, so a tfjs IO
// router below reads model.json and the weight shards from disk.

const require = createRequire(import.meta.url);

/** The models this provider runs; each `<name>.json` (+ weight shards) must be in the models folder. */
export const HUMAN_MODEL_FILES = {
  faceDetector: "blazeface.json",
  faceMesh: "facemesh.json",
  iris: "iris.json",
  emotion: "emotion.json",
  body: "movenet-lightning.json",
  handDetector: "handtrack.json",
  handSkeleton: "handlandmark-lite.json",
} as const;

function humanPackageDir(): string {
  // The package's `exports` hides package.json and the wasm build; resolve the main entry and go up.
  return dirname(dirname(require.resolve("@vladmandic/human")));
}

/** The models folder inside the installed @vladmandic/human package. */
export function defaultHumanModelsPath(): string {
  return join(humanPackageDir(), "models");
}

/** Folder holding tfjs-backend-wasm's .wasm binaries, with a trailing slash as tfjs expects. */
function wasmBinariesDir(): string {
  const dir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  const withWasm = existsSync(join(dir, "tfjs-backend-wasm-simd.wasm")) ? dir : join(dir, "..");
  return `${withWasm}/`;
}

/**
 * Checks that every model the provider needs is present, so that a bad
 * HUMAN_MODELS_PATH fails with a clear message (Human itself only logs load errors).
 */
export function assertHumanModels(modelsPath: string): void {
  const dir = resolve(modelsPath);
  if (!existsSync(dir)) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      `The vision models folder ${dir} does not exist. Set HUMAN_MODELS_PATH to the models folder of @vladmandic/human (or unset it to use the one installed with the worker).`,
      { retryable: false },
    );
  }
  for (const file of Object.values(HUMAN_MODEL_FILES)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        `The vision model ${file} is missing from ${dir}. Point HUMAN_MODELS_PATH at a complete copy of @vladmandic/human's models folder.`,
        { retryable: false },
      );
    }
    const manifest = JSON.parse(readFileSync(path, "utf8")) as io.ModelJSON;
    for (const group of manifest.weightsManifest ?? []) {
      for (const shard of group.paths) {
        if (!existsSync(join(dir, shard))) {
          throw new AppError(
            "SERVICE_UNAVAILABLE",
            `The weights ${shard} of vision model ${file} are missing from ${dir}. Reinstall @vladmandic/human or fix HUMAN_MODELS_PATH.`,
            { retryable: false },
          );
        }
      }
    }
  }
}

type Tf = Human["tf"];
const routedTfs = new WeakSet<object>();

/** Registers (once per tfjs instance) a load handler for file:// model URLs. */
function registerFileRouter(tf: Tf): void {
  if (routedTfs.has(tf)) return;
  routedTfs.add(tf);
  const tfio = tf.io as typeof io;
  // tfjs's IORouter type omits the documented `null` for "not mine".
  const router = (url: string | string[]): io.IOHandler | null => {
    if (typeof url !== "string" || !url.startsWith("file://")) return null;
    return {
      load: async () => {
        const modelPath = fileURLToPath(url);
        const modelJSON = JSON.parse(await readFile(modelPath, "utf8")) as io.ModelJSON;
        return tfio.getModelArtifactsForJSON(modelJSON, async (manifest) => {
          const specs: io.WeightsManifestEntry[] = [];
          const buffers: Buffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const shard of group.paths) buffers.push(await readFile(join(dirname(modelPath), shard)));
          }
          const all = Buffer.concat(buffers);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
        });
      },
    };
  };
  tfio.registerLoadRouter(router as (url: string | string[]) => io.IOHandler);
}

/** Human configuration for offline video: every frame is analysed on its own (no wall-clock caching). */
export function baseHumanConfig(modelsPath: string): Partial<Config> {
  return {
    backend: "wasm",
    wasmPath: wasmBinariesDir(),
    modelBasePath: `${pathToFileURL(resolve(modelsPath)).href}/`,
    debug: false,
    async: true,
    warmup: "none",
    cacheModels: false,
    // Human's result caching is wall-clock based (skipTime), meaningless for sampled video. Every module
    // below runs on every frame (skipFrames 0, or toggled per call by the provider) except the face
    // detector, which the provider may let Human skip by frame count: the face mesh then tracks the face
    // from the previous frame's box. cacheSensitivity is set per call (0 = never skip).
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: { enabled: true },
    face: {
      enabled: true,
      detector: {
        rotation: false,
        maxDetected: 1,
        minConfidence: 0.3,
        return: false,
        skipFrames: 0,
        skipTime: Number.MAX_SAFE_INTEGER,
      },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      // minConfidence 0 keeps all seven emotions so the distribution is complete.
      emotion: { enabled: true, minConfidence: 0, skipFrames: 0, skipTime: 0 },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: true, maxDetected: 1, minConfidence: 0.2, skipFrames: 0, skipTime: 0 },
    hand: {
      enabled: true,
      maxDetected: 2,
      minConfidence: 0.5,
      landmarks: true,
      rotation: true,
      skipFrames: 0,
      skipTime: 0,
    },
    object: { enabled: false },
    segmentation: { enabled: false },
  };
}

/**
 * The frame's bytes as float32, the dtype Human's models take. Handing tfjs an int32
 * tensor instead costs about 10 ms per 640-px frame: `new Int32Array(buffer)` on a
 * Node Buffer takes V8's slow element-by-element path, then Human casts the tensor
 * to float32 anyway. `Float32Array#set` from a typed array is a fast bulk convert.
 */
export function rgbToFloat32(data: Uint8Array): Float32Array {
  const out = new Float32Array(data.length);
  out.set(data);
  return out;
}

/** A loaded Human instance; `detect` calls are serialised because Human keeps per-instance state. */
export type HumanEngine = {
  human: Human;
  modelsPath: string;
  detect(opts: { data: Uint8Array; width: number; height: number; overrides?: Partial<Config> }): Promise<Result>;
};

const engines = new Map<string, Promise<HumanEngine>>();

/**
 * Loads Human on the wasm backend with the models from `modelsPath` (checked
 * first). One engine per models folder per process; later calls reuse it.
 */
export function loadHumanEngine(opts: { modelsPath?: string } = {}): Promise<HumanEngine> {
  const modelsPath = resolve(opts.modelsPath ?? defaultHumanModelsPath());
  assertHumanModels(modelsPath);
  let engine = engines.get(modelsPath);
  if (!engine) {
    engine = createEngine(modelsPath);
    engines.set(modelsPath, engine);
    engine.catch(() => engines.delete(modelsPath));
  }
  return engine;
}

async function createEngine(modelsPath: string): Promise<HumanEngine> {
  const { Human: HumanClass } = require(join(humanPackageDir(), "dist", "human.node-wasm.js")) as {
    Human: new (config?: Partial<Config>) => Human;
  };
  const human = new HumanClass(baseHumanConfig(modelsPath));
  registerFileRouter(human.tf);
  await human.load();
  const missing = Object.keys(HUMAN_MODEL_FILES).length - human.models.loaded().length;
  if (missing > 0 || human.tf.getBackend() !== "wasm") {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      `The vision engine could not start (backend ${human.tf.getBackend() || "none"}, ${human.models.loaded().length} models loaded from ${modelsPath}). Check HUMAN_MODELS_PATH and that @tensorflow/tfjs-backend-wasm is installed.`,
      { retryable: false },
    );
  }
  let queue: Promise<unknown> = Promise.resolve();
  const detect: HumanEngine["detect"] = ({ data, width, height, overrides }) => {
    const run = async () => {
      const input = human.tf.tensor3d(rgbToFloat32(data), [height, width, 3], "float32");
      try {
        return await human.detect(input, overrides);
      } finally {
        human.tf.dispose(input);
      }
    };
    const next = queue.then(run, run);
    queue = next.catch(() => {});
    return next;
  };
  return { human, modelsPath, detect };
}
