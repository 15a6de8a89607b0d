-- The product spec's core model: users, their videos, one analysis per video,
-- its metrics and its dissonance flags. Later migrations add to it; never edit this file.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null default '',
  password_hash text,
  email_verified_at timestamptz,
  role text not null default 'user' check (role in ('user', 'admin')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_lower_key on users (lower(email));

create table videos (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  title text not null default '',
  original_filename text not null default '',
  content_type text not null default 'application/octet-stream',
  size_bytes bigint not null default 0 check (size_bytes >= 0),
  content_hash text,
  duration_seconds double precision,
  storage_key text,
  status text not null default 'queued' check (status in ('queued', 'processing', 'complete', 'error')),
  stage text not null default 'queued',
  progress integer not null default 0 check (progress between 0 and 100),
  error_code text,
  error_message text,
  error_retryable boolean,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index videos_user_created_idx on videos (user_id, created_at desc, id desc);
create index videos_user_status_idx on videos (user_id, status);
create index videos_user_hash_idx on videos (user_id, content_hash);

create table analyses (
  id uuid primary key default gen_random_uuid(),
  video_id uuid not null unique references videos (id) on delete cascade,
  coherence_score integer not null check (coherence_score between 0 and 100),
  score_tier text not null,
  created_at timestamptz not null default now()
);

create table analysis_metrics (
  id uuid primary key default gen_random_uuid(),
  analysis_id uuid not null references analyses (id) on delete cascade,
  name text not null,
  value double precision not null,
  unit text not null default '',
  details jsonb,
  unique (analysis_id, name)
);

create table dissonance_flags (
  id uuid primary key default gen_random_uuid(),
  analysis_id uuid not null references analyses (id) on delete cascade,
  type text not null,
  start_seconds double precision not null,
  end_seconds double precision not null check (end_seconds >= start_seconds),
  severity double precision not null check (severity between 0 and 1),
  confidence double precision not null check (confidence between 0 and 1),
  evidence jsonb not null default '{}'::jsonb,
  tip text not null default ''
);
create index dissonance_flags_analysis_idx on dissonance_flags (analysis_id, start_seconds);
