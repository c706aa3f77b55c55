// Package search is what an area's part of the one search across PR Desk
// returns: a hit, shaped alike in every area, so that an area's search is
// a few lines of its own store and internal/reports composes them. The
// package imports nothing of the product: every area may use it.
package search

import "time"

// Hit is one record an area's search found.
type Hit struct {
	// Title is how people name the record: a registration number and the
	// submitter, a release's title, a contact's name.
	Title string
	// Detail is one line more (a date, a place, a round), "" for none.
	Detail string
	// When the record happened or was made; zero when it has no date.
	When time.Time
	// Link is the path of the record's card.
	Link string
	// Ref names the record without personal data, for the audit log: its
	// registration number or "#id".
	Ref string
}

// Limit is how many hits one area shows; an area returns at most Limit+1,
// so that the page can say there are more.
const Limit = 10
