-- +goose Up
-- The directory of organisations and people (regulation clause 3.4): one
-- table for both, so that every other area stores one kind of id (a
-- contact) and a merge repoints one kind of reference.

-- contact_fold is text as the search compares it: lower case, without
-- diacritics, every run of other than letters and digits one space.
-- Letters are told by ICU, so Cyrillic is folded whatever the database's
-- locale.
-- +goose StatementBegin
create function contact_fold(t text) returns text
language sql immutable parallel safe strict as $$
    select trim(regexp_replace(lower(prdesk_unaccent(t) collate "und-x-icu"), '[^[:alnum:]]+', ' ', 'g'))
$$;
-- +goose StatementEnd

-- Folded Cyrillic (Russian, Belarusian, Ukrainian letters as Russian
-- writes them) in Latin letters, twice: as Latvian writes a Russian name
-- (Жуков → Žukovs, folded "zukov") and as a passport or English text does
-- (Zhukov). A search in either script finds a name written in the other.
-- +goose StatementBegin
create function contact_translit_lv(t text) returns text
language sql immutable parallel safe strict as $$
    select translate(
        replace(replace(replace(replace(t, 'щ', 'sc'), 'ю', 'ju'), 'я', 'ja'), 'ё', 'jo'),
        'абвгдежзийклмнопрстуфхцчшыэіїєъь', 'abvgdezzijklmnoprstufhccsieiie')
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create function contact_translit_en(t text) returns text
language sql immutable parallel safe strict as $$
    select translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
            t, 'щ', 'shch'), 'ж', 'zh'), 'ш', 'sh'), 'ч', 'ch'), 'х', 'kh'), 'ц', 'ts'),
            'ю', 'yu'), 'я', 'ya'), 'ё', 'yo'), 'й', 'y'), 'ы', 'y'),
        'абвгдезиклмнопрстуфэіїєъь', 'abvgdeziklmnoprstufeiie')
$$;
-- +goose StatementEnd

-- contact_search_words is what a search looks through: the folded text,
-- its Latin spellings when it holds Cyrillic, each word preceded by a
-- space (a search word matches the start of a word: "% berz%").
-- +goose StatementBegin
create function contact_search_words(t text) returns text
language sql immutable parallel safe strict as $$
    select ' ' || f || case when f ~ '[а-яёіїє]' then ' ' || contact_translit_lv(f) || ' ' || contact_translit_en(f) else '' end || ' '
    from contact_fold(t) f
$$;
-- +goose StatementEnd

-- The digits of each phone number, with and without the country code 371,
-- so that "29123456" and "+371 2912" both find +37129123456.
-- +goose StatementBegin
create function contact_phone_words(phones text[]) returns text
language sql immutable parallel safe strict as $$
    select coalesce(string_agg(d || case when d like '371%' and length(d) > 8 then ' ' || substr(d, 4) else '' end, ' '), '') || ' '
    from (select regexp_replace(p, '\D', '', 'g') d from unnest(phones) p) s where d <> ''
$$;
-- +goose StatementEnd

create table contacts (
    id                bigint generated always as identity primary key,
    kind              text not null check (kind in ('organisation', 'person')),
    -- An organisation's name in Latvian; a person's name and surname as
    -- they write them (the program never declines it).
    name              text not null check (char_length(name) between 1 and 300),
    given_name        text not null default '' check (char_length(given_name) <= 150),
    family_name       text not null default '' check (char_length(family_name) <= 150),
    -- The name in its own language or script, where it differs (Дмитрий
    -- Иванов, Daugavpils Universitāte's "Daugavpils University").
    name_original     text not null default '' check (char_length(name_original) <= 300),
    org_type          text check (org_type in ('media', 'state', 'municipality', 'municipal_unit',
                          'municipal_company', 'ngo', 'company', 'school', 'foreign_municipality',
                          'embassy', 'international')),
    -- A media outlet's medium (what a journalist's outlet is).
    media_kind        text check (media_kind in ('newspaper', 'online', 'tv', 'radio', 'agency', 'magazine')),
    country           text not null default 'LV' check (country ~ '^[A-Z]{2}$'),
    city              text not null default '' check (char_length(city) <= 100),
    address           text not null default '' check (char_length(address) <= 300),
    website           text not null default '' check (char_length(website) <= 300),
    parent_id         bigint references contacts (id),
    active            boolean not null default true,
    form_of_address   text not null default '' check (char_length(form_of_address) <= 40),
    position          text not null default '' check (char_length(position) <= 200),
    languages         text[] not null default '{}',
    preferred_channel text check (preferred_channel in ('email', 'phone', 'post')),
    topics            text[] not null default '{}',
    emails            text[] not null default '{}',
    phones            text[] not null default '{}',
    tags              text[] not null default '{}',
    notes             text not null default '' check (char_length(notes) <= 4000),
    -- Why the department keeps a person (GDPR art. 6): public task,
    -- legitimate interest, or consent given on a date for a scope.
    legal_basis       text check (legal_basis in ('public_task', 'legitimate_interest', 'consent')),
    consent_date      date,
    consent_scope     text not null default '' check (char_length(consent_scope) <= 300),
    source            text not null default '' check (char_length(source) <= 300),
    opt_out           boolean not null default false,
    opt_out_at        timestamptz,
    -- A record merged into another stays (its id may be in old links and
    -- history) and leads to the one that was kept.
    merged_into       bigint references contacts (id),
    search            text not null default '',
    sort_key          text collate "lv-x-icu" generated always as (
                          case kind when 'person' then family_name || ' ' || given_name || ' ' || name else name end) stored,
    idempotency_key   text unique check (char_length(idempotency_key) between 8 and 64),
    version           integer not null default 1,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    created_by        bigint references users (id),
    check ((kind = 'organisation') = (org_type is not null)),
    check ((kind = 'person') = (legal_basis is not null)),
    check (kind = 'person' or (given_name = '' and family_name = '' and form_of_address = ''
        and position = '' and topics = '{}' and languages = '{}')),
    check (kind = 'organisation' or (parent_id is null and media_kind is null and website = '')),
    check (media_kind is null or org_type = 'media'),
    check (legal_basis is distinct from 'consent' or consent_date is not null),
    check (parent_id <> id),
    check (merged_into <> id),
    check (opt_out = (opt_out_at is not null)),
    check (cardinality(emails) <= 10 and cardinality(phones) <= 10 and cardinality(tags) <= 30
        and cardinality(topics) <= 30 and cardinality(languages) <= 20)
);

