-- +goose Up
-- What a report said when it was mailed: its figures, the period before's,
-- the most-read and the negative clippings and the outlets' names, as JSON.
-- A clipping judged or added later changes the live figures, not the
-- report the management received; empty (null) until it is sent, and for
-- the reports sent before this column.
alter table monitoring_reports add column content jsonb;

-- +goose Down
alter table monitoring_reports drop column content;
