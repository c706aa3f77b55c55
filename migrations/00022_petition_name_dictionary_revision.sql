-- +goose Up
-- The dictionary of name words' revision (see migration 00020): it moves on
-- whenever a new word enters the dictionary, so a server can keep what a
-- search text stood for and read the revision along with the list instead
-- of looking the words up again. A new word is the only change that
-- matters: a word that leaves matches nothing. Registrations take a lock on
-- their year's counter row already; the lock on this row adds no waiting of
-- its own.
insert into revisions (name) values ('petition_name_dictionary');
create trigger petition_name_dictionary_revision after insert on petition_name_dictionary
    for each row execute function revision_bump('petition_name_dictionary');

-- +goose Down
drop trigger petition_name_dictionary_revision on petition_name_dictionary;
delete from revisions where name = 'petition_name_dictionary';
