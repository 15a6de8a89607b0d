-- A presenter's prepared script (issue 14): one per video, the user's own data (it goes with the
-- video and with the account, by cascade). Its sha256 keys the script-guided speech cache and
-- tells whether an earlier analysis of the same content was made with the same script.
create table video_scripts (
  video_id uuid primary key references videos (id) on delete cascade,
  text text not null check (length(text) > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A direct upload's script waits with its upload session until the upload is completed.
alter table video_uploads add column script text;

-- How the delivered talk followed the script (shared ZScriptAdherence); null without a script.
alter table analyses add column script_adherence jsonb;
