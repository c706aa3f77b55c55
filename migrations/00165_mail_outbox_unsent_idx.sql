-- +goose NO TRANSACTION
-- +goose Up
-- The metrics count the mail not sent yet (pending) and failed, and find
-- the oldest pending, at every scrape (mail.Tally): on this partial index
-- they read the few rows not sent, never the years of sent mail.
drop index concurrently if exists mail_outbox_unsent_idx;
create index concurrently mail_outbox_unsent_idx on mail_outbox (created_at) where status <> 'sent';

-- +goose Down
drop index concurrently if exists mail_outbox_unsent_idx;
