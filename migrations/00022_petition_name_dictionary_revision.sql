-- +goose Up
-- Moves on whenever a new word enters the dictionary of name words, so a
-- server can keep what a search text stood for and read the revision along
-- with the list instead of looking the words up again. The dictionary only
-- grows, so a new word is the only change that matters. Registrations take
-- a lock on their year's counter row already; the lock on this row adds no
-- waiting of its own.
create table petition_name_dictionary_revision (
    only_row boolean primary key default true check (only_row),
    n        bigint  not null default 0
);
insert into petition_name_dictionary_revision default values;

-- +goose StatementBegin
create function petition_name_dictionary_bump() returns trigger language plpgsql as $$
begin
    update petition_name_dictionary_revision set n = n + 1;
    return null;
end $$;
-- +goose StatementEnd

create trigger petition_name_dictionary_revision after insert on petition_name_dictionary
    for each row execute function petition_name_dictionary_bump();

-- +goose Down
drop trigger petition_name_dictionary_revision on petition_name_dictionary;
drop function petition_name_dictionary_bump();
drop table petition_name_dictionary_revision;
