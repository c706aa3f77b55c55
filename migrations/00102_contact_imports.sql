-- +goose Up
-- A file being imported into the directory, held on the server between
-- its upload and the confirmed save (never in a link): its columns, how
-- they map to the directory's fields, each row's cells and its verdict
-- (new, duplicate, invalid) as the last check found it. Owned by the
-- account that uploaded it; gone once saved or discarded, and swept when
-- it expires.
create table contact_imports (
    id             bigint generated always as identity primary key,
    token          text not null unique check (char_length(token) between 20 and 64),
    user_id        bigint not null references users (id) on delete cascade,
    file_name      text not null default '' check (char_length(file_name) <= 255),
    format         text not null check (format in ('csv', 'vcard')),
    encoding       text not null check (encoding in ('utf-8', 'utf-8-bom', 'windows-1257')),
    separator      text not null default '' check (separator in ('', ',', ';', E'\t')),
    headers        text[] not null,
    mapping        text[] not null,
    row_count      integer not null check (row_count between 1 and 50000),
    new_rows       integer not null default 0,
    duplicate_rows integer not null default 0,
    invalid_rows   integer not null default 0,
    -- organisations people of the file work for that neither the directory
    -- nor the file has: the save adds them.
    new_orgs       integer not null default 0,
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null,
    check (cardinality(headers) = cardinality(mapping) and cardinality(headers) between 1 and 200),
    check (expires_at > created_at)
);
create index contact_imports_expires_idx on contact_imports (expires_at);
create index contact_imports_user_idx on contact_imports (user_id);

-- One row of the file: n is its place (1, 2, …), line the file's line it
-- begins on. match_id is a contact the row duplicates (no foreign key: a
-- staged row must not hold a contact back), match_row a row before it in
-- the same file.
create table contact_import_rows (
    import_id   bigint not null references contact_imports (id) on delete cascade,
    n           integer not null check (n >= 1),
    line        integer not null check (line >= 1),
    cells       text[] not null,
    verdict     text not null default 'new' check (verdict in ('new', 'duplicate', 'invalid')),
    reason      text not null default '' check (char_length(reason) <= 60),
    reason_args text[] not null default '{}',
    match_id    bigint,
    match_row   integer,
    match_name  text not null default '',
    primary key (import_id, n)
);

-- +goose Down
drop table contact_import_rows;
drop table contact_imports;
