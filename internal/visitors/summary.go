package visitors

import "time"

// OfficialCount is one official's figures over a period.
type OfficialCount struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Visits   int    `db:"visits"`   // received: through the queue, or logged at the front desk as coming to them
	Bookings int    `db:"bookings"` // not cancelled
	NoShows  int    `db:"no_shows"`
	Left     int    `db:"left_unseen"` // came to the queue and went away without being received
}

// Report is what the director's reports take from the visitors area: counts
// only, no one's name. The statistics page shows the same figures, and the
// visitor log the same visits: a visit is one row of the log, whether the
// queue wrote it when the reception ended or the clerk typed it.
type Report struct {
	From, To time.Time // [From, To)
	// Visits are the visitors received: the log's rows (the queue's ended
	// receptions and the visitors the clerk logged by hand). QueueVisits
	// are those of them received through the queue.
	Visits      int
	QueueVisits int
	// Left are the queue's tickets whose visitor went away without being
	// received (aizgāja neapkalpots): they came, so they are no no-shows.
	Left int
	// Bookings are the bookings not cancelled whose slot began in the
	// period; Past of them took place: their time has come, or they have an
	// outcome already (a visitor received before their time). Past is what
	// the outcomes below are shares of: Received + BookingsLeft + NoShows +
	// Unmarked().
	Bookings     int
	Past         int
	Received     int // the visitor was received
	BookingsLeft int // the visitor came and went away unseen
	NoShows      int // the visitor did not come
	// HoursHeld are the officials' reception sessions (of the rules and
	// one-off sessions, the cancelled days left out) that began in the
	// period by now.
	HoursHeld   int
	PerOfficial []OfficialCount
	// BusiestHour is the hour of the day (Riga) with the most visitors and
	// their number; -1 when there were none.
	BusiestHour, BusiestHourVisits int
	// AvgWait is the mean time from check-in to being called; nil when no
	// one was called in the period. WaitFrom says which record it came from.
	AvgWait  *time.Duration
	WaitFrom string // "queue" or "history"
}

// Upcoming are the bookings of the period still to take place.
func (r Report) Upcoming() int { return r.Bookings - r.Past }

// Unmarked are the past bookings with no outcome yet: checked in and not
// closed, or not marked at all.
func (r Report) Unmarked() int { return r.Past - r.Received - r.BookingsLeft - r.NoShows }

// NoShowRate is the share of past bookings whose visitor did not come, 0 to 1.
func (r Report) NoShowRate() float64 { return share(r.NoShows, r.Past) }

// LeftRate is the share of past bookings whose visitor went away unseen.
func (r Report) LeftRate() float64 { return share(r.BookingsLeft, r.Past) }

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}
