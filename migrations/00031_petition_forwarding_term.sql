-- +goose Up
-- The forwarding term (Iesniegumu likums, section 4(2): 7 working days
-- until 28.02.2026, 5 from 01.03.2026; the rules table holds both),
-- whether the forward step kept it, and the latest due date the person was
-- told (the acknowledgement, a notice of extension), below which a
-- recomputed due date never falls.
--
-- New columns without a default: no row is rewritten. The registry fills
-- forward_due_date at registration; an open submission registered before
-- this migration gets it from the nightly job that also runs at start
-- (petitions.FillForwardArgs), in batches. told_due_date stays empty on
-- those rows: the first recomputation of their due date takes the due date
-- then stored as the one told, when the person was sent an acknowledgement.
alter table petitions
    add column forward_due_date  date,
    add column forwarded_on_time boolean,
    add column told_due_date     date;

-- +goose Down
alter table petitions
    drop column told_due_date,
    drop column forwarded_on_time,
    drop column forward_due_date;
