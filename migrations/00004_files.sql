-- +goose Up

-- Stored uploads (scans of submissions, photos). The bytes live on disk,
-- content-addressed by their SHA-256 (internal/files); a row is one upload of
-- those bytes under the name it came with, so the same scan added twice is one
-- blob and two rows.
--
-- Ownership is left to the referencing table (petition_files(petition_id,
-- file_id references files) and the like): a foreign key from the owner keeps
-- the link honest, which an entity/entity_id pair here could not, and an
-- owner with several kinds of file says which is which in its own columns.
--
-- Rows are never edited, only inserted and deleted, so like audit_log they
-- carry no updated_at or version.
create table files (
    id          bigint generated always as identity primary key,
    sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    name        text not null check (
                    char_length(name) between 1 and 255
                    and name !~ '[/\\[:cntrl:]]'),
    -- The type sniffed from the content; adding one is a deliberate migration.
    media_type  text not null check (
                    media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff')),
    size        bigint not null check (size > 0),
    created_at  timestamptz not null default now(),
    created_by  bigint references users (id)
);
-- Sweep asks which blobs are still referenced.
create index files_sha256_idx on files (sha256);

-- +goose Down
drop table files;
