-- +goose Up
create extension if not exists pg_trgm;
create extension if not exists unaccent;
create extension if not exists btree_gist;

-- unaccent() is only STABLE; an immutable wrapper lets it be used in indexes.
create function prdesk_unaccent(text) returns text
language sql immutable parallel safe strict
as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

create table users (
    id            bigint generated always as identity primary key,
    username      text not null unique check (username ~ '^[a-z0-9._-]{2,40}$'),
    full_name     text not null check (char_length(full_name) between 1 and 200),
    email         text not null default '' check (char_length(email) <= 254),
    roles         text[] not null check (
                      cardinality(roles) between 1 and 7
                      and roles <@ array['admin','head','staff','clerk','director','management','deputy']),
    password_hash text not null,
    active        boolean not null default true,
    version       integer not null default 1,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    created_by    bigint references users (id)
);

-- scs/pgxstore's table.
create table sessions (
    token  text primary key,
    data   bytea not null,
    expiry timestamptz not null
);
create index sessions_expiry_idx on sessions (expiry);

create table login_attempts (
    id          bigint generated always as identity primary key,
    username    text not null,
    outcome     text not null check (outcome in ('success', 'failure', 'locked')),
    remote_addr text not null default '',
    created_at  timestamptz not null default now()
);
create index login_attempts_username_idx on login_attempts (username, created_at desc);

create table audit_log (
    id          bigint generated always as identity primary key,
    created_at  timestamptz not null default now(),
    actor_id    bigint references users (id),
    actor_name  text not null,
    entity      text not null,
    entity_id   text not null,
    action      text not null,
    summary     text not null,
    details     jsonb
);
create index audit_log_actor_idx on audit_log (actor_id, id desc);
create index audit_log_entity_idx on audit_log (entity, id desc);
create index audit_log_created_idx on audit_log (created_at, id);

-- The working-day calendar: only the exceptions to "Monday to Friday".
create table calendar_days (
    id          bigint generated always as identity primary key,
    day         date not null unique,
    kind        text not null check (kind in ('holiday', 'moved_day_off', 'moved_working_day')),
    name_lv     text not null check (char_length(name_lv) between 1 and 200),
    name_en     text not null default '' check (char_length(name_en) <= 200),
    source      text not null check (source in ('law', 'cabinet', 'manual')),
    version     integer not null default 1,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    created_by  bigint references users (id)
);

create table settings (
    key         text primary key,
    value       jsonb not null,
    version     integer not null default 1,
    updated_at  timestamptz not null default now(),
    updated_by  bigint references users (id)
);
insert into settings (key, value) values ('calendar.follow_cabinet_moves', 'true');

create table mail_outbox (
    id          bigint generated always as identity primary key,
    to_address  text not null check (char_length(to_address) between 3 and 254),
    to_name     text not null default '',
    subject     text not null check (char_length(subject) between 1 and 300),
    body_text   text not null,
    status      text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts    integer not null default 0,
    last_error  text not null default '',
    sent_at     timestamptz,
    entity      text not null default '',
    entity_id   text not null default '',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    created_by  bigint references users (id)
);
create index mail_outbox_entity_idx on mail_outbox (entity, entity_id);

-- +goose Down
drop table mail_outbox;
drop table settings;
drop table calendar_days;
drop table audit_log;
drop table login_attempts;
drop table sessions;
drop table users;
drop function prdesk_unaccent(text);
