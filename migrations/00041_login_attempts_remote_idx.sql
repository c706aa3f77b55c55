-- +goose NO TRANSACTION
-- +goose Up
-- The failed attempts of one address in the last minutes (the address
-- throttle), and the administrator's list filtered by address.
drop index concurrently if exists login_attempts_remote_idx;
create index concurrently login_attempts_remote_idx on login_attempts (remote_addr, created_at desc, id desc);

-- +goose Down
drop index concurrently if exists login_attempts_remote_idx;
