-- +goose Up
-- Municipal awards (regulation clause 3.7): the award types with their
-- statute, the rounds of a year, the nominations, the commission's
-- declarations of conflict and scores, and the decision's laureates.
-- Nominees, nominators and commission members who are not users are
-- contacts of the directory (internal/contacts); a public nomination keeps
-- the names as the nominator typed them until staff link them to the
-- directory.

create table award_types (
    id                 bigint generated always as identity primary key,
    name               text not null unique check (char_length(name) between 1 and 200),
    description        text not null default '' check (char_length(description) <= 4000),
    -- Who may nominate, as the statute says it.
    nominators         text not null default '' check (char_length(nominators) <= 1000),
    -- The documents a nomination needs, one a line.
    documents          text[] not null default '{}' check (cardinality(documents) <= 10),
    max_per_year       integer not null check (max_per_year between 1 and 100),
    repeat_allowed     boolean not null default false,
    -- After how many years a laureate may receive it again (null: any year).
    repeat_after_years integer check (repeat_after_years between 1 and 100),
    decision_body      text not null check (char_length(decision_body) between 1 and 200),
    sort_name          text collate "lv-x-icu" generated always as (name) stored,
    idempotency_key    text unique check (char_length(idempotency_key) between 8 and 64),
    version            integer not null default 1,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    created_by         bigint references users (id),
    check (repeat_allowed or repeat_after_years is null)
);

-- The criteria of a type's statute, each with its weight (1–100).
create table award_criteria (
    id         bigint generated always as identity primary key,
    type_id    bigint not null references award_types (id) on delete cascade,
    position   integer not null check (position between 1 and 20),
    name       text not null check (char_length(name) between 1 and 200),
    weight     integer not null check (weight between 1 and 100),
    created_at timestamptz not null default now(),
    -- Deferred: an edit reorders and renames criteria in place.
    unique (type_id, position) deferrable initially deferred,
    unique (type_id, name) deferrable initially deferred
);

create table award_rounds (
    id              bigint generated always as identity primary key,
    type_id         bigint not null references award_types (id),
    year            integer not null check (year between 1990 and 2100),
    call_text       text not null default '' check (char_length(call_text) <= 8000),
    opens_on        date not null,
    closes_on       date not null,
    meeting_on      date,
    decision_on     date,
    ceremony_on     date,
    status          text not null default 'prepared'
                        check (status in ('prepared', 'open', 'closed', 'judged', 'decided', 'awarded')),
    -- The public nomination form's link.
    token           text not null unique check (token ~ '^[A-Z2-7]{20,64}$'),
    -- The decision: its body (from the statute unless changed), number and date.
    decision_body   text not null default '' check (char_length(decision_body) <= 200),
    decision_number text not null default '' check (char_length(decision_number) <= 50),
    decision_date   date,
    proposal        text not null default '' check (char_length(proposal) <= 4000),
    ceremony_place  text not null default '' check (char_length(ceremony_place) <= 300),
    idempotency_key text unique check (char_length(idempotency_key) between 8 and 64),
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    created_by      bigint references users (id),
    unique (type_id, year),
    check (closes_on >= opens_on),
    check (meeting_on is null or meeting_on >= closes_on),
    check (decision_on is null or decision_on >= closes_on),
    check (ceremony_on is null or decision_on is null or ceremony_on >= decision_on),
    check (status not in ('decided', 'awarded') or (decision_number <> '' and decision_date is not null))
);
create index award_rounds_year_idx on award_rounds (year desc, id desc);

