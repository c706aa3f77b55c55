-- +goose Up
-- Delegations and official visits (regulation clauses 3.6 and 5.6):
-- incoming delegations, the officials' visits abroad or elsewhere in
-- Latvia, and the municipality's representation at other bodies' events.
-- Host and guest organisations and the guests are contacts of the
-- directory (internal/contacts); our people are user accounts.

create table delegations (
    id               bigint generated always as identity primary key,
    kind             text not null check (kind in ('incoming', 'visit_abroad', 'visit_latvia', 'representation')),
    title            text not null check (char_length(title) between 1 and 200),
    purpose          text not null default '' check (char_length(purpose) <= 4000),
    country          text not null check (country ~ '^[A-Z]{2}$'),
    city             text not null default '' check (char_length(city) <= 200),
    -- The host organisation (a visit, an event) or the guests' (incoming).
    org_id           bigint references contacts (id),
    level            text not null check (level in ('head_of_state', 'minister', 'ambassador', 'mayor', 'other')),
    starts_on        date not null,
    ends_on          date not null,
    languages        text[] not null default '{}' check (cardinality(languages) <= 10
                         and languages <@ array['lv','en','ru','de','pl','lt','et','uk','fr','sv','fi','it','es','zh','be']),
    status           text not null check (status in ('idea', 'preparing', 'confirmed', 'under_way', 'done', 'cancelled')),
    responsible_id   bigint references users (id),
    -- The preparation checklist's items, ticked and open, kept by a
    -- trigger on delegation_checklist so that the list never counts them.
    checklist_done   integer not null default 0,
    checklist_open   integer not null default 0,
    -- The personal data of its people was removed by retention.
    personal_removed_at timestamptz,
    search           text generated always as (
                         lower(prdesk_unaccent(title || ' ' || city || ' ' || country || ' ' || purpose))) stored,
    sort_title       text collate "lv-x-icu" generated always as (title) stored,
    idempotency_key  text unique check (char_length(idempotency_key) between 8 and 64),
    version          integer not null default 1,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    created_by       bigint references users (id),
    check (ends_on >= starts_on),
    check (ends_on - starts_on <= 366),
    check (kind <> 'visit_latvia' or country = 'LV')
);
create index delegations_starts_idx on delegations (starts_on desc, id desc);
create index delegations_title_idx on delegations (sort_title, id);
create index delegations_search_idx on delegations using gin (search gin_trgm_ops);
create index delegations_org_idx on delegations (org_id) where org_id is not null;
create index delegations_responsible_idx on delegations (responsible_id) where responsible_id is not null;

-- How many delegations there are of each status in each year: the list's
-- count without a text filter reads these rows instead of counting.
create table delegation_counts (
    year   integer not null,
    kind   text not null,
    status text not null,
    n      integer not null default 0 check (n >= 0),
    primary key (year, kind, status)
);

-- +goose StatementBegin
create function delegation_counts_keep() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.delegation_counts set n = n - 1
        where year = extract(year from old.starts_on)::int and kind = old.kind and status = old.status;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into public.delegation_counts (year, kind, status, n)
        values (extract(year from new.starts_on)::int, new.kind, new.status, 1)
        on conflict (year, kind, status) do update set n = public.delegation_counts.n + 1;
    end if;
    return null;
end $$;
-- +goose StatementEnd
create trigger delegation_counts_keep after insert or delete or update of starts_on, kind, status on delegations
    for each row execute function delegation_counts_keep();

-- The people of a delegation: our participants (user accounts) and the
-- guests or hosts (contacts of the directory), with what the protocol
-- needs of them. Position, form of address, dietary and access needs are
-- personal data kept only for the visit: retention empties them.
create table delegation_people (
    id             bigint generated always as identity primary key,
    delegation_id  bigint not null references delegations (id) on delete cascade,
    side           text not null check (side in ('ours', 'guest')),
    user_id        bigint references users (id),
    contact_id     bigint references contacts (id),
    position       text not null default '' check (char_length(position) <= 200),
    address_form   text not null default '' check (char_length(address_form) <= 200),
    dietary        text not null default '' check (char_length(dietary) <= 500),
    access_needs   text not null default '' check (char_length(access_needs) <= 500),
    version        integer not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    created_by     bigint references users (id),
    check ((side = 'ours') = (user_id is not null)),
    check ((side = 'guest') = (contact_id is not null)),
    unique (delegation_id, user_id),
    unique (delegation_id, contact_id)
);
create index delegation_people_user_idx on delegation_people (user_id) where user_id is not null;
create index delegation_people_contact_idx on delegation_people (contact_id) where contact_id is not null;

