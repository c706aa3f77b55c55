-- +goose Up
-- The head's weekly and monthly reports to the executive director (clause
-- 9.1). A report is one per kind and period. While it is a draft its
-- figures and notable items are read from the areas when it is opened; on
-- submission they are kept in content, so the report the director reads
-- stays as the head submitted it. The head's own words are the three
-- texts; the director's questions and the head's answers are comments on
-- one section each.

create table department_reports (
    id            bigint generated always as identity primary key,
    kind          text not null check (kind in ('weekly', 'monthly')),
    period_start  date not null,
    period_end    date not null, -- the last day
    status        text not null default 'draft' check (status in ('draft', 'submitted')),
    highlights    text not null default '' check (char_length(highlights) <= 8000),
    problems      text not null default '' check (char_length(problems) <= 8000),
    plans         text not null default '' check (char_length(plans) <= 8000),
    content       jsonb,
    submitted_at  timestamptz,
    submitted_by  bigint references users (id),
    -- How many the submission was mailed to.
    recipients    integer not null default 0,
    read_at       timestamptz,
    read_by       bigint references users (id),
    version       integer not null default 1,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    created_by    bigint references users (id),
    unique (kind, period_start),
    check (period_end >= period_start),
    check ((status = 'submitted') = (submitted_at is not null and content is not null)),
    check (read_at is null or status = 'submitted')
);
create index department_reports_archive_idx on department_reports (period_end desc, kind, id desc);

create table department_report_comments (
    id          bigint generated always as identity primary key,
    report_id   bigint not null references department_reports (id) on delete cascade,
    -- The section: an area's figures (figures:petitions), the notable
    -- items (notable), or one of the head's texts (highlights, problems,
    -- plans).
    section     text not null check (section ~ '^[a-z_]+(:[a-z_]+)?$' and char_length(section) <= 40),
    body        text not null check (char_length(btrim(body)) between 1 and 4000),
    author_id   bigint references users (id),
    created_at  timestamptz not null
);
create index department_report_comments_report_idx on department_report_comments (report_id, id);

-- +goose Down
drop table department_report_comments;
drop table department_reports;
