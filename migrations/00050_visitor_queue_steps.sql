-- +goose Up
-- The front desk's queue, as issue 10 asks: a visitor who came, waited and
-- went away before being received has an outcome of their own ("left",
-- aizgāja neapkalpots), no longer a no-show; every step on a queue entry
-- is kept so that the person who took it may undo it for a few minutes; a
-- called ticket may be called again and an entry handed to another
-- official; the queue's ended visits are the visitor log's rows; and a
-- form another area starts with a visitor's details gets them through a
-- draft kept on the server, not through the address.
--
-- The checks on the large tables are added not valid here and validated by
-- 00051, outside a transaction; its index on visit_log is built there too.

alter table visit_bookings drop constraint visit_bookings_state_check;
alter table visit_bookings add constraint visit_bookings_state_check
    check (state in ('booked', 'arrived', 'with_official', 'done', 'no_show', 'left', 'cancelled')) not valid;

alter table visit_booking_events drop constraint visit_booking_events_action_check;
alter table visit_booking_events add constraint visit_booking_events_action_check
    check (action in ('booked', 'state', 'moved', 'cancelled', 'edited', 'transferred', 'undone')) not valid;

-- When a called ticket was called again (it goes to the top of the board),
-- and the number it had before it was handed to another official.
alter table visit_queue add column recalled_at timestamptz;
alter table visit_queue add column transferred_from text not null default '';

-- The ticket whose end a row of the log is: a queue entry that ends with
-- the visitor received is the visit, so the clerk never types it again.
alter table visit_log add column queue_id bigint;
alter table visit_log add constraint visit_log_queue_id_fkey
    foreign key (queue_id) references visit_queue (id) on delete set null not valid;

-- Every step taken on a queue entry, with what it changed: undo puts it
-- back while nothing has changed since, for the person who took it, for a
-- few minutes (visitors.UndoWindow). A check-in undone removes its ticket;
-- the step stays, so ticket_id is no reference.
create table visit_queue_steps (
    id              bigint generated always as identity primary key,
    official_id     bigint not null references visit_officials (id),
    day             date not null,
    ticket_id       bigint,
    ticket          text not null default '' check (char_length(ticket) <= 20),
    booking_id      bigint references visit_bookings (id) on delete cascade,
    action          text not null check (action in ('check_in', 'call', 'outcome', 'left', 'no_show', 'transfer')),
    -- The versions the step left its ticket and booking at: the step can be
    -- undone while they are still there.
    ticket_version  integer,
    booking_version integer,
    undo            jsonb not null,
    at              timestamptz not null,
    undone_at       timestamptz,
    undone_by       bigint references users (id),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    created_by      bigint not null references users (id),
    check ((undone_at is null) = (undone_by is null))
);
create index visit_queue_steps_recent_idx on visit_queue_steps (created_by, at) where undone_at is null;
create index visit_queue_steps_ticket_idx on visit_queue_steps (ticket_id);
create index visit_queue_steps_booking_idx on visit_queue_steps (booking_id);
create index visit_queue_steps_at_idx on visit_queue_steps (at);

-- A form one area starts for another with a person's details (a visit's
-- submission to register): kept here under a random key that only its
-- SHA-256 is stored by, for the account that made it, read once, and
-- swept when it expires.
create table form_drafts (
    key_hash   bytea primary key check (octet_length(key_hash) = 32),
    form       text not null check (char_length(form) between 1 and 100),
    data       jsonb not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    created_by bigint not null references users (id)
);
create index form_drafts_expires_idx on form_drafts (expires_at);

-- +goose Down
-- Below this migration a visitor who left the queue was a no-show, and a
-- booking's history knew no transfer or undo: the rows say so again.
update visit_bookings set state = 'no_show' where state = 'left';
update visit_booking_events set action = 'state' where action in ('transferred', 'undone');
drop table form_drafts;
drop table visit_queue_steps;
alter table visit_log drop constraint visit_log_queue_id_fkey;
alter table visit_log drop column queue_id;
alter table visit_queue drop column transferred_from;
alter table visit_queue drop column recalled_at;
alter table visit_booking_events drop constraint visit_booking_events_action_check;
alter table visit_booking_events add constraint visit_booking_events_action_check
    check (action in ('booked', 'state', 'moved', 'cancelled', 'edited'));
alter table visit_bookings drop constraint visit_bookings_state_check;
alter table visit_bookings add constraint visit_bookings_state_check
    check (state in ('booked', 'arrived', 'with_official', 'done', 'no_show', 'cancelled'));
