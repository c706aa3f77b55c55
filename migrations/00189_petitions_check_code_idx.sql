-- +goose NO TRANSACTION
-- +goose Up
-- The one search across PR Desk (internal/reports) takes a submission's
-- check code and goes straight to it: without an index the code was found
-- by reading the whole registry. A failed concurrent build leaves an
-- invalid index: it is dropped first.
drop index concurrently if exists petitions_check_code_idx;
create index concurrently petitions_check_code_idx on petitions (check_code);

-- +goose Down
drop index concurrently if exists petitions_check_code_idx;
