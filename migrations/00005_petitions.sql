-- +goose Up
-- The citizens' submissions registry (regulation clause 4.17).

-- The municipality's document classification scheme (dokumentu klasifikācijas shēma).
create table doc_cases (
    id              bigint generated always as identity primary key,
    case_index      text not null unique check (case_index ~ '^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$'),
    title           text not null check (char_length(title) between 1 and 300),
    retention_years integer check (retention_years between 1 and 100), -- null: kept permanently
    responsible_id  bigint references users (id),
    active          boolean not null default true,
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    created_by      bigint references users (id)
);

-- The terms in force on a day of receipt; staff add a row when the law changes.
create table petition_deadline_rules (
    id          bigint generated always as identity primary key,
    kind        text not null check (kind in ('answer', 'extended', 'forward')),
    valid_from  date not null,
    amount      integer not null check (amount between 1 and 365),
    unit        text not null check (unit in ('working_days', 'months')),
    basis_lv    text not null check (char_length(basis_lv) between 1 and 500),
    basis_en    text not null check (char_length(basis_en) between 1 and 500),
    version     integer not null default 1,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    created_by  bigint references users (id),
    unique (kind, valid_from)
);
insert into petition_deadline_rules (kind, valid_from, amount, unit, basis_lv, basis_en) values
 ('answer',   '2000-01-01', 1,  'months',       'Iesniegumu likuma 5. panta pirmā daļa (redakcija līdz 28.02.2026.): viens mēnesis', 'Law on Submissions, s. 5(1) (as in force until 28.02.2026): one month'),
 ('extended', '2000-01-01', 4,  'months',       'Iesniegumu likuma 5. panta otrā daļa (redakcija līdz 28.02.2026.): līdz četriem mēnešiem, paziņojot personai', 'Law on Submissions, s. 5(2) (until 28.02.2026): up to four months, with notice to the person'),
 ('forward',  '2000-01-01', 7,  'working_days', 'Iesniegumu likuma 4. panta otrā daļa (redakcija līdz 28.02.2026.): septiņas darbdienas', 'Law on Submissions, s. 4(2) (until 28.02.2026): seven working days'),
 ('answer',   '2026-03-01', 10, 'working_days', 'Iesniegumu likums (redakcija no 01.03.2026.): desmit darbdienas', 'Law on Submissions (from 01.03.2026): ten working days'),
 ('extended', '2026-03-01', 1,  'months',       'Iesniegumu likums (redakcija no 01.03.2026.): viens mēnesis, ja jāiegūst informācija vai jākonsultējas ar citām iestādēm, paziņojot personai', 'Law on Submissions (from 01.03.2026): one month where information must be obtained or other institutions consulted, with notice to the person'),
 ('forward',  '2026-03-01', 5,  'working_days', 'Iesniegumu likums (redakcija no 01.03.2026.): piecas darbdienas pārsūtīšanai kompetentajai iestādei', 'Law on Submissions (from 01.03.2026): five working days to forward to the competent institution');

-- One gapless sequence a year: the row is locked by the registering transaction.
create table petition_counters (
    year integer primary key,
    last integer not null check (last >= 0)
);

create table petitions (
    id                bigint generated always as identity primary key,
    reg_number        text not null unique,
    case_id           bigint not null references doc_cases (id),
    reg_year          integer not null,
    reg_seq           integer not null,
    received_at       timestamptz not null,
    channel           text not null check (channel in ('in_person', 'post', 'email', 'eaddress', 'portal', 'phone')),
    doc_type          text not null check (doc_type in ('submission', 'letter', 'proposal', 'complaint', 'suggestion')),
    anonymous         boolean not null default false,
    person_name       text not null default '' check (char_length(person_name) <= 200),
    person_code       text not null default '' check (person_code = '' or person_code ~ '^[0-9]{6}-[0-9]{5}$'),
    person_address    text not null default '' check (char_length(person_address) <= 300),
    person_email      text not null default '' check (char_length(person_email) <= 254),
    person_phone      text not null default '' check (char_length(person_phone) <= 40),
    has_eaddress      boolean not null default false,
    reply_channel     text check (reply_channel in ('eaddress', 'email', 'post', 'in_person')),
    e_signed          boolean not null default false,
    addressee_id      bigint not null references users (id),
    subject           text not null check (char_length(subject) between 1 and 300),
    summary           text not null default '' check (char_length(summary) <= 4000),
    pages             integer not null default 1 check (pages between 0 and 10000),
    state             text not null default 'registered' check (state in
                        ('registered', 'awaiting_resolution', 'in_progress', 'answered', 'closed',
                         'forwarded', 'unexamined', 'joined')),
    due_date          date not null,
    legal_due_date    date not null,
    due_explanation   jsonb not null,
    extended          boolean not null default false,
    check_code        text not null check (char_length(check_code) between 6 and 20),
    idempotency_key   text not null unique check (char_length(idempotency_key) between 8 and 64),
    forwarded_to      text not null default '',
    unexamined_reason text not null default '',
    joined_to_id      bigint references petitions (id),
    resolution_text   text not null default '',
    resolution_by     bigint references users (id),
    resolution_at     timestamptz,
    answered_on       date,
    closed_at         timestamptz,
    personal_data_removed_at timestamptz,
    search_name       text generated always as (lower(prdesk_unaccent(person_name))) stored,
    version           integer not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    created_by        bigint references users (id),
    unique (reg_year, reg_seq),
    check (anonymous or person_name <> '' or personal_data_removed_at is not null),
    check (state <> 'joined' or joined_to_id is not null)
);
create index petitions_received_idx on petitions (received_at desc, id desc);
create index petitions_due_idx on petitions (due_date, id) where state in ('registered', 'awaiting_resolution', 'in_progress');
create index petitions_state_idx on petitions (state, received_at desc, id desc);
create index petitions_addressee_idx on petitions (addressee_id, state);
create index petitions_name_trgm_idx on petitions using gin (search_name gin_trgm_ops);
create index petitions_code_idx on petitions (person_code) where person_code <> '';
create index petitions_email_idx on petitions (lower(person_email)) where person_email <> '';

