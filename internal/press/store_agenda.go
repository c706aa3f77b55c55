package press

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
)

type agendaRow struct {
	Kind  string    `db:"kind"`
	ID    int64     `db:"id"`
	Title string    `db:"title"`
	Start time.Time `db:"starts_at"`
	End   time.Time `db:"ends_at"`
	Place string    `db:"place"`
}

// QueueAgendaItems queues the press events the official speaks at and the
// interviews agreed with them (scheduled or done, at their agreed time)
// that overlap [from, to). The press names an official as a contact of
// the directory; an official with none has no press items. Cancelled
// events and declined interviews are left out.
//
// An event lasts at most a day (the table's check), so one that overlaps
// the window starts less than a day before it: the window's few events are
// read first by the start's index, then kept if the official speaks. The
// CTE holds that order under the statement's cached generic plan, which
// otherwise walked the table's events by number to join the speaker's
// (10 000 rows for a week at the bench's volume).
func QueueAgendaItems(b *pgx.Batch, o agenda.Official, from, to time.Time) agenda.Pending {
	var out []agenda.Item
	if o.ContactID == 0 || !from.Before(to) {
		return agenda.Filled(&out)
	}
	b.Queue(`
		with week as materialized (
			select e.id, e.title, e.starts_at, e.ends_at, e.place, e.room from press_events e
			where e.starts_at < $3 and e.starts_at > $2::timestamptz - interval '24 hours' and e.ends_at > $2
			  and e.status <> 'cancelled')
		select 'event' as kind, e.id, e.title, e.starts_at, e.ends_at,
		       case when e.room = '' then e.place else e.place || ', ' || e.room end as place
		from week e
		where exists (select 1 from press_event_speakers s where s.event_id = e.id and s.contact_id = $1)
		union all
		select 'interview', i.id, i.topic || coalesce(' — ' || c.name, ''), i.agreed_at,
		       i.agreed_at + make_interval(mins => i.agreed_minutes), ''
		from press_interviews i left join contacts c on c.id = i.outlet_id
		where i.official_id = $1 and i.status in ('scheduled', 'done') and i.agreed_at is not null
		  and i.agreed_at < $3 and i.agreed_at + make_interval(mins => i.agreed_minutes) > $2
		order by 4, 2`, o.ContactID, from, to).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, pgx.RowToStructByName[agendaRow])
		for _, r := range list {
			it := agenda.Item{Area: "press", ID: r.ID, Title: r.Title, Start: r.Start, End: r.End, Place: r.Place, Perm: auth.AreaPress}
			if r.Kind == "event" {
				it.Kind, it.Href = agenda.Event, fmt.Sprintf("/press/events/%d", r.ID)
			} else {
				it.Kind, it.Href = agenda.Interview, fmt.Sprintf("/press/interviews/%d", r.ID)
			}
			out = append(out, it)
		}
		return err
	})
	return agenda.Filled(&out)
}
