-- +goose Up
-- The accounts' revision (see migration 00020): it moves on at every change
-- to the accounts, so a server can keep the accounts it has read and check
-- them with the session it reads anyway (one round trip less on every
-- signed-in request); a deactivated account is still refused at its next
-- request, from any server.
insert into revisions (name) values ('users');
create trigger users_revision after insert or update or delete or truncate on users
    for each statement execute function revision_bump('users');

-- +goose Down
drop trigger users_revision on users;
delete from revisions where name = 'users';
