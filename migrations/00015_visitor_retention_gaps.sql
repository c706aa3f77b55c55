-- +goose Up
-- What the retention of visitors' details (visitors.Anonymize) left behind
-- until now: the queue's walk-in names, topics and outcomes, and the waiting
-- list's names, contacts, topics and reasons. A row whose details were
-- removed keeps what the counts need (times, states, official, ticket); the
-- checks that want a topic, a name or a contact then no longer apply to it,
-- as on visit_bookings (00012).

alter table visit_queue add column anonymized_at timestamptz;
alter table visit_queue drop constraint visit_queue_check2,
    add constraint visit_queue_check2 check (not walk_in or topic <> '' or anonymized_at is not null);
-- The retention sweep and its preview read the tickets still holding details by time.
create index visit_queue_keep_idx on visit_queue (checked_in_at) where anonymized_at is null;

alter table visit_waitlist add column anonymized_at timestamptz;
alter table visit_waitlist drop constraint visit_waitlist_visitor_name_check,
    add constraint visit_waitlist_visitor_name_check
        check (char_length(visitor_name) <= 200 and (visitor_name <> '' or anonymized_at is not null));
alter table visit_waitlist drop constraint visit_waitlist_topic_check,
    add constraint visit_waitlist_topic_check
        check (char_length(topic) <= 500 and (topic <> '' or anonymized_at is not null));
alter table visit_waitlist drop constraint visit_waitlist_check,
    add constraint visit_waitlist_check check (phone <> '' or email <> '' or anonymized_at is not null);
-- A removed entry loses its reason with the rest (it may name the person).
alter table visit_waitlist drop constraint visit_waitlist_check1,
    add constraint visit_waitlist_check1 check ((removed_at is null) = (removed_reason = '') or anonymized_at is not null);
-- An entry whose details were removed waits no more (visitors.Waitlist).
drop index visit_waitlist_official_id_created_at_idx;
create index visit_waitlist_waiting_idx on visit_waitlist (official_id, created_at)
    where removed_at is null and anonymized_at is null;

-- +goose Down
-- Below this migration a walk-in's ticket must have a topic and a waiting
-- list entry a name, a topic and a contact; retention has blanked them on
-- old ones, and they cannot be brought back: refuse rather than fail
-- half-way on a check.
-- +goose StatementBegin
do $$
declare
    tickets bigint := (select count(*) from visit_queue where anonymized_at is not null);
    entries bigint := (select count(*) from visit_waitlist where anonymized_at is not null);
begin
    if tickets + entries > 0 then
        raise exception 'migration 00015 cannot be undone: retention removed the visitor''s details from % queue ticket(s) and % waiting list entry(ies), and without migration 00015 they must have them', tickets, entries;
    end if;
end $$;
-- +goose StatementEnd
drop index visit_waitlist_waiting_idx;
create index visit_waitlist_official_id_created_at_idx on visit_waitlist (official_id, created_at) where removed_at is null;
alter table visit_waitlist drop constraint visit_waitlist_check1,
    add constraint visit_waitlist_check1 check ((removed_at is null) = (removed_reason = ''));
alter table visit_waitlist drop constraint visit_waitlist_check,
    add constraint visit_waitlist_check check (phone <> '' or email <> '');
alter table visit_waitlist drop constraint visit_waitlist_topic_check,
    add constraint visit_waitlist_topic_check check (char_length(topic) between 1 and 500);
alter table visit_waitlist drop constraint visit_waitlist_visitor_name_check,
    add constraint visit_waitlist_visitor_name_check check (char_length(visitor_name) between 1 and 200);
alter table visit_waitlist drop column anonymized_at;
drop index visit_queue_keep_idx;
alter table visit_queue drop constraint visit_queue_check2,
    add constraint visit_queue_check2 check (not walk_in or topic <> '');
alter table visit_queue drop column anonymized_at;
