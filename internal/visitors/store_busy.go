package visitors

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// Busy is a time an official receives residents: one reception session,
// named by the account of the official who holds it.
type Busy struct {
	UserID     int64
	Start, End time.Time
	Room       string
}

// BusyTimes are the reception sessions of the officials whose accounts are
// userIDs that overlap [from, to), in order of start. Another area (the
// delegations, warning of a programme clash) asks for them through an
// interface of its own, so that neither imports the other. An account that
// holds no reception hours has none.
func (s *Store) BusyTimes(ctx context.Context, userIDs []int64, from, to time.Time) ([]Busy, error) {
	if len(userIDs) == 0 || !from.Before(to) {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `select id, user_id from visit_officials where active and user_id = any($1) order by id`, userIDs)
	if err != nil {
		return nil, err
	}
	type official struct{ id, user int64 }
	officials, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (official, error) {
		var o official
		err := row.Scan(&o.id, &o.user)
		return o, err
	})
	if err != nil || len(officials) == 0 {
		return nil, err
	}
	// The sessions of the dates the period touches, in Riga; those that
	// do not overlap it are left out.
	first, last := calendar.DateOf(from), calendar.DateOf(to.Add(-time.Nanosecond))
	var out []Busy
	for _, o := range officials {
		sessions, err := s.Sessions(ctx, o.id, first, last)
		if err != nil {
			return nil, err
		}
		for _, se := range sessions {
			if se.Start.Before(to) && from.Before(se.End) {
				out = append(out, Busy{UserID: o.user, Start: se.Start, End: se.End, Room: se.Room})
			}
		}
	}
	return out, nil
}
