-- +goose Up
-- The directory's list sorts by its column headings: by type (organisations
-- by their type, then people, by name within each) and by the last change,
-- newest first. Each order is an index the list walks page by page, as the
-- name's order walks contacts_sort_idx.
create index contacts_type_sort_idx on contacts (kind, (coalesce(org_type, '')), sort_key, id) where merged_into is null;
create index contacts_updated_idx on contacts (updated_at desc, id desc) where merged_into is null;

-- +goose Down
drop index contacts_updated_idx;
drop index contacts_type_sort_idx;
