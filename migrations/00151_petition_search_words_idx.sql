-- +goose NO TRANSACTION
-- +goose Up
-- The registry's text search in the words of migration 00150, which keep
-- a «quoted» name; built beside the old index, which goes only after.
create index concurrently if not exists petitions_search_words_idx on petitions
    using gin (prdesk_search_words(subject || ' ' || summary));
drop index concurrently if exists petitions_text_search_idx;

-- +goose Down
create index concurrently if not exists petitions_text_search_idx on petitions
    using gin (to_tsvector('simple'::regconfig, lower(prdesk_unaccent(subject || ' ' || summary))));
drop index concurrently if exists petitions_search_words_idx;
