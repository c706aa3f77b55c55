-- +goose Up
-- The one search across PR Desk finds press conferences and media events
-- by their title (the topic), diacritic-blind, as it finds releases: a
-- folded copy of the title with a trigram index.
alter table press_events
    add column search text generated always as (lower(prdesk_unaccent(title))) stored;
create index press_events_search_idx on press_events using gin (search gin_trgm_ops);

-- +goose Down
drop index press_events_search_idx;
alter table press_events drop column search;
