-- +goose Up
-- Reminders of the press area's deadlines: a journalist's deadline for an
-- interview request still open, and the day an official text is needed.
-- Each row remembers the deadline it was reminded of, so that a reminder
-- goes once, and again when the deadline moves.
alter table press_interviews add column deadline_reminded_for timestamptz;
alter table press_official_texts add column due_reminded_for date;

-- +goose Down
alter table press_official_texts drop column due_reminded_for;
alter table press_interviews drop column deadline_reminded_for;
