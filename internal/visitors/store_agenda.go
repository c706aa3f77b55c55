package visitors

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
)

// The officials' agenda (internal/reports) knows who an official is from
// here: the visitors area keeps the officials, with the account and the
// directory's contact that the other areas name them by.

type agendaOfficialRow struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	Position  string `db:"position"`
	UserID    *int64 `db:"user_id"`
	ContactID *int64 `db:"contact_id"`
}

func (r agendaOfficialRow) official() agenda.Official {
	o := agenda.Official{ID: r.ID, Name: r.Name, Position: r.Position}
	if r.UserID != nil {
		o.UserID = *r.UserID
	}
	if r.ContactID != nil {
		o.ContactID = *r.ContactID
	}
	return o
}

// AgendaOfficials lists the active officials by name, as the agenda knows them.
func AgendaOfficials(ctx context.Context, pool db.Querier) ([]agenda.Official, error) {
	rows, _ := pool.Query(ctx, `select id, name, position, user_id, contact_id from visit_officials where active order by name, id`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[agendaOfficialRow])
	if err != nil {
		return nil, err
	}
	out := make([]agenda.Official, len(list))
	for i, r := range list {
		out[i] = r.official()
	}
	return out, nil
}

// AgendaOfficial is the active official id; not found when there is none.
func AgendaOfficial(ctx context.Context, pool db.Querier, id int64) (agenda.Official, error) {
	rows, _ := pool.Query(ctx, `select id, name, position, user_id, contact_id from visit_officials where active and id = $1`, id)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[agendaOfficialRow])
	if err != nil {
		return agenda.Official{}, db.NotFound(err, fmt.Sprintf("visitors: official %d", id))
	}
	return r.official(), nil
}

type agendaBookingRow struct {
	ID          int64     `db:"id"`
	Start       time.Time `db:"start_at"`
	End         time.Time `db:"end_at"`
	Room        string    `db:"room"`
	VisitorName string    `db:"visitor_name"`
	Topic       string    `db:"topic"`
}

// QueueAgendaItems queues official's reception hours and the bookings in
// them that overlap [from, to): the sessions as the rules, one-off sessions
// and cancelled days make them, and every booking not cancelled. A
// booking's visitor and topic are Personal: only those who book (and the
// official themself) may read them, as in the area.
func (s *Store) QueueAgendaItems(b *pgx.Batch, o agenda.Official, from, to time.Time) agenda.Pending {
	if !from.Before(to) {
		var none []agenda.Item
		return agenda.Filled(&none)
	}
	first, last := calendar.DateOf(from), calendar.DateOf(to.Add(-time.Nanosecond))
	cal := s.calendar.Queue(b)
	var sch Schedule
	queueSchedule(b, o.ID, first, &sch)
	var bookings []agendaBookingRow
	b.Queue(`
		select id, lower(slot) as start_at, upper(slot) as end_at, room, visitor_name, topic
		from visit_bookings
		where official_id = $1 and state <> 'cancelled' and slot && tstzrange($2, $3)
		order by lower(slot), id`, o.ID, from, to).Query(func(rows pgx.Rows) error {
		var err error
		bookings, err = pgx.CollectRows(rows, pgx.RowToStructByName[agendaBookingRow])
		return err
	})
	return func(ctx context.Context, q db.Querier) ([]agenda.Item, error) {
		c, err := cal.Through(ctx, q)
		if err != nil {
			return nil, err
		}
		var out []agenda.Item
		for _, se := range sch.Sessions(c, first, last) {
			if !se.Start.Before(to) || !from.Before(se.End) {
				continue
			}
			id := se.RuleID
			if id == 0 {
				id = se.ExtraID
			}
			out = append(out, agenda.Item{
				Area: "visitors", Kind: agenda.Reception, ID: id,
				Start: se.Start, End: se.End, Place: se.Room,
				Href: "/visitors?day=" + se.Day.Format(time.DateOnly), Perm: auth.AreaVisitors, Own: true,
			})
		}
		for _, bk := range bookings {
			out = append(out, agenda.Item{
				Area: "visitors", Kind: agenda.Booking, ID: bk.ID,
				Personal: bk.VisitorName + " — " + bk.Topic,
				Start:    bk.Start, End: bk.End, Place: bk.Room,
				Href: fmt.Sprintf("/visitors/bookings/%d", bk.ID), Perm: auth.VisitorsBook, Own: true,
			})
		}
		return out, nil
	}
}
