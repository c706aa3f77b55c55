-- +goose NO TRANSACTION
-- +goose Up
-- The clerk sees in the registry what they registered today: the list
-- reads those ids first (petitions.narrow) through this index, instead of
-- testing every submission of a million for who registered it.
drop index concurrently if exists petitions_created_by_idx;
create index concurrently petitions_created_by_idx on petitions (created_by, created_at);

-- +goose Down
drop index concurrently if exists petitions_created_by_idx;
