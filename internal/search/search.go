// Package search is what an area's part of the one search across PR Desk
// returns: a hit, shaped alike in every area, so that an area's search is
// a few lines of its own store and internal/reports composes them. The
// package imports nothing of the product: every area may use it.
package search

import (
	"strconv"
	"strings"
	"time"
)

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
	// registration number or IDRef.
	Ref string
}

// IDRef is the Ref of a record known by its id alone.
func IDRef(id int64) string { return "#" + strconv.FormatInt(id, 10) }

// RefIDs are the ids of the hits whose Ref is an IDRef, in order.
func RefIDs(hits []Hit) []int64 {
	var ids []int64
	for _, h := range hits {
		if rest, ok := strings.CutPrefix(h.Ref, "#"); ok {
			if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// Limit is how many hits one area shows; an area returns at most Limit+1,
// so that the page can say there are more.
const Limit = 10

// MatchesBound is how many matches an area's search with a text index
// reads through that index before it walks its newest-first order instead.
// The planner cannot tell a rare word from a common one: walking the order
// until Limit matches turn up reads every row for a word in none (seconds
// on a million clippings), and reading every match of a common word
// through the index reads thousands of rows to show ten. So the search
// reads at most MatchesBound+1 matches by the index; when there are no
// more than MatchesBound, it sorts those, and otherwise it walks the
// order, where a common word's matches come soon.
const MatchesBound = 1000
