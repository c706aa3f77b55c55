-- +goose Up
-- The planner estimates a name search (search_name like '%…%') from this
-- column's statistics. At the default target it guessed about a hundred
-- matches for a common surname among a million rows (there were twelve
-- thousand) and sorted them all from the trigram index (60 ms); with a finer
-- histogram it walks the receipt-date index for common names (under 6 ms)
-- and keeps the trigram index for rare ones (under 1 ms).
alter table petitions alter column search_name set statistics 1000;

-- +goose Down
alter table petitions alter column search_name set statistics -1;
