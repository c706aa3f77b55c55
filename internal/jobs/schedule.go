package jobs

import (
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// DailyAt is a periodic job's schedule: every day at Hour:Minute on the
// wall clock in Riga, so that a morning job stays in the morning when the
// clocks change.
type DailyAt struct{ Hour, Minute int }

// Next is the schedule's next time after t.
func (d DailyAt) Next(t time.Time) time.Time {
	l := t.In(i18n.Riga)
	next := time.Date(l.Year(), l.Month(), l.Day(), d.Hour, d.Minute, 0, 0, i18n.Riga)
	if !next.After(t) {
		next = time.Date(l.Year(), l.Month(), l.Day()+1, d.Hour, d.Minute, 0, 0, i18n.Riga)
	}
	return next
}
