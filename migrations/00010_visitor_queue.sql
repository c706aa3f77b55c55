-- +goose Up
-- The reception day: tickets of the people waiting to see an official.

-- The last ticket number given for an official on a day. The row is taken
-- (insert or update) in the check-in's transaction, so a second check-in
-- waits for the first, and a rolled-back check-in gives its number back:
-- the numbers of a day have no gaps.
create table visit_queue_counters (
    official_id bigint not null references visit_officials (id),
    day         date not null,
    -- The official's letter on the tickets, fixed for the day at its first ticket.
    letter      text not null check (letter ~ '^[A-Z]$'),
    last        integer not null check (last >= 1),
    primary key (official_id, day)
);

create table visit_queue (
    id            bigint generated always as identity primary key,
    official_id   bigint not null references visit_officials (id),
    day           date not null,
    number        integer not null check (number >= 1),
    ticket        text not null check (ticket ~ '^[A-Z]-[0-9]{3,}$'),
    -- A booked visitor's booking; none for a walk-in.
    booking_id    bigint unique references visit_bookings (id) on delete set null,
    walk_in       boolean not null,
    -- A walk-in's name, when given, and topic; a booked visitor's are on the booking.
    visitor_name  text not null default '' check (char_length(visitor_name) <= 200),
    topic         text not null default '' check (char_length(topic) <= 500),
    state         text not null default 'waiting'
                  check (state in ('waiting', 'called', 'with_official', 'done', 'left')),
    room          text not null default '' check (char_length(room) <= 200),
    outcome       text not null default '' check (char_length(outcome) <= 500),
    -- The visitor left a written submission to register.
    written       boolean not null default false,
    checked_in_at timestamptz not null default now(),
    called_at     timestamptz,
    done_at       timestamptz,
    version       integer not null default 1,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    created_by    bigint references users (id),
    unique (official_id, day, number),
    check (walk_in or booking_id is not null or state in ('done', 'left')),
    check (not walk_in or booking_id is null),
    check (not walk_in or topic <> ''),
    check (state in ('waiting', 'left') or called_at is not null),
    check (state <> 'waiting' or called_at is null),
    check ((state in ('done', 'left')) = (done_at is not null))
);
create index on visit_queue (day, official_id, state);

-- +goose Down
drop table visit_queue;
drop table visit_queue_counters;
