-- +goose Up
-- Name search over a million submissions. A trigram index finds the rows
-- whose name contains the text, but not in the list's order: for a common
-- surname the planner must either sort twelve thousand matches or walk the
-- date index filtering rows (both tens of milliseconds), and a count of the
-- matches reads them all. Here every word of every name is a row keyed by
-- (word, received_at, id), so one word's submissions come newest first
-- straight from the index, and a count is an index-only scan. A search
-- word matches the start of a name's word: the dictionary of distinct
-- words turns "berz" into "berzins", "berzina", and the list merges them.

create table petition_name_words (
    word        text        not null collate "C",
    received_at timestamptz not null,
    petition_id bigint      not null
);

-- The words in names now, for prefix lookups, with how many submissions'
-- names hold each: a search by one whole word counts its matches from here.
-- A word leaves when the last name holding it changes or is removed
-- (retention removes names).
create table petition_name_dictionary (
    word text primary key collate "C",
    n    bigint not null check (n >= 0)
);

-- The words of a search name: its runs of letters and digits, once each.
-- Letters are told by ICU, so Cyrillic and Latvian letters are letters
-- whatever the database's own character classification.
-- +goose StatementBegin
create function petition_name_words_of(search_name text) returns setof text
language sql immutable parallel safe as $$
    select distinct w collate "C"
    from regexp_split_to_table(search_name collate "und-x-icu", '[^[:alnum:]]+') w where w <> ''
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create function petition_name_words_sync() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        if tg_op = 'UPDATE' and new.search_name is not distinct from old.search_name
           and new.received_at = old.received_at then
            return null;
        end if;
        -- A submission the backfill has not reached yet (its id below
        -- where the backfill's row in settings says it stands) has no
        -- words and is not counted: the backfill fills it in as it is when
        -- it gets there. New submissions are always above that row.
        if old.id < coalesce((select value::bigint from settings where key = 'backfill.petition_name_words'), 0) then
            return null;
        end if;
        delete from petition_name_words where petition_id = old.id;
        update petition_name_dictionary set n = n - 1
        where word in (select w from petition_name_words_of(old.search_name) w);
        -- A word no name holds any more leaves the dictionary.
        delete from petition_name_dictionary
        where word in (select w from petition_name_words_of(old.search_name) w) and n = 0;
        if tg_op = 'DELETE' then
            return null;
        end if;
    end if;
    insert into petition_name_words (word, received_at, petition_id)
        select w, new.received_at, new.id from petition_name_words_of(new.search_name) w;
    insert into petition_name_dictionary (word, n)
        select w, 1 from petition_name_words_of(new.search_name) w
        on conflict (word) do update set n = petition_name_dictionary.n + 1;
    return null;
end $$;
-- +goose StatementEnd

alter table petition_name_words add primary key (word, received_at, petition_id),
    add foreign key (petition_id) references petitions (id) on delete cascade;
create index petition_name_words_petition_idx on petition_name_words (petition_id);

create trigger petitions_name_words after insert or delete or update of person_name, received_at on petitions
    for each row execute function petition_name_words_sync();

-- The submissions already registered get their words from the server
-- after start, in batches, newest first (migrations.Backfills, run by
-- db.Backfill): filling a million of them here held registrations still
-- for half a minute. The trigger keeps every submission registered or
-- changed from now on; this row says where the backfill stands (the id
-- below which submissions remain) and goes when it is done. Read after the
-- trigger is in place, which waited for every registration under way.
insert into settings (key, value)
    select 'backfill.petition_name_words', to_jsonb(max(id) + 1) from petitions having count(*) > 0;

-- The statistics target set for the trigram plan is no longer needed.
alter table petitions alter column search_name set statistics -1;

-- +goose Down
delete from settings where key = 'backfill.petition_name_words';
alter table petitions alter column search_name set statistics 1000;
drop trigger petitions_name_words on petitions;
drop function petition_name_words_sync();
drop function petition_name_words_of(text);
drop table petition_name_dictionary;
drop table petition_name_words;
