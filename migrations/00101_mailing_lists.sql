-- +goose Up
-- The directory's mailing lists (regulation clause 3.4; issue 11): a
-- static list holds the people chosen for it; a saved filter holds a query
-- of the directory's list (filter: its query string, "type=media&topic=culture")
-- whose members are found when the list is read. Press sends releases to
-- them; who is reachable (an e-mail, not opted out, not merged, active)
-- is decided when read, never stored.
create table mailing_lists (
    id              bigint generated always as identity primary key,
    name            text not null check (char_length(name) between 1 and 200),
    description     text not null default '' check (char_length(description) <= 2000),
    kind            text not null check (kind in ('static', 'filter')),
    filter          text not null default '' check (char_length(filter) <= 1000),
    -- Archived lists stay (press's sent releases name them), out of the
    -- lists offered.
    archived_at     timestamptz,
    idempotency_key text unique check (char_length(idempotency_key) between 8 and 64),
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    created_by      bigint references users (id),
    check ((kind = 'filter') = (filter <> ''))
);
-- Two lists in use with one name would be picked by mistake.
create unique index mailing_lists_name_idx on mailing_lists (lower(name)) where archived_at is null;

-- A static list's members. A merge moves them to the kept record.
create table mailing_list_members (
    list_id    bigint not null references mailing_lists (id),
    contact_id bigint not null references contacts (id),
    added_at   timestamptz not null default now(),
    added_by   bigint references users (id),
    primary key (list_id, contact_id)
);
create index mailing_list_members_contact_idx on mailing_list_members (contact_id);

-- +goose Down
drop table mailing_list_members;
drop table mailing_lists;
