// EXPLAIN ANALYZE of the queries behind the load mix, on a database seeded like the load
// test's (1000 users × 8 analysed talks). Usage: pnpm tsx bench/load/explain.ts [--users 1000] [--videos 8]
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate, startEmbeddedPostgres } from "@coherence/core";
import pg from "pg";
import { seedUsers } from "./seed";

const { values: args } = parseArgs({
  options: { users: { type: "string", default: "1000" }, videos: { type: "string", default: "8" } },
});
const dataDir = join(resolve(import.meta.dirname, "../.."), ".data", `explain-postgres-${process.pid}`);
rmSync(dataDir, { recursive: true, force: true });
const pgHandle = await startEmbeddedPostgres({ dataDir, persistent: false });
try {
  const url = await ensureDatabase(pgHandle.url, "coherence_explain");
  await migrate({ url });
  const users = await seedUsers(url, { users: Number(args.users), videosPerUser: Number(args.videos) });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const user = users[Math.floor(users.length / 2)]!;
  const videoId = user.videoIds[0]!;
  const {
    rows: [analysis],
  } = await client.query<{ id: string }>("select id from analyses where video_id = $1", [videoId]);
  // The statements the procedures send (see the routers), with this user's ids.
  const queries: [name: string, text: string, values: unknown[]][] = [
    ["session: account lookup", "select * from users where id = $1", [user.id]],
    [
      "list videos (page of 20 with scores)",
      `select *, (select a.coherence_score from analyses a where a.video_id = videos.id or a.id = videos.analysis_id limit 1),
              (select a.score_tier from analyses a where a.video_id = videos.id or a.id = videos.analysis_id limit 1)
       from videos where user_id = $1 order by created_at desc, id desc limit 21`,
      [user.id],
    ],
    ["status / detail: owned video", "select * from videos where id = $1 and user_id = $2", [videoId, user.id]],
    [
      "results: version (ETag, cache)",
      `select v.status, v.updated_at, a.id, a.updated_at from videos v
       left join analyses a on a.id = v.analysis_id or (v.analysis_id is null and a.video_id = v.id)
       where v.id = $1 and v.user_id = $2`,
      [videoId, user.id],
    ],
    [
      "analytics: version (ETag, cache)",
      `select count(*), count(*) filter (where v.status = 'complete'), count(*) filter (where v.status in ('queued', 'processing')),
              max(v.updated_at), max(a.updated_at)
       from videos v left join analyses a on a.video_id = v.id where v.user_id = $1`,
      [user.id],
    ],
    ["results: analysis", "select * from analyses where video_id = $1", [videoId]],
    ["results: metrics", "select * from analysis_metrics where analysis_id = $1 order by name", [analysis!.id]],
    [
      "results: flags",
      "select * from dissonance_flags where analysis_id = $1 order by start_seconds, id",
      [analysis!.id],
    ],
    [
      "analytics: talks",
      `select v.id, a.id from videos v join analyses a on a.video_id = v.id
       where v.user_id = $1 and v.status = 'complete' order by v.created_at, v.id`,
      [user.id],
    ],
    [
      "analytics: flag counts",
      "select analysis_id, count(*) from dissonance_flags where analysis_id = any($1::uuid[]) group by analysis_id",
      [[analysis!.id]],
    ],
  ];
  for (const [name, text, values] of queries) {
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${text}`, values);
    console.log(`\n--- ${name}\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  }
  await client.end();
} finally {
  await pgHandle.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
