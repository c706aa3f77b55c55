-- +goose NO TRANSACTION
-- +goose Up
-- The resolution form offers the texts its writer used before: the latest
-- resolutions of one member of the management, newest first.
drop index concurrently if exists petitions_resolution_by_idx;
create index concurrently petitions_resolution_by_idx on petitions (resolution_by, resolution_at desc)
    where resolution_by is not null;

-- +goose Down
drop index concurrently if exists petitions_resolution_by_idx;
