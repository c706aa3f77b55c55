-- +goose Up
-- A staff member's saved searches of the clippings: a name and the list's
-- filters as its query string, so that "negative about transport this
-- month" is one click away.
create table monitoring_saved_searches (
    id         bigint generated always as identity primary key,
    user_id    bigint not null references users (id),
    name       text not null check (char_length(name) between 1 and 100),
    query      text not null check (char_length(query) <= 2000),
    created_at timestamptz not null,
    unique (user_id, name)
);

-- +goose Down
drop table monitoring_saved_searches;
