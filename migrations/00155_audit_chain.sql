-- +goose Up
-- A tamper-evident audit log: every entry is sealed into one chain, in the
-- order the sealer finds them committed, each with the SHA-256 of the one
-- before and its own content. Sealing is a job (audit.Seal) rather than a
-- trigger, so that no write waits for another's commit to learn the hash
-- before it; an entry is unsealed for at most the job's interval.
-- Its indexes are built concurrently by 00156.
alter table audit_log add column chain_seq bigint, add column hash bytea;

-- The bytes of an entry that its hash covers: every column, as text,
-- separated by a unit separator; the time as microseconds since 1970, so
-- that no session's time zone changes it.
-- +goose StatementBegin
create function audit_entry_bytes(a public.audit_log) returns bytea
language sql immutable parallel safe as $$
    select convert_to(concat_ws(E'\x1f', a.id::text, (extract(epoch from a.created_at) * 1000000)::bigint::text,
        coalesce(a.actor_id::text, ''), a.actor_name, a.entity, a.entity_id, a.action, a.summary,
        coalesce(a.details::text, '')), 'UTF8')
$$;
-- +goose StatementEnd

-- audit_seal chains up to max_rows unsealed entries, in id order, after
-- the last sealed one, and returns how many; one sealer at a time.
-- +goose StatementBegin
create function audit_seal(max_rows integer) returns integer
language plpgsql as $$
declare
    last_seq  bigint;
    last_hash bytea;
    r         public.audit_log;
    n         integer := 0;
begin
    perform pg_advisory_xact_lock(hashtext('prdesk_audit_seal'));
    select a.chain_seq, a.hash into last_seq, last_hash
        from public.audit_log a where a.chain_seq is not null order by a.chain_seq desc limit 1;
    last_seq := coalesce(last_seq, 0);
    last_hash := coalesce(last_hash, ''::bytea);
    for r in select * from public.audit_log a where a.chain_seq is null order by a.id limit max_rows for update loop
        last_seq := last_seq + 1;
        last_hash := sha256(last_hash || public.audit_entry_bytes(r));
        update public.audit_log set chain_seq = last_seq, hash = last_hash where id = r.id;
        n := n + 1;
    end loop;
    return n;
end
$$;
-- +goose StatementEnd

-- +goose Down
drop function audit_seal(integer);
drop function audit_entry_bytes(public.audit_log);
alter table audit_log drop column hash, drop column chain_seq;
