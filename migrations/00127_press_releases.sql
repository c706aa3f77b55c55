-- +goose Up
-- Press releases (regulation clauses 3.5 and 4.1): written in Latvian, with
-- Russian and English versions where wanted, approved by the head before
-- they go out. Every save keeps a version, so that any two can be compared
-- and the head approves one version, not "whatever the text is now".

create table press_releases (
    id                bigint generated always as identity primary key,
    -- draft → approval (sent for approval) → approved, or returned with
    -- comments; then scheduled or sent.
    status            text not null default 'draft'
                          check (status in ('draft', 'approval', 'returned', 'approved', 'scheduled', 'sent')),
    -- The newest version, and the version the head approved.
    current_version   integer not null default 1 check (current_version >= 1),
    approved_version  integer check (approved_version between 1 and current_version),
    -- The current version's Latvian title and lead, for the list.
    title             text not null check (char_length(title) between 1 and 300),
    lead              text not null default '' check (char_length(lead) <= 2000),
    -- The languages of the current version (Latvian always).
    languages         text[] not null default '{lv}' check ('lv' = any(languages)
                          and languages <@ array['lv', 'ru', 'en']),
    -- Not to be published before this moment: shown on the release and in
    -- the mail's subject.
    embargo_until     timestamptz,
    -- A person of the directory (internal/contacts) journalists may ask.
    contact_person_id bigint references contacts (id),
    -- The current version's texts in every language, folded (lower case,
    -- no diacritics) for the list's search; written by the store.
    search            text not null default '',
    sort_title        text collate "lv-x-icu" generated always as (title) stored,
    sent_at           timestamptz,
    idempotency_key   text unique check (char_length(idempotency_key) between 8 and 64),
    version           integer not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    created_by        bigint references users (id),
    -- Only the approved version goes out.
    check (status not in ('approved', 'scheduled', 'sent') or approved_version = current_version)
);
create index press_releases_updated_idx on press_releases (updated_at desc, id desc);
create index press_releases_status_idx on press_releases (status, updated_at desc, id desc);
create index press_releases_title_idx on press_releases (sort_title, id);
create index press_releases_search_idx on press_releases using gin (search gin_trgm_ops);
create index press_releases_contact_idx on press_releases (contact_person_id) where contact_person_id is not null;

-- One saved version: what it explains and who saved it; its texts are
-- press_release_texts.
create table press_release_versions (
    release_id        bigint not null references press_releases (id),
    no                integer not null check (no >= 1),
    -- The decision or topic the release explains (why it was needed).
    topic             text not null default '' check (char_length(topic) <= 4000),
    saved_at          timestamptz not null,
    saved_by          bigint references users (id),
    primary key (release_id, no)
);

-- A version's text in one language. Latvian is always there and ready; a
-- translation is a draft until its translator marks it ready, and only a
-- ready one goes out.
create table press_release_texts (
    release_id bigint not null,
    version_no integer not null,
    lang       text not null check (lang in ('lv', 'ru', 'en')),
    status     text not null check (status in ('draft', 'ready')),
    title      text not null check (char_length(title) between 1 and 300),
    lead       text not null default '' check (char_length(lead) <= 2000),
    body       text not null check (char_length(body) between 1 and 20000),
    primary key (release_id, version_no, lang),
    foreign key (release_id, version_no) references press_release_versions (release_id, no),
    check (lang <> 'lv' or status = 'ready')
);

-- The head's decisions on versions sent for approval.
create table press_release_reviews (
    id          bigint generated always as identity primary key,
    release_id  bigint not null,
    version_no  integer not null,
    decision    text not null check (decision in ('approved', 'returned')),
    comment     text not null default '' check (char_length(comment) <= 4000),
    decided_by  bigint references users (id),
    decided_at  timestamptz not null,
    foreign key (release_id, version_no) references press_release_versions (release_id, no),
    -- Returning a release says why.
    check (decision = 'approved' or char_length(comment) >= 1)
);
create index press_release_reviews_release_idx on press_release_reviews (release_id, id);

-- Photos and documents sent with the release (internal/files).
create table press_release_files (
    release_id bigint not null references press_releases (id),
    file_id    bigint not null references files (id),
    added_at   timestamptz not null,
    added_by   bigint references users (id),
    primary key (release_id, file_id)
);
create index press_release_files_file_idx on press_release_files (file_id);

-- +goose Down
drop table press_release_files;
drop table press_release_reviews;
drop table press_release_texts;
drop table press_release_versions;
drop table press_releases;
