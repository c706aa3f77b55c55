-- +goose Up
-- The press area's retention (GDPR art. 5(1)(e)): the journalists'
-- accreditations lose their personal data some months after their event
-- ended (the row stays, with removed_at, for the counts, the attendance and
-- the link to the directory), and a statement in an emergency loses whom
-- staff entered it for some years after the emergency ended (its texts are
-- the municipality's record and stay).

-- When on_behalf_of was blanked by retention; a statement never entered
-- for anyone has none.
alter table press_statements add column on_behalf_removed_at timestamptz;
alter table press_statements add constraint press_statements_on_behalf_removed_check
    check (on_behalf_removed_at is null or on_behalf_of = '');

-- The events a run looks at, by when they ended.
create index press_events_ends_idx on press_events (ends_at, id);

-- Both periods in one setting, changed together on one form.
insert into settings (key, value) values ('press.retention', '{"accreditation_months": 12, "statement_years": 5}');

-- +goose Down
delete from settings where key = 'press.retention';
drop index press_events_ends_idx;
alter table press_statements drop column on_behalf_removed_at;
