-- +goose Up
-- Two of the registry list's ways in read the whole registry at a million
-- submissions. Sorted by due date with no state chosen, only the partial
-- index of open submissions existed, so the list sorted every row (0.5 s).
-- A number typed in part ("1-14/2026") was a LIKE with a parameter, which
-- no index serves; it is now a range over the numbers in byte order.
create index petitions_due_all_idx on petitions (due_date, id);
create index petitions_reg_number_c_idx on petitions ((reg_number collate "C"));

-- +goose Down
drop index petitions_reg_number_c_idx;
drop index petitions_due_all_idx;
