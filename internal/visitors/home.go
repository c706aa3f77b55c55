package visitors

import (
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// The addresses behind the home page's counts.

// DayPath is the day list of today's bookings (DeskDay's Bookings and ToCome).
const DayPath = "/visitors"

// QueuePath is the day's queue (DeskDay's Waiting).
const QueuePath = "/visitors/queue"

// StatsPath is the statistics page of [from, to), two Riga midnights, by
// day: it shows the same figures as Glance of that period.
func StatsPath(from, to time.Time) string {
	last := calendar.DateOf(to.Add(-time.Hour))
	return "/visitors/stats?from=" + calendar.DateOf(from).Format(time.DateOnly) +
		"&to=" + last.Format(time.DateOnly) + "&by=day"
}
