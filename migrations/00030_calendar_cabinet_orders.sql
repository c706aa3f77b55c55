-- +goose Up
-- The Cabinet order each moved day comes from, and the moves of 2025 and
-- 2026, which are public law and belong in the calendar's data (not only in
-- the demo's).
--
-- The Cabinet issues the order moving the working days of a year by 1 July
-- of the year before (Darba likums, section 133(4)). The titles and the
-- adoption of the 2026 order (10.06.2025) are known; their numbers were not
-- verified when this was written, so they are left for the administrator
-- to fill in on /admin/calendar rather than guessed.
alter table calendar_days
    add column order_number text not null default '' check (order_number ~ '^[0-9]{0,5}$'),
    add column order_title  text not null default '' check (char_length(order_title) <= 300),
    add column order_date   date check (order_date between date '2000-01-01' and date '2100-12-31');

-- A year for which the Cabinet issued no such order: the administrator
-- says so, and the calendar stops asking for one.
insert into settings (key, value) values ('calendar.no_cabinet_order', '[]'::jsonb)
on conflict (key) do nothing;

-- Upserted by day: a day an administrator already entered by hand keeps its
-- kind and names; only an order nobody entered is filled in, and only where
-- the kind is the Cabinet's. Every row written gets its audit entry.
with moves (day, kind, name_lv, name_en, order_title, order_date) as (values
    (date '2025-05-02', 'moved_day_off', 'Darba diena pārcelta uz sestdienu, 10. maiju', 'Working day moved to Saturday, 10 May',
        'Par darba dienu pārcelšanu 2025. gadā', null::date),
    (date '2025-05-10', 'moved_working_day', 'Darba diena (pārcelta no piektdienas, 2. maija)', 'Working day (moved from Friday, 2 May)',
        'Par darba dienu pārcelšanu 2025. gadā', null),
    (date '2025-11-17', 'moved_day_off', 'Darba diena pārcelta uz sestdienu, 8. novembri', 'Working day moved to Saturday, 8 November',
        'Par darba dienu pārcelšanu 2025. gadā', null),
    (date '2025-11-08', 'moved_working_day', 'Darba diena (pārcelta no pirmdienas, 17. novembra)', 'Working day (moved from Monday, 17 November)',
        'Par darba dienu pārcelšanu 2025. gadā', null),
    (date '2026-01-02', 'moved_day_off', 'Darba diena pārcelta uz sestdienu, 17. janvāri', 'Working day moved to Saturday, 17 January',
        'Par darba dienu pārcelšanu 2026. gadā', date '2025-06-10'),
    (date '2026-01-17', 'moved_working_day', 'Darba diena (pārcelta no piektdienas, 2. janvāra)', 'Working day (moved from Friday, 2 January)',
        'Par darba dienu pārcelšanu 2026. gadā', date '2025-06-10'),
    (date '2026-06-22', 'moved_day_off', 'Darba diena pārcelta uz sestdienu, 27. jūniju', 'Working day moved to Saturday, 27 June',
        'Par darba dienu pārcelšanu 2026. gadā', date '2025-06-10'),
    (date '2026-06-27', 'moved_working_day', 'Darba diena (pārcelta no pirmdienas, 22. jūnija)', 'Working day (moved from Monday, 22 June)',
        'Par darba dienu pārcelšanu 2026. gadā', date '2025-06-10')
), written as (
    insert into calendar_days as c (day, kind, name_lv, name_en, source, order_title, order_date)
    select day, kind, name_lv, name_en, 'cabinet', order_title, order_date from moves
    on conflict (day) do update set
        order_title = excluded.order_title,
        order_date  = coalesce(c.order_date, excluded.order_date),
        version     = c.version + 1,
        updated_at  = now()
    where c.kind = excluded.kind and c.order_number = '' and c.order_title = ''
    returning c.id, c.day, c.kind, c.name_lv, c.source, c.order_title, (c.xmax = 0) as inserted
)
insert into audit_log (actor_name, entity, entity_id, action, summary, details)
select 'system', 'calendar_day', id::text, case when inserted then 'create' else 'update' end,
    case when inserted
        then 'Kalendārā pievienots ' || to_char(day, 'DD.MM.YYYY.') || ': ' || name_lv || ' (' || kind || ', ' || source || ')'
        else 'Kalendāra dienai ' || to_char(day, 'DD.MM.YYYY.') || ' norādīts Ministru kabineta rīkojums'
    end,
    jsonb_build_object('day', day, 'kind', kind, 'order_title', order_title, 'migration', '00030')
from written;

-- +goose Down
delete from calendar_days
where created_by is null and source = 'cabinet' and order_number = ''
  and day in ('2025-05-02', '2025-05-10', '2025-11-17', '2025-11-08', '2026-01-02', '2026-01-17', '2026-06-22', '2026-06-27');
delete from settings where key = 'calendar.no_cabinet_order';
alter table calendar_days
    drop column order_date,
    drop column order_title,
    drop column order_number;
