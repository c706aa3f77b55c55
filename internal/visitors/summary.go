package visitors

import "time"

// OfficialCount is one official's figures over a period.
type OfficialCount struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Visits   int    `db:"visits"`   // logged at the front desk as coming to them
	Bookings int    `db:"bookings"` // not cancelled
	NoShows  int    `db:"no_shows"`
}

// Report is what the director's reports take from the visitors area: counts
// only, no one's name.
type Report struct {
	From, To    time.Time // [From, To)
	Visits      int       // logged visitors
	Bookings    int       // bookings not cancelled whose slot began in the period
	Past        int       // of those, the ones whose slot has begun by now
	NoShows     int
	PerOfficial []OfficialCount
	// BusiestHour is the hour of the day (Riga) with the most visitors and
	// their number; -1 when there were none.
	BusiestHour, BusiestHourVisits int
	// AvgWait is the mean time from check-in to being called; nil when no
	// one was called in the period. WaitFrom says which record it came from.
	AvgWait  *time.Duration
	WaitFrom string // "queue" or "history"
}

// NoShowRate is the share of past bookings whose visitor did not come, 0 to 1.
func (r Report) NoShowRate() float64 {
	if r.Past == 0 {
		return 0
	}
	return float64(r.NoShows) / float64(r.Past)
}
