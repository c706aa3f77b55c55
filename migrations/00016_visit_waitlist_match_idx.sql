-- +goose Up
-- The waiting list (visitors.waiting) and the limit of future bookings match
-- a visitor's e-mail case-blind, lower(email) = lower($1), which the index on
-- (official_id, email) could not serve: counting the waiting list of an
-- official with 20 000 bookings hashed them all (14 ms) where one probe per
-- waiting person through this index takes 0.1 ms. The booking page counts
-- the waiting list on every view.
drop index visit_bookings_official_id_email_idx;
create index visit_bookings_official_email_idx on visit_bookings (official_id, lower(email)) where email <> '';

-- +goose Down
drop index visit_bookings_official_email_idx;
create index visit_bookings_official_id_email_idx on visit_bookings (official_id, email) where email <> '';
