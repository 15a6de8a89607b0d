/// <reference path="./s3rver.d.ts" />
// Starts s3rver (an S3-compatible server) on loopback for integration tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { S3StorageOptions } from "./s3";

export type LocalS3 = {
  endpoint: string;
  options: S3StorageOptions;
  /** Environment variables that point the app's config at this server. */
  env: Record<string, string>;
  stop: () => Promise<void>;
};

/** An S3 server on 127.0.0.1 with one empty bucket, its data in a temp dir removed on stop. */
export async function startLocalS3(bucket = "coherence-test"): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), "coherence-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  return {
    endpoint,
    options: { bucket, region: "us-east-1", endpoint, forcePathStyle: true, credentials },
    env: {
      STORAGE_DRIVER: "s3",
      S3_BUCKET: bucket,
      S3_REGION: "us-east-1",
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
