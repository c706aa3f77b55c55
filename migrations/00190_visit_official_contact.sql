-- +goose Up
-- The officials' agenda (internal/reports) draws an official's week from
-- every area. The visitors area knows an official by their account
-- (user_id), as the delegations do (our participants are accounts); but the
-- press (event speakers, the interviewee) and the award ceremonies (guests,
-- commission members) name people as contacts of the directory. This one
-- nullable link says which contact an official is. It is filled here where
-- exactly one person in the directory has the official's name; the rest
-- stay unlinked (and show no press or award items) until someone links them.
alter table visit_officials add column contact_id bigint unique references contacts (id);

update visit_officials o set contact_id = m.contact_id
from (
    select o2.id as official_id, min(c.id) as contact_id
    from visit_officials o2
    join contacts c on c.kind = 'person' and lower(btrim(c.name)) = lower(btrim(o2.name))
    group by o2.id
    having count(*) = 1
) m
where o.id = m.official_id
  and not exists (select 1 from visit_officials x where x.contact_id = m.contact_id);

-- +goose Down
alter table visit_officials drop column contact_id;
