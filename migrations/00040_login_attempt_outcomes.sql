-- +goose NO TRANSACTION
-- +goose Up
-- Sign-in is throttled by the client's address and slowed down by user
-- name (internal/auth/throttle.go): an attempt refused for its address is
-- 'throttled', one refused because its user name must wait is 'delayed'.
-- 'locked' is what the 15-minute lock-out of a user name wrote before.
-- Each statement commits on its own: the check is added not valid (new rows
-- at once) and the old rows are validated without holding writes back.
alter table login_attempts drop constraint if exists login_attempts_outcome_check;
alter table login_attempts add constraint login_attempts_outcome_check
    check (outcome in ('success', 'failure', 'throttled', 'delayed', 'locked')) not valid;
alter table login_attempts validate constraint login_attempts_outcome_check;

-- +goose Down
update login_attempts set outcome = 'locked' where outcome in ('throttled', 'delayed');
alter table login_attempts drop constraint if exists login_attempts_outcome_check;
alter table login_attempts add constraint login_attempts_outcome_check
    check (outcome in ('success', 'failure', 'locked')) not valid;
alter table login_attempts validate constraint login_attempts_outcome_check;
