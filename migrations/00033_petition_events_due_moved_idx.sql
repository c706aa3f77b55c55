-- +goose NO TRANSACTION
-- +goose Up
-- The list of moved due dates (/petitions/moved) reads the timeline's
-- "due_moved" lines newest first; among the registry's millions of
-- timeline lines they are few, and without this index the page would walk
-- all of them.
drop index concurrently if exists petition_events_due_moved_idx;
create index concurrently petition_events_due_moved_idx on petition_events (id) where kind = 'due_moved';

-- +goose Down
drop index concurrently if exists petition_events_due_moved_idx;
