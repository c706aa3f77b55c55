-- +goose Up
-- The agreements' partner municipality and coordinators are contacts of the
-- directory (00100). The agreements are a few dozen rows; the checks are
-- added not valid and validated apart all the same, so that the
-- directory's table is held only for the moment each is added.
alter table twin_agreements add constraint twin_agreements_partner_org_fk
    foreign key (partner_org_id) references contacts (id) not valid;
alter table twin_agreements add constraint twin_agreements_our_coordinator_fk
    foreign key (our_coordinator_id) references contacts (id) not valid;
alter table twin_agreements add constraint twin_agreements_partner_coordinator_fk
    foreign key (partner_coordinator_id) references contacts (id) not valid;
alter table twin_agreements validate constraint twin_agreements_partner_org_fk;
alter table twin_agreements validate constraint twin_agreements_our_coordinator_fk;
alter table twin_agreements validate constraint twin_agreements_partner_coordinator_fk;
create index twin_agreements_partner_org_idx on twin_agreements (partner_org_id) where partner_org_id is not null;
create index twin_agreements_our_coordinator_idx on twin_agreements (our_coordinator_id) where our_coordinator_id is not null;
create index twin_agreements_partner_coordinator_idx on twin_agreements (partner_coordinator_id) where partner_coordinator_id is not null;

-- +goose Down
drop index twin_agreements_partner_coordinator_idx;
drop index twin_agreements_our_coordinator_idx;
drop index twin_agreements_partner_org_idx;
alter table twin_agreements drop constraint twin_agreements_partner_coordinator_fk;
alter table twin_agreements drop constraint twin_agreements_our_coordinator_fk;
alter table twin_agreements drop constraint twin_agreements_partner_org_fk;
