-- +goose Up
-- Media monitoring (regulation clause 4.5): what the media wrote about the
-- municipality and its units (clippings), how the department judged it,
-- and the feeds and keyword rules that bring candidates to an inbox.

-- The topics the department sorts coverage by; trends and spike alerts
-- count by them, so they are a kept list, not free tags.
create table monitoring_topics (
    id         bigint generated always as identity primary key,
    name       text not null check (char_length(name) between 1 and 100),
    active     boolean not null default true,
    version    integer not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    created_by bigint references users (id)
);
create unique index monitoring_topics_name_key on monitoring_topics (lower(name));

-- News sites' RSS and Atom feeds, read on a schedule. A feed that fails
-- keeps what it brought and is read again later, each failure later still.
create table monitoring_feeds (
    id              bigint generated always as identity primary key,
    name            text not null check (char_length(name) between 1 and 200),
    url             text not null unique check (char_length(url) <= 2000 and url ~ '^https?://[^[:space:]]+$'),
    -- The outlet the feed is of, from the directory.
    outlet_id       bigint references contacts (id),
    language        text not null check (language in ('lv', 'ru', 'en', 'other')),
    media_type      text not null default 'online'
                        check (media_type in ('print', 'online', 'tv', 'radio', 'social', 'agency')),
    active          boolean not null default true,
    interval_minutes integer not null default 30 check (interval_minutes between 5 and 1440),
    -- The server's validators for a conditional read.
    etag            text not null default '' check (char_length(etag) <= 500),
    last_modified   text not null default '' check (char_length(last_modified) <= 100),
    last_success_at timestamptz,
    last_error_at   timestamptz,
    last_error      text not null default '' check (char_length(last_error) <= 1000),
    failures        integer not null default 0 check (failures >= 0),
    next_read_at    timestamptz not null,
    version         integer not null default 1,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    created_by      bigint references users (id)
);
create index monitoring_feeds_due_idx on monitoring_feeds (next_read_at) where active;

-- Keyword rules: words and phrases with AND, OR and NOT; what matches one
-- lands in the inbox. The expression is stored as the parser writes it.
create table monitoring_rules (
    id         bigint generated always as identity primary key,
    name       text not null check (char_length(name) between 1 and 200),
    expression text not null check (char_length(expression) between 1 and 1000),
    -- The topic a clipping accepted from the rule's match starts with.
    topic_id   bigint references monitoring_topics (id),
    active     boolean not null default true,
    version    integer not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    created_by bigint references users (id)
);

-- Every item a feed brought, matched or not: a rule added later can be run
-- over the recent ones, and a feed read again finds what it brought before
-- (unique per feed and item) with the decision on it kept.
create table monitoring_items (
    id            bigint generated always as identity primary key,
    feed_id       bigint not null references monitoring_feeds (id),
    guid          text not null check (char_length(guid) between 1 and 2000),
    url           text not null default '' check (char_length(url) <= 2000),
    url_key       text not null default '' check (char_length(url_key) <= 2000),
    title         text not null check (char_length(title) <= 1000),
    summary       text not null default '' check (char_length(summary) <= 20000),
    author        text not null default '' check (char_length(author) <= 300),
    published_at  timestamptz,
    first_seen_at timestamptz not null,
    -- matched: some rule matched it; the inbox is the matched ones still new.
    matched       boolean not null default false,
    status        text not null default 'new' check (status in ('new', 'accepted', 'dismissed')),
    decided_at    timestamptz,
    decided_by    bigint references users (id),
    unique (feed_id, guid),
    check ((status = 'new') = (decided_at is null))
);
create index monitoring_items_inbox_idx on monitoring_items (coalesce(published_at, first_seen_at) desc, id desc)
    where matched and status = 'new';
create index monitoring_items_seen_idx on monitoring_items (first_seen_at desc, id desc);
create index monitoring_items_url_key_idx on monitoring_items (url_key) where url_key <> '';

