-- +goose Up
-- An event's invitation mailed to mailing lists and journalists: one
-- personalised mail a recipient through the outbox, whose rows carry
-- entity 'press_invitation' and this id; the counts are as it went out.
create table press_invitations (
    id         bigint generated always as identity primary key,
    event_id   bigint not null references press_events (id),
    list_ids   bigint[] not null default '{}',
    person_ids bigint[] not null default '{}',
    recipients integer not null check (recipients > 0),
    left_out   integer not null default 0 check (left_out >= 0),
    sent_at    timestamptz not null,
    created_by bigint references users (id),
    check (cardinality(list_ids) + cardinality(person_ids) > 0)
);
create index press_invitations_event_idx on press_invitations (event_id, id);

-- +goose Down
drop table press_invitations;
