// Package agenda is the one item type of the officials' agenda: each area
// that plans an official's time exports QueueAgendaItems (in its
// store_agenda.go, a Queue) giving these, and internal/reports reads every
// area's in one batch and composes them into one week per official. It is
// a leaf: the areas import it, and of the product it imports only auth (for
// the permission an item's card needs) and db.
package agenda

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
)

// Queue queues into b the reads of an area's items of o overlapping
// [from, to): every area's go out in one round trip.
type Queue func(b *pgx.Batch, o Official, from, to time.Time) Pending

// Pending gives an area's queued items once their batch has been sent
// through q and closed; anything more it must read goes through q too (a
// transaction must not wait for a second connection while it holds one).
type Pending func(ctx context.Context, q db.Querier) ([]Item, error)

// Filled is the Pending of items that the batch's own callbacks fill in.
func Filled(items *[]Item) Pending {
	return func(context.Context, db.Querier) ([]Item, error) { return *items, nil }
}

// Official is who an agenda is for, as each area knows them: the visitors
// area by the official's id, the delegations by the account, the press and
// the awards by the directory's contact. A zero UserID or ContactID means
// the official has none, and the areas that know people that way add
// nothing.
type Official struct {
	ID        int64
	Name      string
	Position  string
	UserID    int64
	ContactID int64
}

// Kind is what an item is; the page names it from the catalogue
// (reports.agenda.kind.<kind>).
type Kind string

const (
	Reception Kind = "reception" // reception hours (visitors)
	Booking   Kind = "booking"   // a visitor booked in a reception (visitors)
	Event     Kind = "event"     // a press conference, briefing or media event (press)
	Interview Kind = "interview" // an interview agreed (press)
	Programme Kind = "programme" // a delegation programme item (delegations)
	Ceremony  Kind = "ceremony"  // an award ceremony (awards)
	Marketing Kind = "marketing" // a marketing activity (marketing, when it is built)
)

// Item is one thing in an official's time.
type Item struct {
	// Area is the area's name as its permission has it (visitors, press,
	// delegations, awards); Kind what the item is; ID its record's id in
	// the area (with Kind, unique: the feed's UID).
	Area string
	Kind Kind
	ID   int64
	// Title is what anyone who may see the agenda may read: an event's
	// title, an activity. Empty for a booking, whose page text is its kind.
	Title string
	// Personal is text about a person that only those who may open the
	// record read (a visitor's name and topic); empty when there is none.
	Personal string
	// Start and End are instants; an item known only by its date (an award
	// ceremony) is AllDay, with Start at midnight of that day in Riga and End
	// at the next midnight.
	Start, End time.Time
	AllDay     bool
	Place      string
	// Href is the item's card; Perm is the permission that opens it, and
	// Personal is shown on the same terms. Own: the official themself may
	// open it too (their own booking), whatever Perm says.
	Href string
	Perm auth.Permission
	Own  bool
}

// Overlaps tells whether a and b share any time. An all-day item shares
// none: its time of day is not known, so it is shown on its day and never
// called a clash.
func Overlaps(a, b Item) bool {
	if a.AllDay || b.AllDay {
		return false
	}
	return a.Start.Before(b.End) && b.Start.Before(a.End)
}

// Clashes tells whether a and b are two things the official cannot both
// attend: they overlap, and they are not a booking and the reception hours
// it is booked in (a booking is part of its reception).
func Clashes(a, b Item) bool {
	if !Overlaps(a, b) {
		return false
	}
	if (a.Kind == Reception && b.Kind == Booking) || (a.Kind == Booking && b.Kind == Reception) {
		return false
	}
	return true
}

// MarkClashes returns, for items in any order, which of them clash with
// another (by index), and with which (the indexes of the others, in order
// of start). It sweeps the items by start, so a feed of a year's items
// costs n log n and the clashes, not every pair.
func MarkClashes(items []Item) map[int][]int {
	order := make([]int, 0, len(items))
	for i, it := range items {
		if !it.AllDay {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return items[a].Start.Compare(items[b].Start) })
	out := map[int][]int{}
	for x, i := range order {
		for _, j := range order[x+1:] {
			if !items[j].Start.Before(items[i].End) {
				break // this one and every later one start after i ends
			}
			if Clashes(items[i], items[j]) {
				out[i] = append(out[i], j)
				out[j] = append(out[j], i)
			}
		}
	}
	return out
}
