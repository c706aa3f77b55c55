-- +goose Up
-- Moves on at every change to the accounts, so a server can keep the
-- accounts it has read and check them with the session it reads anyway
-- (one round trip less on every signed-in request): a deactivated account
-- is still refused at its next request, from any server.
create table users_revision (
    only_row boolean primary key default true check (only_row),
    n        bigint  not null default 0
);
insert into users_revision default values;

-- +goose StatementBegin
create function users_revision_bump() returns trigger language plpgsql as $$
begin
    update users_revision set n = n + 1;
    return null;
end $$;
-- +goose StatementEnd

create trigger users_revision after insert or update or delete or truncate on users
    for each statement execute function users_revision_bump();

-- +goose Down
drop trigger users_revision on users;
drop function users_revision_bump();
drop table users_revision;
