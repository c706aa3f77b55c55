-- +goose Up
-- The clippings' revision (see migration 00020): it moves on at every
-- change of what the list's filters read (the clippings, their topics and
-- mentions, and a contact merged into another, which the outlet and
-- mention filters follow), so a server can keep the list's bounded counts
-- by filter and check them in the round trip that reads the page: a list
-- page counts up to a thousand and one rows, which is most of its database
-- time, and the clippings change a few times an hour.
insert into revisions (name) values ('monitoring_clippings');
create trigger monitoring_clippings_revision after insert or update or delete or truncate on monitoring_clippings
    for each statement execute function revision_bump('monitoring_clippings');
create trigger monitoring_clipping_topics_revision after insert or update or delete or truncate on monitoring_clipping_topics
    for each statement execute function revision_bump('monitoring_clippings');
create trigger monitoring_mentions_revision after insert or update or delete or truncate on monitoring_mentions
    for each statement execute function revision_bump('monitoring_clippings');
create trigger contacts_merged_monitoring_revision after update of merged_into on contacts
    for each statement execute function revision_bump('monitoring_clippings');

-- +goose Down
drop trigger contacts_merged_monitoring_revision on contacts;
drop trigger monitoring_mentions_revision on monitoring_mentions;
drop trigger monitoring_clipping_topics_revision on monitoring_clipping_topics;
drop trigger monitoring_clippings_revision on monitoring_clippings;
delete from revisions where name = 'monitoring_clippings';
