-- +goose Up
-- The directory's filters each find their contacts through an index, so a
-- filter that picks a few (a country other than Latvia, a topic, a tag, a
-- language, the opted-out) reads those few instead of walking the list:
-- "country = EE" walked 350 000 contacts for its four. Topics and
-- languages are people's (contacts_check2), which lets their indexes be
-- partial like contacts_topics_idx.
create index contacts_country_idx on contacts (country, sort_key, id) where merged_into is null;
create index contacts_languages_idx on contacts using gin (languages) where kind = 'person';
create index contacts_opt_out_idx on contacts (sort_key, id) where opt_out and merged_into is null;
-- A search of short common words walks the list's order; with a kind it
-- walks that kind's (the organisations sort among the people, mostly
-- under "s" for SIA, so the first thousands of the list held none).
create index contacts_kind_sort_idx on contacts (kind, sort_key, id) where merged_into is null;

-- +goose Down
drop index contacts_kind_sort_idx;
drop index contacts_opt_out_idx;
drop index contacts_languages_idx;
drop index contacts_country_idx;
