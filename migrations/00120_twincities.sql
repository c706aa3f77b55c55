-- +goose Up
-- Twin cities (regulation clause 3.8): the cooperation agreements with
-- Daugavpils' twin cities, the log of what was done together, and the
-- partner cities' days that greetings are planned for.

create table twin_agreements (
    id                     bigint generated always as identity primary key,
    -- The partner city as the department writes it in Latvian (Vitebska),
    -- and in its own language or script where that differs (Віцебск).
    city                   text not null check (char_length(city) between 1 and 200),
    city_original          text not null default '' check (char_length(city_original) <= 200),
    country                text not null check (country ~ '^[A-Z]{2}$'),
    -- The partner municipality and the coordinators on both sides are
    -- contacts of the directory (internal/contacts).
    partner_org_id         bigint,
    our_coordinator_id     bigint,
    partner_coordinator_id bigint,
    signed_on              date,
    scan_file_id           bigint references files (id),
    -- The agreement's languages as ISO 639-1 codes (lv, ru, en, …).
    languages              text[] not null default '{}' check (cardinality(languages) <= 10
                               and languages <@ array['lv','ru','en','de','pl','lt','et','be','uk','fr','sv','fi','it','es','zh','ka','hy','cs','sk','no']),
    fields                 text[] not null default '{}' check (cardinality(fields) <= 8
                               and fields <@ array['culture','education','sport','business','tourism','youth','social','other']),
    status                 text not null check (status in ('active', 'dormant', 'ended', 'preparation')),
    review_on              date,
    -- The review date a reminder went out for: a new review date is
    -- reminded of again.
    review_reminded_for    date,
    notes                  text not null default '' check (char_length(notes) <= 4000),
    search                 text generated always as (
                               lower(prdesk_unaccent(city || ' ' || city_original || ' ' || country))) stored,
    sort_city              text collate "lv-x-icu" generated always as (city) stored,
    idempotency_key        text unique check (char_length(idempotency_key) between 8 and 64),
    version                integer not null default 1,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    created_by             bigint references users (id),
    -- Only an agreement still in preparation is unsigned.
    check (status = 'preparation' or signed_on is not null),
    check (review_on is null or signed_on is null or review_on >= signed_on),
    check (our_coordinator_id is null or partner_coordinator_id is null or our_coordinator_id <> partner_coordinator_id)
);
create index twin_agreements_city_idx on twin_agreements (sort_city, id);
create index twin_agreements_review_idx on twin_agreements (review_on) where status <> 'ended';
create index twin_agreements_search_idx on twin_agreements using gin (search gin_trgm_ops);

-- What was done with a twin city: events, visits, projects, letters and
-- greetings.
create table twin_log (
    id              bigint generated always as identity primary key,
    agreement_id    bigint not null references twin_agreements (id),
    kind            text not null check (kind in ('event', 'visit', 'project', 'letter', 'greeting')),
    happened_on     date not null,
    field           text not null check (field in ('culture','education','sport','business','tourism','youth','social','other')),
    participants    text not null default '' check (char_length(participants) <= 1000),
    result          text not null check (char_length(result) between 1 and 2000),
    -- A delegation, a press release or a photo album, where one exists.
    link_url        text not null default '' check (char_length(link_url) <= 500
                        and (link_url = '' or link_url ~ '^https?://[^[:space:]]+$')),
    -- The partner city's day this greeting was for, when it was planned.
    day_id          bigint,
    idempotency_key text unique check (char_length(idempotency_key) between 8 and 64),
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    created_by      bigint references users (id)
);
create index twin_log_agreement_idx on twin_log (agreement_id, happened_on desc, id desc);
create index twin_log_happened_idx on twin_log (happened_on, agreement_id);

-- The partner city's days that come every year (its city day, its
-- country's national day): the greetings plan of a year is made from them.
create table twin_days (
    id           bigint generated always as identity primary key,
    agreement_id bigint not null references twin_agreements (id),
    month        smallint not null check (month between 1 and 12),
    day          smallint not null check (day between 1 and 31),
    occasion     text not null check (char_length(occasion) between 1 and 200),
    version      integer not null default 1,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id),
    check (day <= case month when 2 then 29 when 4 then 30 when 6 then 30 when 9 then 30 when 11 then 30 else 31 end),
    unique (agreement_id, month, day)
);

alter table twin_log add constraint twin_log_day_fk foreign key (day_id) references twin_days (id) on delete set null;
create index twin_log_day_idx on twin_log (day_id) where day_id is not null;

-- +goose Down
drop table twin_log;
drop table twin_days;
drop table twin_agreements;
