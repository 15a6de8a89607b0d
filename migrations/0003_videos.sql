-- Videos: direct-to-storage upload sessions, duplicate-content links, and the
-- analysis columns the pipeline writes and the results endpoint reads.

-- A direct upload (presigned PUT or multipart) that the client has started but
-- not yet completed. Its id becomes the video's id, so the storage key is known
-- from the start (users/{userId}/videos/{id}/original).
create table video_uploads (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  storage_key text not null,
  title text not null default '',
  original_filename text not null default '',
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  -- Set for multipart uploads: the storage's upload id and the part size the client must use.
  multipart_upload_id text,
  part_size_bytes bigint check (part_size_bytes is null or part_size_bytes > 0),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index video_uploads_user_idx on video_uploads (user_id, created_at desc);
create index video_uploads_expires_idx on video_uploads (expires_at);

-- Same user, same content hash: the new video points at the analysis that
-- already exists instead of paying for a second one. Null for videos analysed
-- on their own (their analysis has analyses.video_id = videos.id).
alter table videos add column analysis_id uuid references analyses (id) on delete set null;
create index videos_analysis_idx on videos (analysis_id) where analysis_id is not null;
alter table videos add column upload_mode text not null default 'stream' check (upload_mode in ('stream', 'direct'));

-- What the pipeline produces, kept whole so that results and re-scoring need no provider call.
alter table analyses add column duration_seconds double precision check (duration_seconds is null or duration_seconds >= 0);
alter table analyses add column heatmap jsonb;
alter table analyses add column report jsonb;
alter table analyses add column transcript jsonb;
alter table analyses add column visual_timeline jsonb;
alter table analyses add column audio_features jsonb;
alter table analyses add column raw_events jsonb;
-- Which thresholds and providers turned raw events into flags and the score.
alter table analyses add column thresholds_version text;
alter table analyses add column providers jsonb;
alter table analyses add column updated_at timestamptz not null default now();

-- A metric's target band and verdict (shared ZMetric.band / ZMetric.rating).
alter table analysis_metrics add column band_low double precision;
alter table analysis_metrics add column band_high double precision;
alter table analysis_metrics add column rating text check (rating is null or rating in ('good', 'fair', 'needs-work'));
