-- Cloud providers (Deepgram, TwelveLabs, Gemini): what each call cost, caches that make
-- a second run free, the TwelveLabs query set (editable without a deploy) and provider
-- experiments. Forward-only; never edit this file once applied.

-- One row per billable provider operation. video_id is known from the first call;
-- analysis_id is filled in when the analysis row exists (linkUsageToAnalysis).
create table provider_usage (
  id uuid primary key default gen_random_uuid(),
  provider text not null,
  operation text not null,
  units double precision not null default 0 check (units >= 0),
  unit_kind text not null,
  cost_usd numeric(14, 6) not null default 0 check (cost_usd >= 0),
  latency_ms integer not null default 0 check (latency_ms >= 0),
  cached boolean not null default false,
  succeeded boolean not null default true,
  error_kind text,
  video_id uuid references videos (id) on delete set null,
  analysis_id uuid references analyses (id) on delete set null,
  created_at timestamptz not null default now()
);
create index provider_usage_video_idx on provider_usage (video_id);
create index provider_usage_analysis_idx on provider_usage (analysis_id);
create index provider_usage_created_idx on provider_usage (created_at, provider);

-- Provider responses by request fingerprint (sha256 of provider, operation, input hash, options).
create table provider_response_cache (
  fingerprint text primary key,
  provider text not null,
  operation text not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index provider_response_cache_expires_idx on provider_response_cache (expires_at);

-- Transcripts by audio content hash, provider and the options that change the result.
create table transcription_memo (
  audio_hash text not null,
  provider text not null,
  options_hash text not null,
  transcript jsonb not null,
  created_at timestamptz not null default now(),
  primary key (audio_hash, provider, options_hash)
);

-- Small provider state, e.g. the TwelveLabs index id created on first use.
create table provider_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- TwelveLabs search queries per dissonance type. Search returns a rank, not a score:
-- confidence runs linearly from confidence_top (rank 1) to confidence_floor (the last
-- kept rank, at most max_rank); ranks beyond max_rank are ignored.
create table twelvelabs_queries (
  id uuid primary key default gen_random_uuid(),
  dissonance_type text not null,
  query_text text not null check (length(query_text) between 3 and 500),
  search_options text[] not null default '{visual,audio}',
  confidence_top double precision not null default 0.85 check (confidence_top between 0 and 1),
  confidence_floor double precision not null default 0.35 check (confidence_floor between 0 and 1),
  max_rank integer not null default 5 check (max_rank between 1 and 50),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (confidence_floor <= confidence_top),
  unique (dissonance_type, query_text)
);

insert into twelvelabs_queries (dissonance_type, query_text, search_options, confidence_top, confidence_floor, max_rank) values
  ('NERVOUS_FIDGETING', 'nervous fidgeting near podium while speaking', '{visual}', 0.85, 0.35, 5),
  ('NERVOUS_FIDGETING', 'presenter wringing hands or touching face repeatedly while talking', '{visual}', 0.8, 0.3, 5),
  ('NERVOUS_FIDGETING', 'presenter shifting weight and swaying from foot to foot', '{visual}', 0.75, 0.3, 4),
  ('GAZE_AVOIDANCE', 'presenter looking away from camera while talking', '{visual}', 0.85, 0.35, 5),
  ('GAZE_AVOIDANCE', 'speaker reading from notes or a screen instead of facing the audience', '{visual}', 0.8, 0.3, 5),
  ('GAZE_AVOIDANCE', 'speaker looking down at the floor while making a point', '{visual}', 0.75, 0.3, 4),
  ('EMOTIONAL_MISMATCH', 'speaker smiling while describing bad news or a problem', '{visual,audio}', 0.8, 0.3, 4),
  ('EMOTIONAL_MISMATCH', 'flat expressionless face while saying they are excited', '{visual,audio}', 0.8, 0.3, 4),
  ('CONFIDENCE_MISMATCH', 'hesitant closed posture with crossed arms while making a confident claim', '{visual,audio}', 0.8, 0.3, 4),
  ('CONFIDENCE_MISMATCH', 'speaker shrugging or shaking head while saying yes or we will', '{visual}', 0.75, 0.3, 4),
  ('MONOTONE_EMPHASIS', 'speaker saying this is important in a flat monotone voice without gesture', '{audio,visual}', 0.7, 0.3, 4),
  ('DEICTIC_MISMATCH', 'speaker says look at this or over here without pointing or gesturing', '{visual,transcription}', 0.75, 0.3, 4),
  ('PACE_MISMATCH', 'speaker rushing through an important slide while talking very fast', '{audio,visual}', 0.7, 0.3, 4);

-- "N% of new analyses use provider X for <stage>". Sticky per user by hash of (key, user).
create table experiments (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
  stage text not null check (stage in ('transcribe', 'visuals', 'coach')),
  control_provider text not null,
  treatment_provider text not null,
  treatment_percent double precision not null check (treatment_percent between 0 and 100),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table experiment_assignments (
  experiment_id uuid not null references experiments (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  arm text not null check (arm in ('control', 'treatment')),
  source text not null check (source in ('hash', 'admin')),
  assigned_at timestamptz not null default now(),
  primary key (experiment_id, user_id)
);

-- The arm each analysis ran under, so arms can be compared on cost, latency, score and errors.
create table analysis_experiment_arms (
  video_id uuid not null references videos (id) on delete cascade,
  experiment_id uuid not null references experiments (id) on delete cascade,
  arm text not null check (arm in ('control', 'treatment')),
  provider text not null,
  created_at timestamptz not null default now(),
  primary key (video_id, experiment_id)
);
create index analysis_experiment_arms_experiment_idx on analysis_experiment_arms (experiment_id, arm);