-- Which rules matched an item, and the words that did, to show why it is
-- in the inbox.
create table monitoring_item_hits (
    item_id bigint not null references monitoring_items (id) on delete cascade,
    rule_id bigint not null references monitoring_rules (id) on delete cascade,
    terms   text[] not null default '{}',
    primary key (item_id, rule_id)
);
create index monitoring_item_hits_rule_idx on monitoring_item_hits (rule_id);

-- Clippings: one publication about the municipality, with its evaluation.
create table monitoring_clippings (
    id             bigint generated always as identity primary key,
    -- The outlet, from the directory.
    outlet_id      bigint not null references contacts (id),
    published_at   timestamptz not null,
    title          text not null check (char_length(title) between 1 and 500),
    url            text not null default '' check (char_length(url) <= 2000
                       and (url = '' or url ~ '^https?://[^[:space:]]+$')),
    -- The URL as duplicates are compared by (scheme, www, tracking
    -- parameters and the trailing slash left out); written by the store.
    url_key        text not null default '' check (char_length(url_key) <= 2000),
    author         text not null default '' check (char_length(author) <= 300),
    -- The journalist, when they are in the directory.
    journalist_id  bigint references contacts (id),
    media_type     text not null check (media_type in ('print', 'online', 'tv', 'radio', 'social', 'agency')),
    language       text not null check (language in ('lv', 'ru', 'en', 'other')),
    reach          integer check (reach >= 0),
    body           text not null default '' check (char_length(body) <= 200000),
    tone           text not null default 'unjudged'
                       check (tone in ('positive', 'neutral', 'negative', 'mixed', 'unjudged')),
    toned_by       bigint references users (id),
    toned_at       timestamptz,
    -- The press release the publication came from.
    release_id     bigint references press_releases (id),
    -- The inbox item it was accepted from.
    item_id        bigint unique references monitoring_items (id),
    -- The scan, PDF, screenshot, or audio or video recording.
    file_id        bigint references files (id),
    search         tsvector generated always as
                       (to_tsvector('simple', lower(prdesk_unaccent(title || ' ' || author || ' ' || body)))) stored,
    idempotency_key text unique check (char_length(idempotency_key) between 8 and 64),
    version        integer not null default 1,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    created_by     bigint references users (id),
    check ((tone = 'unjudged') = (toned_by is null and toned_at is null))
);
create index monitoring_clippings_published_idx on monitoring_clippings (published_at desc, id desc);
create index monitoring_clippings_search_idx on monitoring_clippings using gin (search);
create index monitoring_clippings_outlet_idx on monitoring_clippings (outlet_id, published_at desc, id desc);
create index monitoring_clippings_url_key_idx on monitoring_clippings (url_key) where url_key <> '';
create index monitoring_clippings_release_idx on monitoring_clippings (release_id) where release_id is not null;
create index monitoring_clippings_journalist_idx on monitoring_clippings (journalist_id) where journalist_id is not null;
create index monitoring_clippings_tone_idx on monitoring_clippings (tone, published_at desc, id desc);

create table monitoring_clipping_topics (
    clipping_id bigint not null references monitoring_clippings (id) on delete cascade,
    topic_id    bigint not null references monitoring_topics (id),
    primary key (clipping_id, topic_id)
);
create index monitoring_clipping_topics_topic_idx on monitoring_clipping_topics (topic_id, clipping_id);

-- The units, institutions and officials a clipping mentions: organisations
-- and people of the directory.
create table monitoring_mentions (
    clipping_id bigint not null references monitoring_clippings (id) on delete cascade,
    contact_id  bigint not null references contacts (id),
    primary key (clipping_id, contact_id)
);
create index monitoring_mentions_contact_idx on monitoring_mentions (contact_id, clipping_id);

-- +goose Down
drop table monitoring_mentions;
drop table monitoring_clipping_topics;
drop table monitoring_clippings;
drop table monitoring_item_hits;
drop table monitoring_items;
drop table monitoring_rules;
drop table monitoring_feeds;
drop table monitoring_topics;
