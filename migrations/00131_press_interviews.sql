-- +goose Up
-- Journalists' interview requests (regulation clause 4.3): who asks, whom,
-- about what and by when, and how the department handles it.

create table press_interviews (
    id              bigint generated always as identity primary key,
    -- The outlet and the journalist, from the directory.
    outlet_id       bigint references contacts (id),
    journalist_id   bigint references contacts (id),
    topic           text not null check (char_length(topic) between 1 and 300),
    questions       text not null default '' check (char_length(questions) <= 8000),
    -- The journalist's own deadline.
    deadline_at     timestamptz,
    -- The official asked for, from the directory.
    official_id     bigint references contacts (id),
    format          text not null check (format in ('in_person', 'phone', 'written', 'tv', 'radio')),
    status          text not null check (status in ('new', 'agreeing', 'scheduled', 'done', 'declined')),
    decline_reason  text not null default '' check (char_length(decline_reason) <= 2000),
    responsible_id  bigint references users (id),
    talking_points  text not null default '' check (char_length(talking_points) <= 8000),
    agreed_at       timestamptz,
    agreed_minutes  integer check (agreed_minutes between 5 and 480),
    published_url   text not null default '' check (char_length(published_url) <= 500
                        and (published_url = '' or published_url ~ '^https?://[^[:space:]]+$')),
    idempotency_key text unique check (char_length(idempotency_key) between 8 and 64),
    version         integer not null default 1,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    created_by      bigint references users (id),
    check (status <> 'declined' or decline_reason <> ''),
    check (status <> 'scheduled' or agreed_at is not null),
    check ((agreed_at is null) = (agreed_minutes is null))
);
create index press_interviews_open_idx on press_interviews (deadline_at nulls last, id) where status in ('new', 'agreeing', 'scheduled');
create index press_interviews_created_idx on press_interviews (created_at desc, id desc);
create index press_interviews_journalist_idx on press_interviews (journalist_id) where journalist_id is not null;
create index press_interviews_official_idx on press_interviews (official_id) where official_id is not null;

-- +goose Down
drop table press_interviews;
