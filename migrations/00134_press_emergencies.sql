-- +goose Up
-- Statements in an emergency (regulation clause 5.5): the head declares an
-- emergency; while it lasts, what a municipal unit's staff want to tell the
-- media is submitted here and approved, edited or rejected by the
-- department against the head's target time. Everything stays on record
-- for the review afterwards.

-- A municipal unit's or company's staff member is an account of its own
-- role, which submits statements and sees its own.
alter table users drop constraint users_roles_check;
alter table users add constraint users_roles_check check (
    cardinality(roles) between 1 and 8
    and roles <@ array['admin','head','staff','clerk','director','management','deputy','unit']);

create table press_emergencies (
    id               bigint generated always as identity primary key,
    title            text not null check (char_length(title) between 1 and 300),
    description      text not null default '' check (char_length(description) <= 4000),
    -- The holding statement the units start from, as the head set it.
    template         text not null check (char_length(template) between 1 and 4000),
    starts_at        timestamptz not null,
    -- Until when it was declared; null: until the head ends it.
    ends_at          timestamptz,
    -- When the head ended it (before ends_at, or with none).
    ended_at         timestamptz,
    ended_by         bigint references users (id),
    -- How soon the department decides on a statement.
    target_minutes   integer not null check (target_minutes between 5 and 1440),
    idempotency_key  text unique check (char_length(idempotency_key) between 8 and 64),
    version          integer not null default 1,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    -- Who declared it.
    created_by       bigint references users (id),
    check (ends_at is null or ends_at > starts_at),
    check (ended_at is null or ended_at >= starts_at),
    check ((ended_at is null) = (ended_by is null)),
    -- One emergency at a time: no two periods overlap (an emergency ended
    -- before it began is an empty period and overlaps nothing).
    constraint press_emergencies_one_at_a_time exclude using gist (
        tstzrange(starts_at, least(ends_at, ended_at)) with &&)
);
create index press_emergencies_starts_idx on press_emergencies (starts_at desc, id desc);

create table press_statements (
    id               bigint generated always as identity primary key,
    emergency_id     bigint not null references press_emergencies (id),
    -- The unit: an organisation of the directory, or its name as typed by
    -- someone who does not pick from the directory.
    unit_id          bigint references contacts (id),
    unit_name        text not null default '' check (char_length(unit_name) <= 300),
    -- Whom the department's person entered it for.
    on_behalf_of     text not null default '' check (char_length(on_behalf_of) <= 300),
    -- The media or channel it is meant for.
    channel          text not null check (char_length(channel) between 1 and 300),
    -- The text as submitted; never changed.
    body             text not null check (char_length(body) between 1 and 8000),
    status           text not null default 'submitted'
                         check (status in ('submitted', 'approved', 'edited', 'rejected')),
    -- The text approved: the submitted one, or the department's edit of it.
    approved_text    text check (char_length(approved_text) between 1 and 8000),
    -- The department's word to the unit; the reason of a rejection.
    comment          text not null default '' check (char_length(comment) <= 2000),
    submitted_by     bigint not null references users (id),
    submitted_at     timestamptz not null,
    -- submitted_at and the emergency's target time when it was submitted.
    due_at           timestamptz not null,
    decided_by       bigint references users (id),
    decided_at       timestamptz,
    idempotency_key  text unique check (char_length(idempotency_key) between 8 and 64),
    version          integer not null default 1,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    created_by       bigint references users (id),
    check (unit_id is not null or unit_name <> ''),
    check (due_at > submitted_at),
    check ((status = 'submitted') = (decided_at is null)),
    check ((status = 'submitted') = (decided_by is null)),
    check ((status in ('approved', 'edited')) = (approved_text is not null)),
    check (status <> 'approved' or approved_text = body),
    check (status <> 'edited' or approved_text <> body),
    check (status <> 'rejected' or comment <> '')
);
create index press_statements_emergency_idx on press_statements (emergency_id, submitted_at, id);
create index press_statements_submitter_idx on press_statements (submitted_by, submitted_at desc, id desc);
create index press_statements_unit_idx on press_statements (unit_id) where unit_id is not null;

-- +goose Down
drop table press_statements;
drop table press_emergencies;
-- The users' check keeps 'unit': an account of the units' role cannot lose
-- its only role (and with it its history) to a down migration, and the
-- program before this one gives that role no permission at all.
