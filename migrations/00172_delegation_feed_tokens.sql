-- +goose Up
-- A participant's own calendar feed of the programme items they take part
-- in: a secret address per account, kept as its SHA-256 only.
create table delegation_feed_tokens (
    user_id    bigint primary key references users (id),
    token_hash bytea not null unique check (octet_length(token_hash) = 32),
    created_at timestamptz not null default now()
);

-- +goose Down
drop table delegation_feed_tokens;