create index contacts_sort_idx on contacts (sort_key, id) where merged_into is null;
create index contacts_search_idx on contacts using gin (search gin_trgm_ops);
create index contacts_emails_idx on contacts using gin (emails);
create index contacts_phones_idx on contacts using gin (phones);
create index contacts_tags_idx on contacts using gin (tags);
create index contacts_topics_idx on contacts using gin (topics) where kind = 'person';
create index contacts_parent_idx on contacts (parent_id) where parent_id is not null;
create index contacts_merged_idx on contacts (merged_into) where merged_into is not null;

-- A person's place in an organisation, with the dates it began and ended:
-- a journalist who moves to another outlet keeps the old line, ended.
create table contact_memberships (
    id         bigint generated always as identity primary key,
    person_id  bigint not null references contacts (id),
    org_id     bigint not null references contacts (id),
    role       text not null default '' check (char_length(role) <= 200),
    starts_on  date,
    ends_on    date,
    created_at timestamptz not null default now(),
    check (person_id <> org_id),
    check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
create index contact_memberships_person_idx on contact_memberships (person_id);
create index contact_memberships_org_idx on contact_memberships (org_id);

-- What a search looks through, kept by triggers: the names (both
-- spellings), e-mails, phones, and for a person the organisations they
-- belong to now.
-- +goose StatementBegin
create function contacts_search_keep() returns trigger language plpgsql as $$
begin
    new.search := contact_search_words(
        new.name || ' ' || new.name_original || ' ' || array_to_string(new.emails, ' ') || ' ' ||
        coalesce((select string_agg(o.name || ' ' || o.name_original, ' ')
                  from contact_memberships m join contacts o on o.id = m.org_id
                  where m.person_id = new.id and m.ends_on is null), ''))
        || contact_phone_words(new.phones);
    return new;
end $$;
-- +goose StatementEnd

create trigger contacts_search_keep before insert or update on contacts
    for each row execute function contacts_search_keep();

-- A membership that begins, ends or goes: its person's search again.
-- +goose StatementBegin
create function contact_memberships_search() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update contacts set search = '' where id = old.person_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update contacts set search = '' where id = new.person_id;
    end if;
    return null;
end $$;
-- +goose StatementEnd

create trigger contact_memberships_search after insert or update or delete on contact_memberships
    for each row execute function contact_memberships_search();

-- An organisation renamed: its members' search again.
-- +goose StatementBegin
create function contacts_org_renamed() returns trigger language plpgsql as $$
begin
    update contacts set search = '' where id in (
        select person_id from contact_memberships where org_id = new.id and ends_on is null);
    return null;
end $$;
-- +goose StatementEnd

create trigger contacts_org_renamed after update of name, name_original on contacts
    for each row when (new.kind = 'organisation'
        and (old.name, old.name_original) is distinct from (new.name, new.name_original))
    execute function contacts_org_renamed();

-- Other areas record what a contact took part in: "invited to a press
-- conference", "guest of a delegation". The area names itself, the kind
-- of use, and its record; the person's card lists them newest first.
create table contact_uses (
    id         bigint generated always as identity primary key,
    contact_id bigint not null references contacts (id),
    area       text not null check (area ~ '^[a-z]{2,30}$'),
    kind       text not null check (kind ~ '^[a-z_]{2,60}$'),
    record_ref text not null check (char_length(record_ref) between 1 and 100),
    at         timestamptz not null,
    created_by bigint references users (id),
    unique (contact_id, area, kind, record_ref)
);
create index contact_uses_contact_idx on contact_uses (contact_id, at desc, id desc);
create index contact_uses_record_idx on contact_uses (area, record_ref);

-- +goose Down
drop table contact_uses;
drop table contact_memberships;
drop table contacts;
drop function contacts_org_renamed();
drop function contact_memberships_search();
drop function contacts_search_keep();
drop function contact_phone_words(text[]);
drop function contact_search_words(text);
drop function contact_translit_en(text);
drop function contact_translit_lv(text);
drop function contact_fold(text);
