-- +goose Up
-- A second factor at sign-in: a TOTP secret (RFC 6238, base32) confirmed
-- with a first code, and one-time recovery codes. The secret is read only
-- by sign-in and enrolment, never into the accounts' lists. totp_last_step
-- is the 30-second step of the last code accepted, so that a code seen over
-- someone's shoulder cannot be used again in its window.
alter table users
    add column totp_secret     text check (totp_secret ~ '^[A-Z2-7]{32}$'),
    add column totp_enabled_at timestamptz,
    add column totp_last_step  bigint not null default 0,
    add constraint users_totp_enabled_has_secret check (totp_enabled_at is null or totp_secret is not null);

-- Recovery codes, each stored as the SHA-256 of its normalised text: they
-- are random (50 bits), so no slow hash is needed to keep them unguessable.
create table user_recovery_codes (
    id        bigint generated always as identity primary key,
    user_id   bigint not null references users (id) on delete cascade,
    code_hash text not null check (code_hash ~ '^[0-9a-f]{64}$'),
    used_at   timestamptz,
    unique (user_id, code_hash)
);

-- +goose Down
drop table user_recovery_codes;
alter table users drop constraint users_totp_enabled_has_secret,
    drop column totp_last_step, drop column totp_enabled_at, drop column totp_secret;
