-- +goose Up
-- Reception hours and bookings of visitors (regulation clauses 4.15 and 4.16).

-- The officials who receive residents; an official may or may not have an account.
create table visit_officials (
    id           bigint generated always as identity primary key,
    name         text not null check (char_length(name) between 1 and 200),
    position     text not null default '' check (char_length(position) <= 200),
    kind         text not null check (kind in ('chair', 'deputy_chair', 'executive_director', 'deputy')),
    user_id      bigint unique references users (id),
    -- Deputies only: receive residents at least once every so many weeks.
    target_weeks integer check (target_weeks between 1 and 52),
    active       boolean not null default true,
    version      integer not null default 1,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id),
    check (target_weeks is null or kind = 'deputy')
);

-- Recurring reception hours. Times are wall-clock times in Riga: a rule at
-- 10:00 stays at 10:00 across the change to and from summer time.
create table visit_rules (
    id           bigint generated always as identity primary key,
    official_id  bigint not null references visit_officials (id),
    -- weekly: on weekday every every_weeks weeks, counted from the week of valid_from;
    -- monthly: on the nth weekday of each month.
    kind         text not null check (kind in ('weekly', 'monthly')),
    weekday      smallint not null check (weekday between 0 and 6), -- 0 = Sunday, as Go's time.Weekday
    every_weeks  integer not null default 1 check (every_weeks between 1 and 12),
    nth          smallint check (nth between 1 and 5),
    start_time   time not null,
    end_time     time not null,
    room         text not null check (char_length(room) between 1 and 200),
    slot_minutes integer not null check (slot_minutes between 5 and 240),
    valid_from   date not null,
    valid_to     date,
    version      integer not null default 1,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id),
    check (end_time > start_time),
    check (valid_to is null or valid_to >= valid_from),
    check ((kind = 'monthly') = (nth is not null)),
    check (kind = 'weekly' or every_weeks = 1)
);
create index on visit_rules (official_id);

-- Reception hours held once, outside the rules.
create table visit_extra_sessions (
    id           bigint generated always as identity primary key,
    official_id  bigint not null references visit_officials (id),
    day          date not null,
    start_time   time not null,
    end_time     time not null,
    room         text not null check (char_length(room) between 1 and 200),
    slot_minutes integer not null check (slot_minutes between 5 and 240),
    version      integer not null default 1,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id),
    check (end_time > start_time)
);
create index on visit_extra_sessions (official_id, day);

-- A day an official does not receive, whatever the rules say.
create table visit_cancellations (
    id          bigint generated always as identity primary key,
    official_id bigint not null references visit_officials (id),
    day         date not null,
    reason      text not null check (char_length(reason) between 1 and 500),
    version     integer not null default 1,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    created_by  bigint references users (id),
    unique (official_id, day)
);

-- One row per booked slot. The exclusion constraint is what keeps a slot to
-- one visitor when two clerks take it at the same moment.
create table visit_bookings (
    id              bigint generated always as identity primary key,
    official_id     bigint not null references visit_officials (id),
    slot            tstzrange not null check (not isempty(slot) and lower_inc(slot) and not upper_inc(slot)),
    room            text not null default '' check (char_length(room) <= 200),
    state           text not null default 'booked'
                    check (state in ('booked', 'arrived', 'with_official', 'done', 'no_show', 'cancelled')),
    visitor_name    text not null check (char_length(visitor_name) between 1 and 200),
    phone           text not null default '' check (phone = '' or phone ~ '^\+?[0-9]{7,15}$'),
    email           text not null default '' check (char_length(email) <= 254),
    topic           text not null check (char_length(topic) between 1 and 500),
    language        text not null default 'lv' check (language in ('lv', 'ru', 'en', 'other')),
    accessibility   text not null default '' check (char_length(accessibility) <= 500),
    person_code     text not null default '' check (person_code = '' or person_code ~ '^[0-9]{6}-[0-9]{5}$'),
    -- Why the clerk booked past the limit of two future bookings with one official.
    override_reason text not null default '' check (char_length(override_reason) <= 500),
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    created_by      bigint references users (id),
    check (phone <> '' or email <> ''),
    exclude using gist (official_id with =, slot with &&) where (state <> 'cancelled')
);
create index on visit_bookings (lower(slot));
create index on visit_bookings (official_id, phone) where phone <> '';
create index on visit_bookings (official_id, email) where email <> '';
create index on visit_bookings (official_id, person_code) where person_code <> '';

-- What happened to a booking, with the reason where one was given.
create table visit_booking_events (
    id          bigint generated always as identity primary key,
    booking_id  bigint not null references visit_bookings (id) on delete cascade,
    at          timestamptz not null default now(),
    actor_id    bigint references users (id),
    actor_name  text not null,
    action      text not null check (action in ('booked', 'state', 'moved', 'cancelled', 'edited')),
    state       text not null,
    note        text not null default '' check (char_length(note) <= 1000)
);
create index on visit_booking_events (booking_id, at);

-- +goose Down
drop table visit_booking_events;
drop table visit_bookings;
drop table visit_cancellations;
drop table visit_extra_sessions;
drop table visit_rules;
drop table visit_officials;
