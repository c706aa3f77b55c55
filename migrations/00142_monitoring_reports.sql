-- +goose Up
-- Media monitoring's reports to the management and to staff (clause 4.5:
-- "inform the management regularly"): a weekly or monthly report of a
-- period with the department's short summary, mailed on a schedule to the
-- recipients the head keeps; and the alerts sent when a day's coverage
-- (all of it, or a topic's) jumps above its usual level.

-- One report a kind and period: the schedule that creates a missing one
-- and the button that does the same meet here, and a period is never
-- mailed twice.
create table monitoring_reports (
    id           bigint generated always as identity primary key,
    kind         text not null check (kind in ('weekly', 'monthly')),
    -- The period's first and last day, in Riga.
    period_start date not null,
    period_end   date not null,
    -- The staff member's short summary of the period.
    summary      text not null default '' check (char_length(summary) <= 5000),
    status       text not null default 'draft' check (status in ('draft', 'sent')),
    sent_at      timestamptz,
    -- How many recipients the mail went to.
    recipients   integer not null default 0 check (recipients >= 0),
    version      integer not null default 1,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    created_by   bigint references users (id),
    constraint monitoring_reports_period_key unique (kind, period_start),
    check ((status = 'sent') = (sent_at is not null)),
    -- A week runs Monday to Sunday; a month from its first day to its last.
    check (kind <> 'weekly' or (extract(isodow from period_start) = 1 and period_end = period_start + 6)),
    check (kind <> 'monthly' or (extract(day from period_start) = 1
                                 and period_end = (period_start + interval '1 month')::date - 1))
);
create index monitoring_reports_end_idx on monitoring_reports (period_end desc, kind, id desc);

-- The settings of the reports and alerts: one row, kept by the head.
create table monitoring_report_settings (
    id             boolean primary key default true check (id),
    -- Which reports go out on their own: the week's on Monday at 08:00,
    -- the month's on its first day at 08:00 (Riga).
    weekly         boolean not null default false,
    monthly        boolean not null default false,
    -- A day's coverage above multiple × its four-week daily average, and
    -- at least minimum clippings, alerts the head.
    spike_alerts   boolean not null default true,
    spike_multiple numeric(3, 1) not null default 2.0 check (spike_multiple between 1.1 and 20),
    spike_minimum  integer not null default 5 check (spike_minimum between 1 and 10000),
    version        integer not null default 1,
    updated_at     timestamptz,
    updated_by     bigint references users (id)
);
insert into monitoring_report_settings (id) values (true);

-- Whom the reports are mailed to: an account (its address as the account
-- has it when the mail goes), or a name and address.
create table monitoring_report_recipients (
    id         bigint generated always as identity primary key,
    user_id    bigint references users (id),
    name       text not null default '' check (char_length(name) <= 200),
    email      text not null default '' check (char_length(email) <= 254),
    created_at timestamptz not null,
    created_by bigint references users (id),
    check ((user_id is null) <> (email = '')),
    check (user_id is not null or name <> '')
);
create unique index monitoring_report_recipients_user_key on monitoring_report_recipients (user_id) where user_id is not null;
create unique index monitoring_report_recipients_email_key on monitoring_report_recipients (lower(email)) where email <> '';

-- The alerts sent: one a day for the whole coverage (no topic) and one a
-- day a topic, however often the job looks.
create table monitoring_alerts (
    id         bigint generated always as identity primary key,
    day        date not null,
    topic_id   bigint references monitoring_topics (id),
    count      integer not null check (count >= 0),
    -- The four weeks' daily average and the multiple it was compared by.
    average    numeric(10, 2) not null check (average >= 0),
    multiple   numeric(3, 1) not null,
    recipients integer not null default 0 check (recipients >= 0),
    created_at timestamptz not null,
    constraint monitoring_alerts_day_topic_key unique nulls not distinct (day, topic_id)
);
create index monitoring_alerts_created_idx on monitoring_alerts (created_at desc, id desc);

-- +goose Down
drop table monitoring_alerts;
drop table monitoring_report_recipients;
drop table monitoring_report_settings;
drop table monitoring_reports;
