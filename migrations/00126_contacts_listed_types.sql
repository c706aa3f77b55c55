-- +goose Up
-- The organisation types a contact is listed under: an organisation's own,
-- a person's current organisations'. The list's type filter read them by
-- looking up each person's memberships as it walked the list
-- (q=a&type=media: 350 ms); kept here by the trigger that keeps the search
-- text, the filter is a column and an index.
alter table contacts add column listed_types text[] not null default '{}';

-- +goose StatementBegin
create or replace function contacts_search_keep() returns trigger language plpgsql as $$
begin
    new.search := contact_search_words(
        new.name || ' ' || new.name_original || ' ' || array_to_string(new.emails, ' ') || ' ' ||
        coalesce((select string_agg(o.name || ' ' || o.name_original, ' ')
                  from contact_memberships m join contacts o on o.id = m.org_id
                  where m.person_id = new.id and m.ends_on is null), ''))
        || contact_phone_words(new.phones);
    new.listed_types := contact_listed_types(new.id, new.kind, new.org_type);
    return new;
end $$;
-- +goose StatementEnd

-- +goose StatementBegin
create function contact_listed_types(contact bigint, contact_kind text, own_type text) returns text[]
language sql stable parallel safe as $$
    select case when contact_kind = 'organisation' then array[own_type]
        else array(select distinct o.org_type from contact_memberships m join contacts o on o.id = m.org_id
                   where m.person_id = contact and m.ends_on is null order by 1) end
$$;
-- +goose StatementEnd

-- An organisation whose type changes lists its members under the new one.
drop trigger contacts_org_renamed on contacts;
create trigger contacts_org_renamed after update of name, name_original, org_type on contacts
    for each row when (new.kind = 'organisation'
        and (old.name, old.name_original, old.org_type) is distinct from (new.name, new.name_original, new.org_type))
    execute function contacts_org_renamed();

update contacts set listed_types = contact_listed_types(id, kind, org_type);

create index contacts_listed_types_idx on contacts using gin (listed_types) where merged_into is null;

-- +goose Down
drop index contacts_listed_types_idx;
drop trigger contacts_org_renamed on contacts;
create trigger contacts_org_renamed after update of name, name_original on contacts
    for each row when (new.kind = 'organisation'
        and (old.name, old.name_original) is distinct from (new.name, new.name_original))
    execute function contacts_org_renamed();
-- +goose StatementBegin
create or replace function contacts_search_keep() returns trigger language plpgsql as $$
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
drop function contact_listed_types(bigint, text, text);
alter table contacts drop column listed_types;
