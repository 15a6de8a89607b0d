// Seeds the load test's database: users with a realistic history of analysed talks.
import { DISSONANCE_TYPES } from "@coherence/shared";
import pg from "pg";

export type SeededUser = { id: string; videoIds: string[] };

const WORDS = "so today I want to walk you through our plan for the next quarter and why it matters".split(" ");

/** One analysis as the pipeline writes it for a three-minute talk: full transcript, heatmap, report. */
function analysisTemplate(durationSeconds: number) {
  const words = Array.from({ length: Math.round(durationSeconds * 2.4) }, (_, i) => ({
    word: WORDS[i % WORDS.length]!,
    start: i / 2.4,
    end: i / 2.4 + 0.35,
    confidence: 0.9,
  }));
  const item = (title: string) => ({
    title,
    detail: `${title}: what the analysis saw, and one concrete thing to practise before the next talk.`,
    timestamps: [12.5, 61, 140],
    drill: "Record one minute, watch it back without sound, then with sound only.",
    basis: ["speaking_rate", "GAZE_AVOIDANCE"],
  });
  return {
    heatmap: { binSeconds: 1, bins: Array.from({ length: durationSeconds }, (_, i) => ((i * 37) % 100) / 100) },
    report: {
      provider: "rules",
      summary: "A clear talk with steady pace; the key claim lost eye contact.",
      strengths: [item("Steady pace"), item("Clear structure"), item("Varied pitch")],
      improvements: [item("Eye contact on the key claim"), item("Fewer fillers"), item("Pause after questions")],
    },
    transcript: {
      provider: "pocketsphinx",
      language: "en",
      durationSeconds,
      text: words.map((w) => w.word).join(" "),
      words,
    },
  };
}

const METRICS: [name: string, value: number, unit: string][] = [
  ["wpm", 142, "wpm"],
  ["filler_density", 0.031, "ratio"],
  ["eye_contact", 0.72, "ratio"],
  ["pitch_variation", 3.1, "semitones"],
  ["pause_count", 14, "count"],
  ["words_spoken", 430, "words"],
  ["energy_variation", 0.4, "ratio"],
  ["gesture_rate", 5.2, "per_minute"],
  ["smile_share", 0.18, "ratio"],
  ["fidget_share", 0.07, "ratio"],
  ["longest_pause", 2.1, "s"],
  ["volume_db", -18, "dB"],
];

/**
 * `users` users, each with `videosPerUser` complete videos (created over the past weeks)
 * whose analyses carry 12 metrics and 5 flags: what list, results and analytics read
 * for a user with a real history. All inserts run inside Postgres (generate_series).
 */
export async function seedUsers(url: string, opts: { users: number; videosPerUser: number }): Promise<SeededUser[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t = analysisTemplate(180);
    await client.query("begin");
    await client.query(
      `insert into users (email, name) select 'load-' || g || '@bench.invalid', 'Load ' || g from generate_series(1, $1::int) g`,
      [opts.users],
    );
    await client.query(
      `insert into videos (user_id, title, status, stage, progress, size_bytes, duration_seconds, content_type, created_at)
       select u.id, 'Talk ' || n, 'complete', 'complete', 100, 48000000, 180, 'video/mp4', now() - make_interval(days => n * 3)
       from users u cross join generate_series(1, $1::int) n`,
      [opts.videosPerUser],
    );
    await client.query(
      `insert into analyses (video_id, coherence_score, score_tier, duration_seconds, heatmap, report, transcript, thresholds_version)
       select v.id, 60 + (abs(hashtext(v.id::text)) % 35), 'Proficient', 180, $1::jsonb, $2::jsonb, $3::jsonb, 'bench'
       from videos v`,
      [JSON.stringify(t.heatmap), JSON.stringify(t.report), JSON.stringify(t.transcript)],
    );
    await client.query(
      `insert into analysis_metrics (analysis_id, name, value, unit)
       select a.id, m.name, m.value, m.unit from analyses a
       cross join unnest($1::text[], $2::float8[], $3::text[]) as m(name, value, unit)`,
      [METRICS.map((m) => m[0]), METRICS.map((m) => m[1]), METRICS.map((m) => m[2])],
    );
    await client.query(
      `insert into dissonance_flags (analysis_id, type, start_seconds, end_seconds, severity, confidence, evidence, tip)
       select a.id, ($1::text[])[1 + (f % array_length($1::text[], 1))], f * 30, f * 30 + 4, 0.6, 0.7,
              '{"quote":"our customers need this now","observation":"looked away from the camera","provider":"human"}'::jsonb,
              'Hold eye contact through the key claim.'
       from analyses a cross join generate_series(1, 5) f`,
      [DISSONANCE_TYPES],
    );
    await client.query("commit");
    await client.query("analyze");
    const { rows } = await client.query<{ id: string; video_ids: string[] }>(
      "select u.id, array_agg(v.id::text order by v.created_at desc) as video_ids from users u join videos v on v.user_id = u.id group by u.id",
    );
    return rows.map((r) => ({ id: r.id, videoIds: r.video_ids }));
  } finally {
    await client.end();
  }
}
