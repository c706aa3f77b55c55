-- +goose Up
-- Media monitoring's feeds and keyword rules (clause 4.5): what the feed
-- and rule forms and the reading job need beyond 00140.

-- Why the last read failed, as a code the page words in the viewer's
-- language ("status:404", "unreachable"); last_error keeps the same in
-- Latvian words for whoever reads the table.
alter table monitoring_feeds add column last_error_code text not null default ''
    check (char_length(last_error_code) <= 100);

-- A create form sent twice (a double click) makes one feed, one rule.
alter table monitoring_feeds add column idempotency_key text unique
    check (char_length(idempotency_key) between 8 and 64);
alter table monitoring_rules add column idempotency_key text unique
    check (char_length(idempotency_key) between 8 and 64);

-- Rules are told apart by their names in the inbox's "why".
create unique index monitoring_rules_name_key on monitoring_rules (lower(name));

-- +goose Down
drop index monitoring_rules_name_key;
alter table monitoring_rules drop column idempotency_key;
alter table monitoring_feeds drop column idempotency_key;
alter table monitoring_feeds drop column last_error_code;
