-- +goose NO TRANSACTION
-- +goose Up
-- The awards' name search finds the nominees whose names have words that
-- start with each word typed ("pet" finds "Pētersone" and "Pēteris", "ann
-- pet" the first), diacritic-blind, as the registry's text search does:
-- the words of name_key (already folded) by prdesk_search_words, matched
-- with a prefix query. The trigram index served the old substring match
-- only and goes once the new one stands. A failed concurrent build leaves
-- an invalid index: it is dropped first.
drop index concurrently if exists award_nominations_name_words_idx;
create index concurrently award_nominations_name_words_idx on award_nominations
    using gin (prdesk_search_words(name_key));
drop index concurrently if exists award_nominations_name_idx;

-- +goose Down
create index concurrently if not exists award_nominations_name_idx on award_nominations using gin (name_key gin_trgm_ops);
drop index concurrently if exists award_nominations_name_words_idx;