-- The programme: by day and hour.
create table delegation_programme (
    id             bigint generated always as identity primary key,
    delegation_id  bigint not null references delegations (id) on delete cascade,
    starts_at      timestamptz not null,
    ends_at        timestamptz not null,
    place          text not null check (char_length(place) between 1 and 200),
    activity       text not null check (char_length(activity) between 1 and 500),
    activity_en    text not null default '' check (char_length(activity_en) <= 500),
    responsible_id bigint references users (id),
    transport      text not null default '' check (char_length(transport) <= 500),
    version        integer not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    created_by     bigint references users (id),
    check (ends_at > starts_at),
    check (ends_at - starts_at <= interval '24 hours')
);
create index delegation_programme_idx on delegation_programme (delegation_id, starts_at, id);

-- Who takes part in a programme item: people of its delegation.
create table delegation_programme_people (
    item_id   bigint not null references delegation_programme (id) on delete cascade,
    person_id bigint not null references delegation_people (id) on delete cascade,
    primary key (item_id, person_id)
);
create index delegation_programme_people_person_idx on delegation_programme_people (person_id);

-- Logistics: accommodation, transport, meals and receptions, the
-- interpreter, the photographer, flags and protocol seating.
create table delegation_logistics (
    id             bigint generated always as identity primary key,
    delegation_id  bigint not null references delegations (id) on delete cascade,
    kind           text not null check (kind in ('accommodation', 'transport', 'meals', 'interpreter', 'photographer', 'protocol')),
    description    text not null check (char_length(description) between 1 and 500),
    starts_at      timestamptz,
    ends_at        timestamptz,
    quantity       integer check (quantity between 0 and 1000),
    reference      text not null default '' check (char_length(reference) <= 200),
    confirmed      boolean not null default false,
    version        integer not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    created_by     bigint references users (id),
    check (ends_at is null or starts_at is null or ends_at >= starts_at)
);
create index delegation_logistics_idx on delegation_logistics (delegation_id, kind, id);

-- The preparation checklist's templates, one list per kind, which the head
-- edits; a new delegation gets a copy of its kind's.
create table delegation_checklist_templates (
    id         bigint generated always as identity primary key,
    kind       text not null check (kind in ('incoming', 'visit_abroad', 'visit_latvia', 'representation')),
    position   integer not null check (position between 1 and 100),
    text       text not null check (char_length(text) between 1 and 200),
    version    integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    created_by bigint references users (id),
    unique (kind, position)
);

create table delegation_checklist (
    id            bigint generated always as identity primary key,
    delegation_id bigint not null references delegations (id) on delete cascade,
    position      integer not null check (position between 1 and 200),
    text          text not null check (char_length(text) between 1 and 200),
    done_at       timestamptz,
    done_by       bigint references users (id),
    created_at    timestamptz not null default now(),
    unique (delegation_id, position)
);

-- +goose StatementBegin
create function delegation_checklist_keep() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.delegations set
            checklist_done = checklist_done - (old.done_at is not null)::int,
            checklist_open = checklist_open - (old.done_at is null)::int
        where id = old.delegation_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.delegations set
            checklist_done = checklist_done + (new.done_at is not null)::int,
            checklist_open = checklist_open + (new.done_at is null)::int
        where id = new.delegation_id;
    end if;
    return null;
end $$;
-- +goose StatementEnd
create trigger delegation_checklist_keep after insert or delete or update of done_at on delegation_checklist
    for each row execute function delegation_checklist_keep();

