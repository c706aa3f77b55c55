-- +goose NO TRANSACTION
-- +goose Up
-- A card's history is one record's audit entries, newest first. The index
-- by entity alone walked every entry of the entity's kind (a release's
-- card among 50 000 releases read its 200 000 entries: 80 ms); this one
-- reads the record's own (0.2 ms). Built concurrently: the log is the
-- largest table and is written by every request that changes anything.
create index concurrently if not exists audit_log_record_idx on audit_log (entity, entity_id, id desc);

-- +goose Down
drop index concurrently if exists audit_log_record_idx;
