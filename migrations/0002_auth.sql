-- Accounts and access: refresh-token families (rotation + reuse detection),
-- accounts linked through OAuth/OIDC sign-in, and the shared rate-limit counters.
-- Forward-only; never edit this file.

-- One sign-in = one family. Every refresh rotates the token inside its family;
-- presenting a token that was already rotated revokes the whole family.
create table refresh_token_families (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  -- 'cookie' (browser) or 'bearer' (API client): decides how a refresh answers.
  client_mode text not null check (client_mode in ('cookie', 'bearer')),
  created_at timestamptz not null default now(),
  -- A family never outlives this, however often it is refreshed.
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason in ('logout', 'reuse', 'password_change', 'account_deleted'))
);
create index refresh_token_families_user_idx on refresh_token_families (user_id);

create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null references refresh_token_families (id) on delete cascade,
  -- SHA-256 (hex) of the opaque token; the token itself is never stored.
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Set when this token was exchanged for its successor.
  rotated_at timestamptz
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

-- An identity at an OAuth/OIDC provider, linked to one of our users.
create table oauth_accounts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  provider text not null,
  provider_account_id text not null,
  email text,
  created_at timestamptz not null default now(),
  unique (provider, provider_account_id)
);
create index oauth_accounts_user_idx on oauth_accounts (user_id);

-- Fixed-window counters shared by every API instance (key = bucket + subject).
create table rate_limits (
  key text primary key,
  points integer not null,
  expires_at timestamptz not null
);
create index rate_limits_expires_idx on rate_limits (expires_at);
