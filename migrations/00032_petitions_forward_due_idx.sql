-- +goose NO TRANSACTION
-- +goose Up
-- The registry list filters the open submissions by their forwarding term
-- ("passed", "due soon") and sorts them by it, page by page (keyset on
-- (forward_due_date, id)); the recomputation of due dates finds the open
-- submissions whose forwarding term reaches a changed day. Open ones only,
-- as the due-date index: the forwarding term of a submission that is
-- answered, closed or forwarded no longer runs.
drop index concurrently if exists petitions_forward_due_idx;
create index concurrently petitions_forward_due_idx on petitions (forward_due_date, id)
    where state in ('registered', 'awaiting_resolution', 'in_progress');

-- +goose Down
drop index concurrently if exists petitions_forward_due_idx;
