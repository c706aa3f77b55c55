-- +goose Up
-- Official greetings, statements and speeches the department drafts for
-- the municipality's units and officials (regulation clause 4.7): each
-- request with its drafts kept as versions, the head's approval, and the
-- texts of past years to start from.

create table press_official_texts (
    id               bigint generated always as identity primary key,
    kind             text not null check (kind in ('greeting', 'statement', 'speech')),
    occasion         text not null check (char_length(occasion) between 1 and 300),
    -- The unit or official who asked, and the official who will sign or
    -- say it, from the directory.
    requested_by_id  bigint references contacts (id),
    official_id      bigint references contacts (id),
    -- The day it is needed: the occasion's day or before it.
    needed_on        date not null,
    lang             text not null check (lang in ('lv', 'ru', 'en')),
    author_id        bigint references users (id),
    status           text not null check (status in ('requested', 'drafting', 'approval', 'approved', 'delivered')),
    -- 0 until the first draft is saved.
    current_version  integer not null default 0 check (current_version >= 0),
    approved_version integer check (approved_version between 1 and current_version),
    -- The text of an earlier year this one started from.
    based_on_id      bigint references press_official_texts (id),
    notes            text not null default '' check (char_length(notes) <= 2000),
    -- The occasion and the current draft, lower-case without diacritics,
    -- for the library's search; written by the store.
    search           text not null default '',
    idempotency_key  text unique check (char_length(idempotency_key) between 8 and 64),
    version          integer not null default 1,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    created_by       bigint references users (id),
    check (status = 'requested' or current_version >= 1),
    check (status not in ('approved', 'delivered') or approved_version = current_version)
);
create index press_official_texts_needed_idx on press_official_texts (needed_on desc, id desc);
create index press_official_texts_open_idx on press_official_texts (needed_on, id)
    where status in ('requested', 'drafting', 'approval', 'approved');
create index press_official_texts_search_idx on press_official_texts using gin (search gin_trgm_ops);
create index press_official_texts_official_idx on press_official_texts (official_id) where official_id is not null;
create index press_official_texts_requested_idx on press_official_texts (requested_by_id) where requested_by_id is not null;
create index press_official_texts_based_idx on press_official_texts (based_on_id) where based_on_id is not null;

create table press_official_text_versions (
    text_id  bigint not null references press_official_texts (id),
    no       integer not null check (no >= 1),
    body     text not null check (char_length(body) between 1 and 30000),
    saved_at timestamptz not null,
    saved_by bigint references users (id),
    primary key (text_id, no)
);

create table press_official_text_reviews (
    id          bigint generated always as identity primary key,
    text_id     bigint not null references press_official_texts (id),
    version_no  integer not null,
    decision    text not null check (decision in ('approved', 'returned')),
    comment     text not null default '' check (char_length(comment) <= 4000),
    decided_by  bigint references users (id),
    decided_at  timestamptz not null,
    foreign key (text_id, version_no) references press_official_text_versions (text_id, no),
    check (decision = 'approved' or comment <> '')
);
create index press_official_text_reviews_text_idx on press_official_text_reviews (text_id, id);

-- +goose Down
drop table press_official_text_reviews;
drop table press_official_text_versions;
drop table press_official_texts;
