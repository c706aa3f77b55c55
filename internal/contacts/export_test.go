package contacts

import (
	"context"
	"time"
)

// SetSearchLimits lowers rareWords and walkRows for a test, so that a few
// contacts take the paths that thousands take in the directory; the
// function returned puts them back.
func SetSearchLimits(rare, walk int, prefix bool) func() {
	r, w, p := rareWords, walkRows, usePrefix
	rareWords, walkRows, usePrefix = rare, walk, prefix
	return func() { rareWords, walkRows, usePrefix = r, w, p }
}

// SearchPlan is how List finds f's words: "", "none", "rare N" (the Nth
// word's contacts are read by id), "both" (common words, few together),
// "filtered" (the filter's few contacts are checked for the words) or
// "common".
func SearchPlan(ctx context.Context, s *Store, f ListFilter) (string, error) {
	f, err := s.Prepare(ctx, f)
	switch {
	case err != nil || f.text == nil:
		return "", err
	case f.text.none:
		return "none", nil
	case f.text.byIDs:
		return "both", nil
	case f.text.filtered:
		return "filtered", nil
	case f.text.rare < 0:
		return "common", nil
	}
	return "rare " + string(rune('0'+f.text.rare)), nil
}

// SetFilterRows sets how many contacts a filter may pick for the words to
// be checked on them; the function returned puts it back.
func SetFilterRows(n int) func() {
	old := filterRows
	filterRows = n
	return func() { filterRows = old }
}

// SetCountIDs sets how many index rows a common word may have for Count to
// read its contacts by id; the function returned puts it back.
func SetCountIDs(n int) func() {
	old := countIDs
	countIDs = n
	return func() { countIDs = old }
}

// SetCountWalk sets how far along the list's order Count looks for a word
// of very many contacts with a filter; the function returned puts it back.
func SetCountWalk(n int) func() {
	old := countWalk
	countWalk = n
	return func() { countWalk = old }
}

// LapsedAt is every person a retention run at asOf would concern, not only
// the first RetentionShown of them.
func LapsedAt(ctx context.Context, s *Store, asOf time.Time) ([]Lapsed, error) {
	r, err := s.Retention(ctx)
	if err != nil {
		return nil, err
	}
	return lapsed(ctx, s.pool, r, asOf, 0)
}
