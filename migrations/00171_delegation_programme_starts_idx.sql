-- +goose Up
-- The programme's clash warnings look for the items of the same people in
-- a delegation's span across every delegation: by start, bounded by the
-- longest item (a day), rather than through the people's every item.
create index delegation_programme_starts_idx on delegation_programme (starts_at);

-- +goose Down
drop index delegation_programme_starts_idx;
