-- +goose NO TRANSACTION
-- +goose Up
-- The registry list searches the subject and the summary: every search word
-- must start a word of them, whatever the case and the diacritics
-- ("apgaism" finds "Apgaismojums"). The words are the text search's,
-- without a dictionary ('simple'), of the text lower-cased and without
-- diacritics; the expression is petitions.textSearchVector, word for word,
-- so that the planner matches it. Rare words come from this index; a word
-- half the registry holds is found faster by walking the list's own order.
drop index concurrently if exists petitions_text_search_idx;
create index concurrently petitions_text_search_idx on petitions
    using gin (to_tsvector('simple'::regconfig, lower(prdesk_unaccent(subject || ' ' || summary))));

-- +goose Down
drop index concurrently if exists petitions_text_search_idx;
