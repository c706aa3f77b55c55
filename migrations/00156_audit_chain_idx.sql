-- +goose NO TRANSACTION
-- +goose Up
-- The chain's order, and the entries the sealer has yet to reach.
create unique index concurrently if not exists audit_log_chain_idx on audit_log (chain_seq);
create index concurrently if not exists audit_log_unsealed_idx on audit_log (id) where chain_seq is null;

-- +goose Down
drop index concurrently if exists audit_log_unsealed_idx;
drop index concurrently if exists audit_log_chain_idx;
