-- +goose NO TRANSACTION
-- +goose Up
-- A data subject's request (internal/privacy) looks a person up by the
-- words of their name, in any order, regardless of case and diacritics,
-- and by a phone number's digits. The visitors' names had no index (a
-- scan of two million logged visits took seconds), and neither had the
-- digits of a phone anywhere. The words are the arrays the lookups compare
-- with @> (GIN), the digits what they compare with = any (b-tree). A
-- failed concurrent build leaves an invalid index: each is dropped first.
drop index concurrently if exists visit_bookings_name_words_idx;
create index concurrently visit_bookings_name_words_idx on visit_bookings
    using gin (regexp_split_to_array(lower(prdesk_unaccent(visitor_name)), '[[:space:]-]+')) where visitor_name <> '';
drop index concurrently if exists visit_log_name_words_idx;
create index concurrently visit_log_name_words_idx on visit_log
    using gin (regexp_split_to_array(lower(prdesk_unaccent(person_name)), '[[:space:]-]+')) where person_name <> '';
drop index concurrently if exists visit_queue_name_words_idx;
create index concurrently visit_queue_name_words_idx on visit_queue
    using gin (regexp_split_to_array(lower(prdesk_unaccent(visitor_name)), '[[:space:]-]+')) where walk_in and visitor_name <> '';
drop index concurrently if exists visit_bookings_phone_digits_idx;
create index concurrently visit_bookings_phone_digits_idx on visit_bookings
    (regexp_replace(phone, '[^0-9]', '', 'g')) where phone <> '';
drop index concurrently if exists petitions_phone_digits_idx;
create index concurrently petitions_phone_digits_idx on petitions
    (regexp_replace(person_phone, '[^0-9]', '', 'g')) where person_phone <> '';

-- +goose Down
drop index concurrently if exists petitions_phone_digits_idx;
drop index concurrently if exists visit_bookings_phone_digits_idx;
drop index concurrently if exists visit_queue_name_words_idx;
drop index concurrently if exists visit_log_name_words_idx;
drop index concurrently if exists visit_bookings_name_words_idx;
