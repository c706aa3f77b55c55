-- +goose Up
-- A counter every change to the working-day calendar moves on, so a server
-- can keep the built calendar in memory and rebuild it only when the
-- counter has moved: reading one row costs far less than reading the table
-- and the setting on every page that shows a deadline. Triggers move it, so
-- writes from any server, a migration or psql are seen too.
create table calendar_revision (
    only_row boolean primary key default true check (only_row),
    n        bigint  not null default 0
);
insert into calendar_revision default values;

-- +goose StatementBegin
create function calendar_revision_bump() returns trigger language plpgsql as $$
begin
    update calendar_revision set n = n + 1;
    return null;
end $$;
-- +goose StatementEnd

-- +goose StatementBegin
create function calendar_revision_bump_setting() returns trigger language plpgsql as $$
begin
    if (tg_op = 'DELETE' and old.key = 'calendar.follow_cabinet_moves')
        or (tg_op <> 'DELETE' and new.key = 'calendar.follow_cabinet_moves') then
        update calendar_revision set n = n + 1;
    end if;
    return null;
end $$;
-- +goose StatementEnd

create trigger calendar_days_revision after insert or update or delete or truncate on calendar_days
    for each statement execute function calendar_revision_bump();
create trigger settings_calendar_revision after insert or update or delete on settings
    for each row execute function calendar_revision_bump_setting();

-- +goose Down
drop trigger settings_calendar_revision on settings;
drop trigger calendar_days_revision on calendar_days;
drop function calendar_revision_bump_setting();
drop function calendar_revision_bump();
drop table calendar_revision;
