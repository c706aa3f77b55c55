-- +goose Up
-- A mail of the outbox carries zero or more attachments, in the order the
-- reader sees them. The bytes are kept only while the mail waits: once it
-- is sent, or given up for good, they are dropped (content null) and the
-- name, type and size stay as the mail's history. The record the file was
-- made from (a report, a letter) is where it is read again.
create table mail_outbox_attachments (
    id            bigint generated always as identity primary key,
    outbox_id     bigint not null references mail_outbox (id) on delete cascade,
    position      smallint not null check (position between 1 and 10),
    file_name     text not null check (char_length(file_name) between 1 and 150),
    content_type  text not null check (char_length(content_type) between 3 and 100),
    size_bytes    integer not null check (size_bytes between 0 and 10485760),
    content       bytea check (content is null or octet_length(content) = size_bytes),
    created_at    timestamptz not null default now(),
    unique (outbox_id, position)
);

-- +goose Down
drop table mail_outbox_attachments;
