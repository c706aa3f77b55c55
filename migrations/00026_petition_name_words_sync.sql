-- +goose Up
-- The name words' trigger leaves alone a submission the backfill has not
-- reached yet (00021 as it reads now, which gave its backfill to the
-- server: migrations.Backfills). A database that ran 00021 before that
-- has every submission's words already, and gets the same function here,
-- so that every database runs one.
-- +goose StatementBegin
create or replace function petition_name_words_sync() returns trigger language plpgsql as $$
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

-- +goose Down
-- The function above is right with or without a backfill under way: it
-- stays.
