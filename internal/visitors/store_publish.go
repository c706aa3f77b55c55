package visitors

import (
	"context"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// MonthHours lists every active official with their sessions in the month
// that begins on month (a first day, UTC), holidays and cancelled dates left out.
func (s *Store) MonthHours(ctx context.Context, month time.Time) ([]OfficialHours, error) {
	officials, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	sessions, err := s.sessions(ctx, s.pool, 0, month, month.AddDate(0, 1, -1))
	if err != nil {
		return nil, err
	}
	out := make([]OfficialHours, len(officials))
	for i, o := range officials {
		out[i].Official = o
		for _, ses := range sessions {
			if ses.OfficialID == o.ID {
				out[i].Sessions = append(out[i].Sessions, ses)
			}
		}
	}
	return out, nil
}

// Frequencies lists every active deputy with their last and next session
// as of the store's clock and, where they have a target, how they stand
// against it.
func (s *Store) Frequencies(ctx context.Context) ([]DeputyStanding, error) {
	now := s.now()
	officials, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	sessions, err := s.sessions(ctx, s.pool, 0, now.Add(-FrequencyLookback), now.Add(FrequencyLookback))
	if err != nil {
		return nil, err
	}
	var out []DeputyStanding
	for _, o := range officials {
		if o.Kind != Deputy {
			continue
		}
		d := DeputyStanding{Official: o}
		for i := range sessions {
			ses := &sessions[i]
			if ses.OfficialID != o.ID {
				continue
			}
			if ses.Start.Before(now) {
				d.Last = ses
			} else if d.Next == nil {
				d.Next = ses
			}
		}
		if o.TargetWeeks != nil {
			var last, next *time.Time
			if d.Last != nil {
				last = &d.Last.Day
			}
			if d.Next != nil {
				next = &d.Next.Day
			}
			d.Standing, d.Deadline = Frequency(*o.TargetWeeks, last, next, calendar.DateOf(now.In(i18n.Riga)))
		}
		out = append(out, d)
	}
	return out, nil
}
