import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { signAccessToken } from "@coherence/core";
import type { TestApi } from "./helpers";
import { TEST_AUTH_SECRET } from "./helpers";

/** A user row and a Bearer header for it. */
export async function createUser(api: TestApi): Promise<{ id: string; auth: { authorization: string } }> {
  const id = randomUUID();
  await api.testDb.db
    .insertInto("users")
    .values({ id, email: `${id}@example.test`, name: "Test" })
    .execute();
  const token = await signAccessToken({ userId: id, role: "user" }, { secret: TEST_AUTH_SECRET });
  return { id, auth: { authorization: `Bearer ${token}` } };
}

/**
 * A multipart/form-data body built byte by byte, so tests can send what a
 * browser's FormData would escape (control characters, paths in file names).
 */
export function multipartBody(opts: {
  data: Buffer;
  filename: string;
  contentType?: string;
  fieldName?: string;
  fields?: Record<string, string>;
}): { body: Buffer; contentType: string } {
  const boundary = `----coherence${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(opts.fields ?? {})) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${opts.fieldName ?? "file"}"; filename="${opts.filename}"\r\n` +
        `Content-Type: ${opts.contentType ?? "video/mp4"}\r\n\r\n`,
    ),
    opts.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a file to the streamed upload endpoint. */
export async function uploadVideo(
  api: TestApi,
  auth: Record<string, string>,
  file: { data: Buffer; filename?: string; contentType?: string; fields?: Record<string, string> },
  path = "/api/videos/upload",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { body, contentType } = multipartBody({ filename: "talk.mp4", ...file });
  const res = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { ...auth, "content-type": contentType },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Every file under a directory, temp files included. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
