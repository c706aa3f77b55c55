-- +goose NO TRANSACTION
-- +goose Up
-- The registry list filtered by a number's start that names a year
-- ("1-14/2021/") reads that year's submissions newest first through this
-- index. Without it the list walked every later year by receipt to reach
-- them (half a second at a million submissions): a year's matches are
-- too many to read by id, and all of them lie in one stretch of time.
drop index concurrently if exists petitions_year_received_idx;
create index concurrently petitions_year_received_idx on petitions (reg_year, received_at desc, id desc);

-- +goose Down
drop index concurrently if exists petitions_year_received_idx;