-- Who carries out the resolution: a staff member or a unit.
create table petition_executors (
    id           bigint generated always as identity primary key,
    petition_id  bigint not null references petitions (id) on delete cascade,
    user_id      bigint references users (id),
    unit         text not null default '' check (char_length(unit) <= 200),
    due_date     date not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id),
    check ((user_id is not null) <> (unit <> ''))
);
create index petition_executors_user_idx on petition_executors (user_id, petition_id);
create unique index petition_executors_once_idx on petition_executors (petition_id, coalesce(user_id, 0), unit);

-- Everything that happened to a submission, in order: the card's timeline.
create table petition_events (
    id           bigint generated always as identity primary key,
    petition_id  bigint not null references petitions (id) on delete cascade,
    kind         text not null,
    from_state   text,
    to_state     text,
    note         text not null default '' check (char_length(note) <= 4000),
    details      jsonb,
    created_at   timestamptz not null default now(),
    created_by   bigint references users (id)
);
create index petition_events_petition_idx on petition_events (petition_id, id);

-- The outgoing answer, registered with its own number.
create table petition_answers (
    id           bigint generated always as identity primary key,
    petition_id  bigint not null unique references petitions (id) on delete cascade,
    reg_number   text not null unique check (char_length(reg_number) between 1 and 60),
    answered_on  date not null,
    channel      text not null check (channel in ('eaddress', 'email', 'post', 'in_person')),
    body         text not null default '' check (char_length(body) <= 20000),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id)
);

-- Notices to the person (acknowledgement, extension, forwarding, answer), by their channel.
create table petition_notices (
    id           bigint generated always as identity primary key,
    petition_id  bigint not null references petitions (id) on delete cascade,
    kind         text not null check (kind in ('acknowledgement', 'extension', 'forwarding', 'answer')),
    channel      text not null check (channel in ('eaddress', 'email', 'post', 'in_person')),
    outbox_id    bigint references mail_outbox (id),
    status       text not null check (status in ('queued', 'to_print', 'handed_over', 'sent', 'failed')),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    created_by   bigint references users (id)
);
create index petition_notices_petition_idx on petition_notices (petition_id, id);

-- Counts by state kept in the same transaction as every change, so list pages never count a million rows.
create table petition_state_counts (
    state text primary key,
    n     bigint not null check (n >= 0)
);
insert into petition_state_counts (state, n)
select s, 0 from unnest(array['registered', 'awaiting_resolution', 'in_progress', 'answered', 'closed',
                              'forwarded', 'unexamined', 'joined']) s;

-- +goose StatementBegin
create function petition_state_counts_keep() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update petition_state_counts set n = n - 1 where state = old.state;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update petition_state_counts set n = n + 1 where state = new.state;
    end if;
    return null;
end $$;
-- +goose StatementEnd
create trigger petition_state_counts_insert_delete after insert or delete on petitions
    for each row execute function petition_state_counts_keep();
create trigger petition_state_counts_update after update of state on petitions
    for each row when (old.state is distinct from new.state) execute function petition_state_counts_keep();

-- +goose Down
drop table petition_state_counts;
drop function petition_state_counts_keep cascade;
drop table petition_notices;
drop table petition_answers;
drop table petition_events;
drop table petition_executors;
drop table petitions;
drop table petition_counters;
drop table petition_deadline_rules;
drop table doc_cases;
