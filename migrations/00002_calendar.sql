-- +goose Up
-- The Cabinet moves a day off onto a weekday and a working day onto a
-- weekend, never the other way; the calendar is kept for 2000–2100.
alter table calendar_days
    add constraint calendar_days_kind_fits_day check (
        kind = 'holiday'
        or kind = 'moved_day_off' and extract(isodow from day) between 1 and 5
        or kind = 'moved_working_day' and extract(isodow from day) in (6, 7)),
    add constraint calendar_days_year check (day between date '2000-01-01' and date '2100-12-31');

-- +goose Down
alter table calendar_days
    drop constraint calendar_days_year,
    drop constraint calendar_days_kind_fits_day;