insert into delegation_checklist_templates (kind, position, text)
select k.kind, t.position, t.text
from (values ('incoming'), ('visit_abroad'), ('visit_latvia'), ('representation')) k (kind)
cross join (values
    (1, 'Ielūgums nosūtīts'),
    (2, 'Programma saskaņota'),
    (3, 'Viesnīca rezervēta'),
    (4, 'Preses relīze sagatavota'),
    (5, 'Fotogrāfs pieteikts'),
    (6, 'Dāvanas izvēlētas'),
    (7, 'Pateicības vēstule nosūtīta')) t (position, text);

-- The budget: planned against actual costs, in euros.
create table delegation_budget (
    id            bigint generated always as identity primary key,
    delegation_id bigint not null references delegations (id) on delete cascade,
    category      text not null check (category in ('accommodation', 'transport', 'meals', 'gifts', 'interpretation', 'other')),
    description   text not null default '' check (char_length(description) <= 200),
    planned       numeric(12, 2) not null default 0 check (planned >= 0),
    actual        numeric(12, 2) check (actual >= 0),
    version       integer not null default 1,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    created_by    bigint references users (id)
);
create index delegation_budget_idx on delegation_budget (delegation_id, category, id);

-- Protocol gifts given and received. A received gift above the head's
-- threshold is handed over to the municipality's property.
create table delegation_gifts (
    id             bigint generated always as identity primary key,
    delegation_id  bigint not null references delegations (id) on delete cascade,
    direction      text not null check (direction in ('given', 'received')),
    item           text not null check (char_length(item) between 1 and 200),
    value          numeric(12, 2) check (value >= 0),
    giver          text not null check (char_length(giver) between 1 and 200),
    receiver       text not null check (char_length(receiver) between 1 and 200),
    given_on       date not null,
    photo_file_id  bigint references files (id),
    handover       boolean not null default false,
    handed_over_on date,
    kept_at        text not null default '' check (char_length(kept_at) <= 200),
    version        integer not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    created_by     bigint references users (id),
    check (direction = 'received' or not handover),
    check (handover or handed_over_on is null)
);
create index delegation_gifts_idx on delegation_gifts (delegation_id, given_on, id);
create index delegation_gifts_handover_idx on delegation_gifts (given_on) where handover and handed_over_on is null;

-- After the visit: what was agreed, the links, and the follow-up actions.
create table delegation_reports (
    delegation_id bigint primary key references delegations (id) on delete cascade,
    agreed        text not null default '' check (char_length(agreed) <= 8000),
    press_url     text not null default '' check (char_length(press_url) <= 500
                      and (press_url = '' or press_url ~ '^https?://[^[:space:]]+$')),
    album_url     text not null default '' check (char_length(album_url) <= 500
                      and (album_url = '' or album_url ~ '^https?://[^[:space:]]+$')),
    submitted_at  timestamptz,
    version       integer not null default 1,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    created_by    bigint references users (id)
);

create table delegation_actions (
    id            bigint generated always as identity primary key,
    delegation_id bigint not null references delegations (id) on delete cascade,
    text          text not null check (char_length(text) between 1 and 500),
    owner_id      bigint references users (id),
    due_on        date not null,
    done_on       date,
    version       integer not null default 1,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    created_by    bigint references users (id)
);
create index delegation_actions_idx on delegation_actions (delegation_id, due_on, id);
create index delegation_actions_open_idx on delegation_actions (due_on) where done_on is null;

-- The head's settings: the value above which a received gift is handed
-- over, and how many days after a visit its people's personal data is kept.
insert into settings (key, value) values ('delegations.gift_threshold', '150'), ('delegations.retention_days', '90')
    on conflict (key) do nothing;

-- +goose Down
delete from settings where key in ('delegations.gift_threshold', 'delegations.retention_days');
drop table delegation_actions;
drop table delegation_reports;
drop table delegation_gifts;
drop table delegation_budget;
drop trigger delegation_checklist_keep on delegation_checklist;
drop function delegation_checklist_keep();
drop table delegation_checklist;
drop table delegation_checklist_templates;
drop table delegation_logistics;
drop table delegation_programme_people;
drop table delegation_programme;
drop table delegation_people;
drop trigger delegation_counts_keep on delegations;
drop function delegation_counts_keep();
drop table delegation_counts;
drop table delegations;
