-- +goose Up
-- The retention job looks, case by case, for finished submissions whose
-- personal data is still kept and that ended before the case's cutoff: this
-- index holds only those, so the nightly run and its preview read what is due
-- rather than the whole registry.
create index petitions_retention_idx on petitions (case_id, (coalesce(closed_at, updated_at)))
    where personal_data_removed_at is null and state in ('closed', 'forwarded', 'unexamined', 'joined');
-- The planner takes no statistics from a partial index's expression: without
-- these it guesses a third of the registry is due and reads all of it (2.3 s
-- at a million rows, against 0.16 s for 5,844 due through the index).
create statistics petitions_ended_stats on (coalesce(closed_at, updated_at)) from petitions;
analyze petitions;

-- +goose Down
drop statistics petitions_ended_stats;
drop index petitions_retention_idx;
