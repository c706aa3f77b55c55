-- +goose Up
-- Reception hours kept by the department, their calendar feeds, the
-- reminders of the day before, and the waiting list per official.

-- The secret of an official's calendar feed is the address itself; only its
-- SHA-256 is kept, so a copy of the database does not reveal the feeds.
alter table visit_officials add column ical_token_hash bytea unique
    check (ical_token_hash is null or octet_length(ical_token_hash) = 32);

-- Set when the reminder of the working day before went into the outbox;
-- the reminder job sends only where it is null, so a second run sends nothing.
alter table visit_bookings add column reminded_at timestamptz;
create index visit_bookings_reminder_due on visit_bookings (lower(slot))
    where reminded_at is null and state = 'booked' and email <> '';

-- People who found no free slot with an official. Whether an entry has
-- been served is read from the bookings (see visitors.Waitlist); an entry
-- the clerk takes off the list keeps the reason.
create table visit_waitlist (
    id             bigint generated always as identity primary key,
    official_id    bigint not null references visit_officials (id),
    visitor_name   text not null check (char_length(visitor_name) between 1 and 200),
    phone          text not null default '' check (phone = '' or phone ~ '^\+?[0-9]{7,15}$'),
    email          text not null default '' check (char_length(email) <= 254),
    topic          text not null check (char_length(topic) between 1 and 500),
    removed_at     timestamptz,
    removed_reason text not null default '' check (char_length(removed_reason) <= 500),
    version        integer not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    created_by     bigint references users (id),
    check (phone <> '' or email <> ''),
    check ((removed_at is null) = (removed_reason = ''))
);
create index on visit_waitlist (official_id, created_at) where removed_at is null;

-- +goose Down
drop table visit_waitlist;
drop index visit_bookings_reminder_due;
alter table visit_bookings drop column reminded_at;
alter table visit_officials drop column ical_token_hash;
