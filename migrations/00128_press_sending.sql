-- +goose Up
-- Sending an approved press release (regulation clause 4.1): to mailing
-- lists and journalists picked one by one, at once or at a planned time,
-- one personalised mail per recipient through the outbox, each recipient's
-- delivery kept.

create table press_sendings (
    id          bigint generated always as identity primary key,
    release_id  bigint not null,
    -- The approved version that went (or will go) out.
    version_no  integer not null,
    list_ids    bigint[] not null default '{}',
    person_ids  bigint[] not null default '{}',
    -- When it goes out: the moment it was confirmed, or the planned time.
    planned_at  timestamptz not null,
    status      text not null check (status in ('planned', 'sent', 'cancelled')),
    -- A resend to those an earlier sending failed for.
    resend_of   bigint references press_sendings (id),
    sent_at     timestamptz,
    recipients  integer not null default 0 check (recipients >= 0),
    left_out    integer not null default 0 check (left_out >= 0),
    created_at  timestamptz not null,
    created_by  bigint references users (id),
    foreign key (release_id, version_no) references press_release_versions (release_id, no),
    check (cardinality(list_ids) + cardinality(person_ids) > 0 or resend_of is not null),
    check ((status = 'sent') = (sent_at is not null))
);
create index press_sendings_release_idx on press_sendings (release_id, id);
-- A release has at most one sending waiting for its time.
create unique index press_sendings_one_planned on press_sendings (release_id) where status = 'planned';

-- One recipient of one sending: the contact, the address and language the
-- mail went to, and its outbox row, whose status is the delivery's.
create table press_deliveries (
    id          bigint generated always as identity primary key,
    sending_id  bigint not null references press_sendings (id),
    release_id  bigint not null references press_releases (id),
    contact_id  bigint not null references contacts (id),
    email       text not null check (char_length(email) between 3 and 254),
    lang        text not null check (lang in ('lv', 'ru', 'en')),
    outbox_id   bigint not null references mail_outbox (id),
    unique (sending_id, contact_id)
);
create index press_deliveries_release_idx on press_deliveries (release_id, id);
create index press_deliveries_contact_idx on press_deliveries (contact_id);
create index press_deliveries_outbox_idx on press_deliveries (outbox_id);

-- +goose Down
drop table press_deliveries;
drop table press_sendings;
