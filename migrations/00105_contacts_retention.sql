-- +goose Up
-- The directory's retention (GDPR art. 5(1)(e)): a person whose consent is
-- older than the period staff set, or whose record nobody has used or
-- updated for the years staff set, loses their personal data. The row
-- stays, named "Dzēsta persona #id", with its memberships and uses, so
-- that other areas' links still lead somewhere; personal_data_removed_at
-- tells it from a person still kept.
alter table contacts add column personal_data_removed_at timestamptz;

-- The people a run may concern, by when they last changed.
create index contacts_retention_idx on contacts (updated_at, id)
    where kind = 'person' and merged_into is null and personal_data_removed_at is null;

-- Both periods in one setting, changed together on one form: consent is
-- asked again after consent_years; a record unused and unchanged for
-- idle_years goes.
insert into settings (key, value) values ('contacts.retention', '{"consent_years": 3, "idle_years": 5}');

-- +goose Down
delete from settings where key = 'contacts.retention';
drop index contacts_retention_idx;
alter table contacts drop column personal_data_removed_at;