create table award_nominations (
    id                    bigint generated always as identity primary key,
    round_id              bigint not null references award_rounds (id),
    nominee_kind          text not null check (nominee_kind in ('person', 'organisation')),
    -- The nominee of the directory, or, until staff link one, the name
    -- as a public nomination gave it.
    nominee_contact_id    bigint references contacts (id),
    nominee_name          text not null default '' check (char_length(nominee_name) <= 300),
    nominee_birth_date    date,
    nominee_personal_code text not null default '' check (nominee_personal_code = '' or nominee_personal_code ~ '^[0-9]{6}-[0-9]{5}$'),
    nominator_kind        text not null check (nominator_kind in ('person', 'organisation', 'unit')),
    nominator_contact_id  bigint references contacts (id),
    nominator_name        text not null default '' check (char_length(nominator_name) <= 300),
    nominator_email       text not null default '' check (char_length(nominator_email) <= 254),
    justification         text not null default '' check (char_length(justification) <= 8000),
    -- The justification in one sentence, for the register.
    citation              text not null default '' check (char_length(citation) <= 300),
    -- The required documents received (names from the type's statute).
    documents             text[] not null default '{}' check (cardinality(documents) <= 10),
    consent_nominated     boolean not null default false,
    consent_publish       boolean not null default false,
    consent_on            date,
    source                text not null default 'staff' check (source in ('staff', 'public')),
    laureate              boolean not null default false,
    -- The nominee's name folded (lower case, no diacritics): the list's
    -- and the register's search and the eligibility's match; kept by the
    -- store from the directory's name or the typed one.
    name_key              text not null default '',
    personal_data_removed_at timestamptz,
    idempotency_key       text unique check (char_length(idempotency_key) between 8 and 64),
    version               integer not null default 1,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            bigint references users (id),
    check (nominee_contact_id is not null or nominee_name <> '' or personal_data_removed_at is not null),
    check (nominator_contact_id is not null or nominator_name <> '' or personal_data_removed_at is not null),
    check (consent_on is not null or not (consent_nominated or consent_publish))
);
create index award_nominations_round_idx on award_nominations (round_id, id);
create index award_nominations_name_idx on award_nominations using gin (name_key gin_trgm_ops);
create index award_nominations_key_idx on award_nominations (name_key);
create index award_nominations_laureate_idx on award_nominations (round_id) where laureate;
create index award_nominations_created_idx on award_nominations (created_at, id);
create index award_nominations_nominee_idx on award_nominations (nominee_contact_id) where nominee_contact_id is not null;
create index award_nominations_nominator_idx on award_nominations (nominator_contact_id) where nominator_contact_id is not null;

-- A nomination's documents (uploads through internal/files).
create table award_nomination_files (
    nomination_id bigint not null references award_nominations (id) on delete cascade,
    file_id       bigint not null references files (id),
    created_at    timestamptz not null default now(),
    primary key (nomination_id, file_id)
);

-- Counts kept by triggers: the list's counts never scan.
create table award_round_counts (
    round_id    bigint primary key references award_rounds (id) on delete cascade,
    nominations integer not null default 0,
    laureates   integer not null default 0
);

-- +goose StatementBegin
create function award_count() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update award_round_counts set nominations = nominations - 1, laureates = laureates - old.laureate::int
        where round_id = old.round_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into award_round_counts (round_id, nominations, laureates) values (new.round_id, 1, new.laureate::int)
        on conflict (round_id) do update set nominations = award_round_counts.nominations + 1,
            laureates = award_round_counts.laureates + new.laureate::int;
    end if;
    return null;
end $$;
-- +goose StatementEnd
create trigger award_nominations_count after insert or delete or update of round_id, laureate on award_nominations
    for each row execute function award_count();

-- The commission of a round: users or contacts of the directory.
create table award_members (
    id         bigint generated always as identity primary key,
    round_id   bigint not null references award_rounds (id),
    user_id    bigint references users (id),
    contact_id bigint references contacts (id),
    role       text not null default 'member' check (role in ('chair', 'member', 'secretary')),
    present    boolean not null default true,
    created_at timestamptz not null default now(),
    created_by bigint references users (id),
    check ((user_id is null) <> (contact_id is null)),
    unique (round_id, user_id),
    unique (round_id, contact_id)
);
create index award_members_user_idx on award_members (user_id) where user_id is not null;

-- A member's declaration per nomination, made before seeing it.
create table award_declarations (
    member_id     bigint not null references award_members (id) on delete cascade,
    nomination_id bigint not null references award_nominations (id) on delete cascade,
    conflict      boolean not null,
    note          text not null default '' check (char_length(note) <= 1000),
    declared_at   timestamptz not null,
    declared_by   bigint references users (id),
    primary key (member_id, nomination_id)
);
create index award_declarations_nomination_idx on award_declarations (nomination_id);

-- A member's score of a nomination on one criterion (0–10).
create table award_scores (
    member_id     bigint not null references award_members (id) on delete cascade,
    nomination_id bigint not null references award_nominations (id) on delete cascade,
    criterion_id  bigint not null references award_criteria (id) on delete cascade,
    score         integer not null check (score between 0 and 10),
    scored_at     timestamptz not null,
    primary key (member_id, nomination_id, criterion_id),
    -- A score needs the member's declaration of no conflict.
    foreign key (member_id, nomination_id) references award_declarations (member_id, nomination_id) on delete cascade
);
create index award_scores_nomination_idx on award_scores (nomination_id);

-- +goose StatementBegin
create function award_score_no_conflict() returns trigger language plpgsql as $$
begin
    if exists (select 1 from award_declarations d where d.member_id = new.member_id
               and d.nomination_id = new.nomination_id and d.conflict) then
        raise exception 'a member with a conflict of interest does not score' using errcode = '23514',
            constraint = 'award_scores_no_conflict';
    end if;
    return new;
end $$;
-- +goose StatementEnd
create trigger award_scores_no_conflict before insert or update on award_scores
    for each row execute function award_score_no_conflict();

-- How long nominations' personal data are kept after their round's year
-- (laureates' names stay in the register).
create table award_settings (
    id              integer primary key default 1 check (id = 1),
    retention_years integer not null default 5 check (retention_years between 1 and 50),
    version         integer not null default 1,
    updated_at      timestamptz not null default now()
);
insert into award_settings (id) values (1);

-- +goose Down
drop table award_settings;
drop table award_scores;
drop function award_score_no_conflict();
drop table award_declarations;
drop table award_members;
drop trigger award_nominations_count on award_nominations;
drop function award_count();
drop table award_round_counts;
drop table award_nomination_files;
drop table award_nominations;
drop table award_rounds;
drop table award_criteria;
drop table award_types;
