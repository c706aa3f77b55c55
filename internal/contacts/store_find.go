package contacts

import (
	"context"

	"github.com/daugavpils/prdesk/internal/search"
)

// Find is the directory's part of the one search across PR Desk: the
// list's own search (every word of q begins a word of the name, the
// organisation, an e-mail or a phone, diacritic-blind) in the list's
// order, at most limit, as the pickers' lookup (Search) reads a common
// word. (store_search.go is the list's word index.)
func (s *Store) Find(ctx context.Context, q string, limit int) ([]search.Hit, error) {
	if len(Fold(q)) == 0 {
		return nil, nil
	}
	rows, _, err := s.List(ctx, ListFilter{Q: q, nearest: lookupNearest}, nil, limit)
	if err != nil {
		return nil, err
	}
	hits := make([]search.Hit, len(rows))
	for i, r := range rows {
		detail := r.OrgName
		if r.Position != "" && detail != "" {
			detail = r.Position + ", " + detail
		} else if r.Position != "" {
			detail = r.Position
		}
		if detail == "" {
			detail = r.City
		}
		hits[i] = search.Hit{Title: r.Name, Detail: detail, Link: contactURL(r.ID), Ref: search.IDRef(r.ID)}
	}
	return hits, nil
}
