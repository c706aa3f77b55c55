package awards

import (
	"context"
	"strings"
)

// RegisterQuery is the laureates' register's search and page.
type RegisterQuery struct {
	Q      string // diacritic-blind, in the laureate's name
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
// Only a decided round shows laureates.
func (s *Store) Register(ctx context.Context, q RegisterQuery) ([]Nomination, error) {
	if q.Limit <= 0 {
		q.Limit = PageSize
	}
	return collectNominations(s.pool.Query(ctx, `select `+nominationColumns+nominationFrom+`
		where n.laureate and r.status in ('decided', 'awarded') and n.personal_data_removed_at is null
		and ($1 = '' or n.name_key like '%' || $1 || '%') and ($2 = 0 or r.type_id = $2) and (not $3 or n.consent_publish)
		and ($4 = 0 or (r.year, n.id) < ($4, $5))
		order by r.year desc, n.id desc limit $6`,
		NameKey(strings.TrimSpace(q.Q)), q.TypeID, q.Published, q.AfterYear, q.AfterID, q.Limit+1))
}
