-- Stage outputs of the analysis pipeline (transcript, visual timeline, audio features,
-- coaching report…), kept so that a retried job skips the stages it already finished.
create table analysis_artifacts (
  video_id uuid not null references videos (id) on delete cascade,
  stage text not null,
  provider text not null,
  data jsonb not null,
  created_at timestamptz not null default now(),
  primary key (video_id, stage, provider)
);
