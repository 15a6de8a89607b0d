-- The score tiers' lower bounds become a setting stored beside the thresholds and the bands
-- (issue 17): `coherence thresholds set-tier TIER MIN`, then re-score. "Needs Work" is every
-- score below Developing's bound. The seed equals DEFAULT_TIER_BOUNDS (a test keeps them equal).
create table score_tier_bounds (
  tier text primary key check (tier in ('Compelling', 'Proficient', 'Developing')),
  min_score double precision not null check (min_score > 0 and min_score <= 100),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null
);

insert into score_tier_bounds (tier, min_score) values
  ('Compelling', 85),
  ('Proficient', 70),
  ('Developing', 50);
