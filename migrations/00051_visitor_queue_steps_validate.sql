-- +goose NO TRANSACTION
-- +goose Up
-- 00050's checks and reference, checked for the rows that were there
-- before without holding the tables still, and the index that keeps one
-- log row to a ticket (a failed concurrent build leaves an invalid index:
-- it is dropped first).
alter table visit_bookings validate constraint visit_bookings_state_check;
alter table visit_booking_events validate constraint visit_booking_events_action_check;
alter table visit_log validate constraint visit_log_queue_id_fkey;
drop index concurrently if exists visit_log_queue_idx;
create unique index concurrently visit_log_queue_idx on visit_log (queue_id) where queue_id is not null;

-- +goose Down
drop index concurrently if exists visit_log_queue_idx;
