-- +goose Up
-- Revisions: counters that triggers move on at every change to what they
-- name, from any server, a migration or psql. A server keeps what it built
-- from those tables in memory and reads one row, often in a round trip it
-- makes anyway, to know whether it still holds; reading one row costs far
-- less than reading the tables on every page. Later migrations add their
-- own names.
create table revisions (
    name text   primary key,
    n    bigint not null default 0
);

-- Moves on the revision named by the trigger's argument.
-- +goose StatementBegin
create function revision_bump() returns trigger language plpgsql as $$
begin
    update revisions set n = n + 1 where name = tg_argv[0];
    return null;
end $$;
-- +goose StatementEnd

-- For a row of settings: moves on the revision named by the second
-- argument when the row's key is the first.
-- +goose StatementBegin
create function revision_bump_setting() returns trigger language plpgsql as $$
begin
    if (tg_op = 'DELETE' and old.key = tg_argv[0]) or (tg_op <> 'DELETE' and new.key = tg_argv[0]) then
        update revisions set n = n + 1 where name = tg_argv[1];
    end if;
    return null;
end $$;
-- +goose StatementEnd

-- The working-day calendar: its table and its follow-the-Cabinet setting.
insert into revisions (name) values ('calendar');
create trigger calendar_days_revision after insert or update or delete or truncate on calendar_days
    for each statement execute function revision_bump('calendar');
create trigger settings_calendar_revision after insert or update or delete on settings
    for each row execute function revision_bump_setting('calendar.follow_cabinet_moves', 'calendar');

-- +goose Down
drop trigger settings_calendar_revision on settings;
drop trigger calendar_days_revision on calendar_days;
drop function revision_bump_setting();
drop function revision_bump();
drop table revisions;
