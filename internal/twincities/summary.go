package twincities

import "time"

// Report is what the director's reports take from the twin cities: counts
// only. The agreements are counted as they stand now; the signed ones and
// the log's lines within [From, To).
type Report struct {
	From, To time.Time
	// The agreements by status, now.
	Active, Dormant, InPreparation, Ended int
	// Signed are the agreements signed in the period.
	Signed int
	// Entries are the log's lines of the period, by kind and by field.
	Entries int
	ByKind  map[Kind]int
	ByField map[Field]int
	// CitiesWithActivity are the agreements with a line in the period.
	CitiesWithActivity int
}
