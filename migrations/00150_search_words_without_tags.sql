-- +goose Up
-- The text search's parser takes "<…>" for an HTML tag and drops it, and
-- unaccent turns the Russian and Latvian quotes « » into << >>: a quoted
-- name, «Daugavpils», was not in the words at all, nor a word written
-- against a < or >. prdesk_search_words is the one spelling of "the words
-- of a text" for every text search: lower case, no diacritics, no angle
-- brackets, no dictionary ('simple'). Queries spell their vector with it
-- too, so that the planner matches the indexes.
create function prdesk_search_words(text) returns tsvector
language sql immutable parallel safe strict
as $$ select to_tsvector('simple'::regconfig, translate(lower(prdesk_unaccent($1)), '<>', '  ')) $$;

alter table monitoring_clippings drop column search;
alter table monitoring_clippings add column search tsvector
    generated always as (prdesk_search_words(title || ' ' || author || ' ' || body)) stored;
create index monitoring_clippings_search_idx on monitoring_clippings using gin (search);

-- +goose Down
alter table monitoring_clippings drop column search;
alter table monitoring_clippings add column search tsvector
    generated always as (to_tsvector('simple', lower(prdesk_unaccent(title || ' ' || author || ' ' || body)))) stored;
create index monitoring_clippings_search_idx on monitoring_clippings using gin (search);
drop function prdesk_search_words(text);
