-- +goose Up
-- The functions that generated columns and indexes call name the functions
-- and tables they use with their schema: pg_dump empties the search path
-- while it restores, so an unqualified contact_fold in contact_search_words
-- failed when the restore computed a generated column (prdesk restore
-- works around it; a plain pg_restore by the IT unit did not). Same
-- bodies, same results: no index changes.
-- +goose StatementBegin
create or replace function contact_fold(t text) returns text
language sql immutable parallel safe strict as $$
    select trim(regexp_replace(lower(public.prdesk_unaccent(t) collate "und-x-icu"), '[^[:alnum:]]+', ' ', 'g'))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create or replace function contact_search_words(t text) returns text
language sql immutable parallel safe strict as $$
    select ' ' || f || case when f ~ '[а-яёіїє]' then ' ' || public.contact_translit_lv(f) || ' ' || public.contact_translit_en(f) else '' end || ' '
    from public.contact_fold(t) f
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create or replace function contact_listed_types(contact bigint, contact_kind text, own_type text) returns text[]
language sql stable parallel safe as $$
    select case when contact_kind = 'organisation' then array[own_type]
        else array(select distinct o.org_type from public.contact_memberships m join public.contacts o on o.id = m.org_id
                   where m.person_id = contact and m.ends_on is null order by 1) end
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create or replace function prdesk_search_words(text) returns tsvector
language sql immutable parallel safe strict
as $$ select to_tsvector('simple'::regconfig, translate(lower(public.prdesk_unaccent($1)), '<>', '  ')) $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
create or replace function contact_fold(t text) returns text
language sql immutable parallel safe strict as $$
    select trim(regexp_replace(lower(prdesk_unaccent(t) collate "und-x-icu"), '[^[:alnum:]]+', ' ', 'g'))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create or replace function contact_search_words(t text) returns text
language sql immutable parallel safe strict as $$
    select ' ' || f || case when f ~ '[а-яёіїє]' then ' ' || contact_translit_lv(f) || ' ' || contact_translit_en(f) else '' end || ' '
    from contact_fold(t) f
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create or replace function contact_listed_types(contact bigint, contact_kind text, own_type text) returns text[]
language sql stable parallel safe as $$
    select case when contact_kind = 'organisation' then array[own_type]
        else array(select distinct o.org_type from contact_memberships m join contacts o on o.id = m.org_id
                   where m.person_id = contact and m.ends_on is null order by 1) end
$$;
-- +goose StatementEnd

-- +goose StatementBegin
create or replace function prdesk_search_words(text) returns tsvector
language sql immutable parallel safe strict
as $$ select to_tsvector('simple'::regconfig, translate(lower(prdesk_unaccent($1)), '<>', '  ')) $$;
-- +goose StatementEnd
