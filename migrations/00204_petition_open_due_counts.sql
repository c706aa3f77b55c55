-- +goose Up
-- The open submissions (registered, awaiting a resolution, in progress)
-- by due date, kept in the same transaction as every change, as
-- petition_state_counts keeps them by state: the home page's and the
-- dashboard's "overdue" sum the days before today instead of reading the
-- 12 000 overdue of a million submissions from petitions_due_idx on every
-- page (3-4 ms). A day whose count fell to 0 keeps its row.
create table petition_open_due_counts (
    due_date date primary key,
    n        bigint not null check (n >= 0)
);
-- Counted and the trigger put in place with the submissions held still
-- (reading goes on), so that no change made meanwhile is missed: the
-- count reads the open ones from petitions_due_idx, a fraction of a
-- second at a million.
lock table petitions in share row exclusive mode;
insert into petition_open_due_counts (due_date, n)
select due_date, count(*) from petitions
where state in ('registered', 'awaiting_resolution', 'in_progress')
group by due_date;

-- +goose StatementBegin
-- A submission moved from one day to another changes the earlier day's
-- row first, so that two moved between the same days the opposite ways
-- wait for each other instead of deadlocking (Recompute, which moves many
-- in one transaction, takes its days' rows in their order first).
create function petition_open_due_counts_keep() returns trigger language plpgsql as $$
declare
    was_open boolean := tg_op <> 'INSERT' and old.state in ('registered', 'awaiting_resolution', 'in_progress');
    is_open  boolean := tg_op <> 'DELETE' and new.state in ('registered', 'awaiting_resolution', 'in_progress');
begin
    if is_open and (not was_open or new.due_date < old.due_date) then
        insert into petition_open_due_counts (due_date, n) values (new.due_date, 1)
        on conflict (due_date) do update set n = petition_open_due_counts.n + 1;
        is_open := false;
    end if;
    if was_open then
        update petition_open_due_counts set n = n - 1 where due_date = old.due_date;
    end if;
    if is_open then
        insert into petition_open_due_counts (due_date, n) values (new.due_date, 1)
        on conflict (due_date) do update set n = petition_open_due_counts.n + 1;
    end if;
    return null;
end $$;
-- +goose StatementEnd
create trigger petition_open_due_counts_insert_delete after insert or delete on petitions
    for each row execute function petition_open_due_counts_keep();
create trigger petition_open_due_counts_update after update of state, due_date on petitions
    for each row when (old.state is distinct from new.state or old.due_date is distinct from new.due_date)
    execute function petition_open_due_counts_keep();

-- +goose Down
drop table petition_open_due_counts;
drop function petition_open_due_counts_keep cascade;
