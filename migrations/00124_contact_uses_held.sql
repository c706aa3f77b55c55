-- +goose Up
-- A use is held while the area's record still depends on the contact (the
-- coordinator of an agreement in force): the directory's retention does
-- not count such a person as unused, however long ago the use began.
alter table contact_uses add column held boolean not null default false;
create index contact_uses_held_idx on contact_uses (contact_id) where held;

-- Agreements not ended hold their contacts.
update contact_uses u set held = true
from twin_agreements a
where u.area = 'twincities' and u.record_ref = a.id::text and a.status <> 'ended';

-- +goose Down
drop index contact_uses_held_idx;
alter table contact_uses drop column held;
