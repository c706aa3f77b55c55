package awards

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// RegisterQuery is the laureates' register's search and page.
type RegisterQuery struct {
	Q      string // the starts of words of the laureate's name, diacritic-blind (NameQuery)
	TypeID int64
	// Published: only what the laureates consented to publish (the public list).
	Published bool
	// After is where the page starts: the year and id of the last row before.
	AfterYear int
	AfterID   int64
	Limit     int
}

// Register is the laureates of every decided round, newest year first:
// at most q.Limit+1 rows (the one past the page says there is a next).
// Only a decided round shows laureates. Only the filters set are in the
// query, so that its plan fits them (as ListQuery.where).
func (s *Store) Register(ctx context.Context, q RegisterQuery) ([]Nomination, error) {
	if q.Limit <= 0 {
		q.Limit = PageSize
	}
	conds := []string{"n.laureate", "r.status in ('decided', 'awarded')", "n.personal_data_removed_at is null"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if nq := NameQuery(q.Q); nq != "" {
		conds = append(conds, fmt.Sprintf(nameMatches, arg(nq)))
	}
	if q.TypeID != 0 {
		conds = append(conds, "r.type_id = "+arg(q.TypeID))
	}
	if q.Published {
		conds = append(conds, "n.consent_publish")
	}
	if q.AfterYear != 0 {
		conds = append(conds, "(r.year, n.id) < ("+arg(q.AfterYear)+", "+arg(q.AfterID)+")")
	}
	return collectNominations(s.pool.Query(ctx, `select `+nominationColumns+nominationFrom+`
		where `+strings.Join(conds, " and ")+`
		order by r.year desc, n.id desc limit `+arg(q.Limit+1), args...))
}
