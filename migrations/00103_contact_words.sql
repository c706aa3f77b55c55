-- +goose Up
-- The directory's search at 350 000 contacts. A trigram index finds the
-- contacts whose search text holds a word, but not in the list's order:
-- for a rare word the planner walked the sorted index filtering rows
-- through most of the directory, for a common one it sorted thousands of
-- matches (0.7 to 8.5 s a search). Here every word of every contact's
-- search text is a row keyed by (word, contact): the contacts whose words
-- begin with what was typed are a range of this index, counted and read
-- without touching the contacts, and the list reads only those (a rare
-- word) or walks its own order knowing that a match is near (a common
-- one). The words are in byte order ("C"): a prefix is a range whatever
-- the database's collation.
--
-- Each row also holds its contact's sort key, so that one word's contacts
-- come in the list's order straight from the index (a common word's first
-- page merges the few words that begin with it, reading a page of each:
-- "berzins", "berzins42" …), and the index answers without the contacts.
--
-- And whether the contact is an organisation: the lookup that asks for an
-- organisation ("sia") reads the organisations alone, not the hundred
-- thousand people whose employer's name holds the word.
create table contact_words (
    word       text    not null collate "C",
    sort_key   text    not null collate "lv-x-icu",
    contact_id bigint  not null references contacts (id) on delete cascade,
    org        boolean not null,
    primary key (word, sort_key, contact_id)
);
create index contact_words_contact_idx on contact_words (contact_id);
-- A common word's contacts in the list's order: the words that share its
-- first three letters, by their contacts' sort keys ("ber": berzins,
-- berzina, berzins42 …), those that begin with the whole word kept as the
-- index is read, so that a page reads about a page.
create index contact_words_prefix_idx on contact_words ((left(word, 3)), org, sort_key, contact_id) include (word);

-- The words of a search text (contact_search_words and the phones' digits,
-- which are folded already and separated by spaces), once each.
-- +goose StatementBegin
create function contact_words_of(search text) returns setof text
language sql immutable parallel safe strict as $$
    select distinct w collate "C" from unnest(string_to_array(search, ' ')) w where w <> ''
$$;
-- +goose StatementEnd

-- A contact's words follow its search text and its sort key.
-- +goose StatementBegin
create function contact_words_keep() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        if new.search = old.search and new.sort_key = old.sort_key and new.kind = old.kind then
            return null;
        end if;
        delete from contact_words where contact_id = new.id;
    end if;
    insert into contact_words (word, sort_key, contact_id, org)
        select x, new.sort_key, new.id, new.kind = 'organisation' from contact_words_of(new.search) x;
    return null;
end $$;
-- +goose StatementEnd

create trigger contact_words_keep after insert or update on contacts
    for each row execute function contact_words_keep();

-- The contacts there are now (the directory is young: a few hundred rows).
insert into contact_words (word, sort_key, contact_id, org)
    select x, c.sort_key, c.id, c.kind = 'organisation' from contacts c, contact_words_of(c.search) x;

-- +goose Down
drop trigger contact_words_keep on contacts;
drop function contact_words_keep();
drop function contact_words_of(text);
drop table contact_words;
