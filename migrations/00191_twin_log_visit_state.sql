-- +goose Up
-- A visit to or from a twin city is in the city's cooperation log from the
-- day the delegation is confirmed, not only once it is done: its one line
-- (the delegation's idempotency key) says whether the visit is planned,
-- happened or was cancelled, and follows the delegation. Every other line,
-- and every visit logged before, happened. The log's counts and a city's
-- last activity take only what happened.
alter table twin_log add column state text not null default 'happened'
    check (state in ('planned', 'happened', 'cancelled'));

-- +goose Down
alter table twin_log drop column state;
