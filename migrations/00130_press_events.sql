-- +goose Up
-- Press conferences and media events (regulation clause 4.2): planned in a
-- place and room, with speakers from the directory, and journalists
-- accredited through a public form at a per-event link or by staff.

create table press_events (
    id              bigint generated always as identity primary key,
    kind            text not null check (kind in ('conference', 'briefing', 'media_event')),
    title           text not null check (char_length(title) between 1 and 300),
    starts_at       timestamptz not null,
    ends_at         timestamptz not null,
    place           text not null check (char_length(place) between 1 and 300),
    room            text not null default '' check (char_length(room) <= 100),
    -- Two events may not be held in one room at once: the room is the
    -- place and the room as typed, without case or surrounding space.
    room_key        text generated always as (lower(btrim(place)) || ' / ' || lower(btrim(room))) stored,
    status          text not null check (status in ('planned', 'announced', 'held', 'cancelled')),
    -- The department's person responsible for it.
    responsible_id  bigint references users (id),
    -- The public accreditation form's address: /accreditation/{token}.
    accreditation_token text not null unique check (char_length(accreditation_token) between 20 and 64),
    accreditation_open  boolean not null default true,
    -- The follow-up: the release about it and what was sent afterwards.
    release_id      bigint references press_releases (id),
    follow_up       text not null default '' check (char_length(follow_up) <= 4000),
    notes           text not null default '' check (char_length(notes) <= 4000),
    idempotency_key text unique check (char_length(idempotency_key) between 8 and 64),
    version         integer not null default 1,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    created_by      bigint references users (id),
    check (ends_at > starts_at),
    check (ends_at - starts_at <= interval '24 hours'),
    constraint press_events_room_excl exclude using gist (room_key with =, tstzrange(starts_at, ends_at) with &&)
        where (status <> 'cancelled')
);
create index press_events_starts_idx on press_events (starts_at, id);
create index press_events_release_idx on press_events (release_id) where release_id is not null;

-- The officials who speak: people of the directory.
create table press_event_speakers (
    event_id   bigint not null references press_events (id),
    contact_id bigint not null references contacts (id),
    position   smallint not null check (position between 1 and 10),
    primary key (event_id, contact_id)
);
create index press_event_speakers_contact_idx on press_event_speakers (contact_id);

-- A journalist accredited to an event, through the public form or by staff.
create table press_accreditations (
    id          bigint generated always as identity primary key,
    event_id    bigint not null references press_events (id),
    name        text not null check (char_length(name) between 1 and 200),
    outlet      text not null check (char_length(outlet) between 1 and 200),
    email       text not null check (char_length(email) between 3 and 254),
    phone       text not null default '' check (char_length(phone) <= 40),
    -- A camera crew, its people and equipment (tripods, lights, cables).
    crew        text not null default '' check (char_length(crew) <= 1000),
    -- The journalist in the directory this is, when staff matched one.
    contact_id  bigint references contacts (id),
    source      text not null check (source in ('public', 'staff')),
    attended    boolean,
    -- The personal data removed by retention, when it was.
    removed_at  timestamptz,
    created_at  timestamptz not null,
    created_by  bigint references users (id)
);
create unique index press_accreditations_email_key on press_accreditations (event_id, lower(email)) where removed_at is null;
create index press_accreditations_event_idx on press_accreditations (event_id, id);
create index press_accreditations_contact_idx on press_accreditations (contact_id) where contact_id is not null;

-- +goose Down
drop table press_accreditations;
drop table press_event_speakers;
drop table press_events;
