-- +goose Up
-- Registering warns of a similar submission by the same person in the last
-- 30 days, matched by personal code, e-mail or name. The code and the
-- e-mail had indexes, the name had none, so the three-way condition read
-- the whole registry: 1.4 s a registration at a million submissions, while
-- holding the year's counter, so registrations queued behind each other
-- (18 a second). With this index the condition is a union of three index
-- lookups.
create index petitions_search_name_idx on petitions (search_name) where search_name <> '';

-- +goose Down
drop index petitions_search_name_idx;
