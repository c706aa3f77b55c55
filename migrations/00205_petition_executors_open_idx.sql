-- +goose NO TRANSACTION
-- +goose Up
-- The executors' rows of submissions in progress by person, with their
-- due dates (00203): what "assigned to me" counts.
drop index concurrently if exists petition_executors_open_idx;
create index concurrently petition_executors_open_idx on petition_executors (user_id, petition_id) include (open_due)
    where open_due is not null;

-- +goose Down
drop index concurrently if exists petition_executors_open_idx;
