-- +goose NO TRANSACTION
-- +goose Up
-- A period's figures (the trends, a report's page and its PDF, Summary)
-- group the clippings published in it by tone, day, outlet and media type,
-- and join their topics and mentions by id: this index holds all of those,
-- so a month's 40 000 clippings are read from it alone (after a vacuum)
-- instead of from their rows all over the table (half a second a query at
-- a million clippings, six queries for a period). Built concurrently: the
-- table may already be large.
create index concurrently if not exists monitoring_clippings_period_idx on monitoring_clippings (published_at)
    include (id, tone, reach, outlet_id, media_type);

-- +goose Down
drop index concurrently if exists monitoring_clippings_period_idx;
