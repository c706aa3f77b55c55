-- +goose Up
-- A log line with Cyrillic is searched with its Latin spellings appended
-- (contact_search_words), so its last word stood next to the first word of
-- the spelling: "… Liepa" then "ivan petrov …" held the name "Liepa Ivan".
-- A separator at the line's end parts them, as commas part people.
drop index twin_log_search_idx;
alter table twin_log drop column search;
alter table twin_log add column search text generated always as (
    contact_search_words(regexp_replace(participants || ' ; ' || result || ' ;', '[,;/()\r\n]+', ' 0 ', 'g'))) stored;
create index twin_log_search_idx on twin_log using gin (search gin_trgm_ops);

-- +goose Down
drop index twin_log_search_idx;
alter table twin_log drop column search;
alter table twin_log add column search text generated always as (
    contact_search_words(regexp_replace(participants || ' ; ' || result, '[,;/()\r\n]+', ' 0 ', 'g'))) stored;
create index twin_log_search_idx on twin_log using gin (search gin_trgm_ops);
