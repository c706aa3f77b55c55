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
    word        text        not null,
    received_at timestamptz not null,
    petition_id bigint      not null references petitions (id) on delete cascade,
    primary key (word, received_at, petition_id)
);
create index petition_name_words_petition_idx on petition_name_words (petition_id);

-- Every word that has ever been in a name, for prefix lookups; it is not
-- pruned: a word no longer in use finds nothing, which costs nothing.
create table petition_name_dictionary (
    word text primary key collate "C"
);

-- The words of a search name: its runs of letters and digits, once each.
-- +goose StatementBegin
create function petition_name_words_of(search_name text) returns setof text
language sql immutable parallel safe as $$
    select distinct w from regexp_split_to_table(search_name, '[^[:alnum:]]+') w where w <> ''
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create function petition_name_words_sync() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        if new.search_name is not distinct from old.search_name and new.received_at = old.received_at then
            return null;
        end if;
        delete from petition_name_words where petition_id = new.id;
    end if;
    insert into petition_name_words (word, received_at, petition_id)
        select w, new.received_at, new.id from petition_name_words_of(new.search_name) w;
    insert into petition_name_dictionary (word)
        select w from petition_name_words_of(new.search_name) w
        on conflict do nothing;
    return null;
end $$;
-- +goose StatementEnd

create trigger petitions_name_words after insert or update of person_name, received_at on petitions
    for each row execute function petition_name_words_sync();

insert into petition_name_words (word, received_at, petition_id)
    select w, p.received_at, p.id from petitions p cross join lateral petition_name_words_of(p.search_name) w;
insert into petition_name_dictionary (word)
    select distinct word from petition_name_words;

-- The statistics target set for the trigram plan is no longer needed.
alter table petitions alter column search_name set statistics -1;

-- +goose Down
alter table petitions alter column search_name set statistics 1000;
drop trigger petitions_name_words on petitions;
drop function petition_name_words_sync();
drop function petition_name_words_of(text);
drop table petition_name_dictionary;
drop table petition_name_words;
