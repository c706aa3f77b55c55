-- +goose NO TRANSACTION
-- +goose Up
-- The head's reports list the submissions forwarded after their
-- forwarding term (petitions.ForwardedLateIn): a few among a million, found
-- through this small index rather than by reading every forwarding term.
drop index concurrently if exists petitions_forwarded_late_idx;
create index concurrently petitions_forwarded_late_idx on petitions (forward_due_date, id)
    where forwarded_on_time = false;

-- +goose Down
drop index concurrently if exists petitions_forwarded_late_idx;
