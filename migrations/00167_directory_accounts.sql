-- +goose Up
-- Accounts from the municipality's directory (Active Directory over LDAP):
-- created and updated at sign-in, their password checked by the directory,
-- never here (their password_hash is a marker no password matches). Local
-- accounts remain for the administrator and for a municipality without one.
alter table users add column source text not null default 'local' check (source in ('local', 'directory'));

-- +goose Down
alter table users drop column source;
