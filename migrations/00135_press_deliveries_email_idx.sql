-- +goose NO TRANSACTION
-- +goose Up
-- A data subject's request by e-mail finds the releases mailed to the
-- address (press.PrivacySource) among millions of deliveries.
create index concurrently if not exists press_deliveries_email_idx on press_deliveries (lower(email));

-- +goose Down
drop index concurrently if exists press_deliveries_email_idx;
