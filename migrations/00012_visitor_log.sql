-- +goose Up
-- The visitor log of the front desk (regulation clause 4.15), and what the
-- retention of visitors' personal details needs.

-- Everyone who comes to the front desk, with or without a booking.
create table visit_log (
    id               bigint generated always as identity primary key,
    came_at          timestamptz not null default now(),
    left_at          timestamptz,
    -- '' is "not given" (or removed after the retention period).
    person_name      text not null default '' check (char_length(person_name) <= 200),
    whom_official_id bigint references visit_officials (id),
    whom_unit        text not null default '' check (char_length(whom_unit) <= 200),
    purpose          text not null default '' check (char_length(purpose) <= 500),
    booking_id       bigint references visit_bookings (id) on delete set null,
    -- When the person's details were removed; the row still counts.
    anonymized_at    timestamptz,
    version          integer not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    created_by       bigint references users (id),
    check (left_at is null or left_at >= came_at),
    check (whom_official_id is not null or whom_unit <> '' or anonymized_at is not null),
    check (purpose <> '' or anonymized_at is not null)
);
-- The day's log, the statistics' ranges and the retention sweep all read by time.
create index visit_log_came_at_idx on visit_log (came_at) include (whom_official_id);
create index visit_log_open_idx on visit_log (came_at) where left_at is null;
create index visit_log_keep_idx on visit_log (came_at) where anonymized_at is null;

-- Visits counted per day (by official or unit) and per hour of the day, in
-- Riga's wall-clock time, kept in the transaction that logs the visit: the
-- statistics read a few thousand rows a year instead of the log's hundreds
-- of thousands (measured on two million: 560 ms from the log for a year by
-- month; see cmd/prbench).
create table visit_log_days (
    day         date not null,
    official_id bigint references visit_officials (id),
    unit        text not null default '',
    visits      integer not null check (visits >= 0),
    unique nulls not distinct (day, official_id, unit)
);
create table visit_log_hours (
    day    date not null,
    hour   smallint not null check (hour between 0 and 23),
    visits integer not null check (visits >= 0),
    primary key (day, hour)
);

-- A booking whose visitor's details were removed keeps its slot, official and
-- state; the checks that want a name, a topic and a contact then no longer apply.
alter table visit_bookings add column anonymized_at timestamptz;
alter table visit_bookings drop constraint visit_bookings_visitor_name_check,
    add constraint visit_bookings_visitor_name_check
        check (char_length(visitor_name) <= 200 and (visitor_name <> '' or anonymized_at is not null));
alter table visit_bookings drop constraint visit_bookings_topic_check,
    add constraint visit_bookings_topic_check
        check (char_length(topic) <= 500 and (topic <> '' or anonymized_at is not null));
alter table visit_bookings drop constraint visit_bookings_check,
    add constraint visit_bookings_check check (phone <> '' or email <> '' or anonymized_at is not null);
create index visit_bookings_keep_idx on visit_bookings (upper(slot)) where anonymized_at is null;

insert into settings (key, value) values ('visitors.retention_days', '365');

-- +goose Down
-- Below this migration a booking must have a name, a topic and a contact;
-- retention has blanked them on old bookings, and they cannot be brought
-- back: refuse rather than fail half-way on a check.
-- +goose StatementBegin
do $$
declare
    n bigint := (select count(*) from visit_bookings where anonymized_at is not null);
begin
    if n > 0 then
        raise exception 'migration 00012 cannot be undone: retention removed the visitor''s name, topic and contact from % booking(s), and without migration 00012 every booking must have them', n;
    end if;
end $$;
-- +goose StatementEnd
delete from settings where key = 'visitors.retention_days';
drop index visit_bookings_keep_idx;
alter table visit_bookings drop constraint visit_bookings_check,
    add constraint visit_bookings_check check (phone <> '' or email <> '');
alter table visit_bookings drop constraint visit_bookings_topic_check,
    add constraint visit_bookings_topic_check check (char_length(topic) between 1 and 500);
alter table visit_bookings drop constraint visit_bookings_visitor_name_check,
    add constraint visit_bookings_visitor_name_check check (char_length(visitor_name) between 1 and 200);
alter table visit_bookings drop column anonymized_at;
drop table visit_log_hours;
drop table visit_log_days;
drop table visit_log;
