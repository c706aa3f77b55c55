-- +goose Up
-- A cooperation log line's participants (and its result) are free text
-- that may name people: a data subject's request looks through them by
-- name, folded as the directory folds names (contact_search_words: no
-- case, no diacritics, Cyrillic also in Latin letters). Commas, semicolons,
-- brackets, slashes and line breaks part one person from the next: they
-- become the word "0", which no name has, so that "Jānis Ozols, Anna
-- Bērziņa" holds no "Ozols Anna".
alter table twin_log add column search text generated always as (
    contact_search_words(regexp_replace(participants || ' ; ' || result, '[,;/()\r\n]+', ' 0 ', 'g'))) stored;
create index twin_log_search_idx on twin_log using gin (search gin_trgm_ops);

-- +goose Down
drop index twin_log_search_idx;
alter table twin_log drop column search;
