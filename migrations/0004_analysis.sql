-- Fusion: per-type thresholds that turn raw events into flags (read with a short
-- in-process cache, changed by `coherence thresholds set` or the admin API, no
-- redeploy), and what an analysis must keep so a re-score needs no provider call.

create table dissonance_thresholds (
  type text primary key check (type in (
    'EMOTIONAL_MISMATCH', 'GAZE_AVOIDANCE', 'NERVOUS_FIDGETING', 'CONFIDENCE_MISMATCH',
    'MONOTONE_EMPHASIS', 'DEICTIC_MISMATCH', 'PACE_MISMATCH'
  )),
  min_confidence double precision not null check (min_confidence between 0 and 1),
  min_severity double precision not null check (min_severity between 0 and 1),
  merge_gap_seconds double precision not null check (merge_gap_seconds between 0 and 60),
  min_duration_seconds double precision not null check (min_duration_seconds between 0 and 60),
  spike_seconds double precision not null check (spike_seconds between 0 and 60),
  spike_confidence double precision not null check (spike_confidence between 0 and 1),
  weight double precision not null check (weight between 0 and 5),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null
);

-- The defaults; packages/worker/src/fusion/thresholds.ts DEFAULT_THRESHOLDS holds the same
-- values (a test keeps them equal). EMOTIONAL_MISMATCH is stricter.
insert into dissonance_thresholds
  (type, min_confidence, min_severity, merge_gap_seconds, min_duration_seconds, spike_seconds, spike_confidence, weight)
values
  ('EMOTIONAL_MISMATCH',  0.65, 0.4, 2, 1,   1.5, 0.85, 1),
  ('GAZE_AVOIDANCE',      0.5,  0.3, 2, 0.5, 1,   0.8,  0.8),
  ('NERVOUS_FIDGETING',   0.5,  0.3, 2, 0.5, 1,   0.8,  0.7),
  ('CONFIDENCE_MISMATCH', 0.5,  0.3, 2, 0.5, 1,   0.8,  1),
  ('MONOTONE_EMPHASIS',   0.5,  0.3, 2, 0.5, 1,   0.8,  0.8),
  ('DEICTIC_MISMATCH',    0.5,  0.3, 2, 0.5, 1,   0.8,  0.6),
  ('PACE_MISMATCH',       0.5,  0.3, 4, 0.5, 1,   0.8,  0.6);

-- How the score came about, the thresholds it used, and when it was last re-scored.
-- (Raw events and the heatmap are columns added by 0003_videos.sql.)
alter table analyses
  add column score_breakdown jsonb,
  add column thresholds jsonb,
  add column rescored_at timestamptz;

-- Target (good) and tolerance (fair) bands per delivery metric; null bounds are open.
-- The seed equals DEFAULT_METRIC_BANDS in packages/worker/src/fusion/bands.ts (a test keeps them equal).
create table metric_bands (
  name text primary key,
  good_low double precision,
  good_high double precision,
  fair_low double precision,
  fair_high double precision,
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null,
  check (good_low is null or good_high is null or good_low <= good_high),
  check (fair_low is null or fair_high is null or fair_low <= fair_high)
);

insert into metric_bands (name, good_low, good_high, fair_low, fair_high) values
  ('averageWordsPerMinutePace',               100,  165,  90,   190),
  ('fillerDensity',                           null, 2,    null, 5),
  ('hedgeDensity',                            null, 1.5,  null, 3),
  ('conciseness',                             92,   null, 85,   null),
  ('nonInclusiveLanguageOccurrencesCount',    null, 0,    null, 1),
  ('incorrectCameraDistanceOccurrencesCount', null, 0,    null, 1),
  ('obstructedViewOccurrencesCount',          null, 0,    null, 1),
  ('eyeContactShare',                         70,   null, 50,   null),
  ('pitchVariation',                          2,    null, 1.2,  null),
  ('loudnessVariation',                       3,    12,   2,    15),
  ('fidgetingShare',                          null, 10,   null, 25),
  ('midClausePauseCount',                     null, 1,    null, 3);
