-- +goose NO TRANSACTION
-- +goose Up
-- 00202 built this index for "assigned to me", which reads the executors'
-- open rows now (00203, 00205); nothing else reads it, and every change of
-- a submission's state wrote it.
drop index concurrently if exists petitions_in_progress_idx;

-- +goose Down
create index concurrently if not exists petitions_in_progress_idx on petitions (id) include (due_date) where state = 'in_progress';
