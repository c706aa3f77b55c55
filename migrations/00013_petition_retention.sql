-- +goose Up
-- The retention job looks, case by case, for finished submissions whose
-- personal data is still kept and that ended before the case's cutoff: this
-- index holds only those, so the nightly run and its preview read what is due
-- rather than the whole registry.
create index petitions_retention_idx on petitions (case_id, (coalesce(closed_at, updated_at)))
    where personal_data_removed_at is null and state in ('closed', 'forwarded', 'unexamined', 'joined');

-- +goose Down
drop index petitions_retention_idx;
