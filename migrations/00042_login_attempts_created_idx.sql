-- +goose NO TRANSACTION
-- +goose Up
-- The administrator's list of sign-in attempts, newest first, paged by
-- (created_at, id); and the nightly removal of old attempts.
drop index concurrently if exists login_attempts_created_idx;
create index concurrently login_attempts_created_idx on login_attempts (created_at desc, id desc);

-- +goose Down
drop index concurrently if exists login_attempts_created_idx;
