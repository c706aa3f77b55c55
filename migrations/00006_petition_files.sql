-- +goose Up
-- The files of a submission: its scans, and the files of its answer.
create table petition_files (
    id           bigint generated always as identity primary key,
    petition_id  bigint not null references petitions (id) on delete cascade,
    file_id      bigint not null references files (id),
    kind         text not null check (kind in ('scan', 'answer')),
    created_at   timestamptz not null default now(),
    created_by   bigint references users (id),
    unique (petition_id, file_id)
);
create index petition_files_petition_idx on petition_files (petition_id, kind, id);
create index petition_files_file_idx on petition_files (file_id);

-- +goose Down
drop table petition_files;
