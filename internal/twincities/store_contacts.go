package twincities

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// The directory's part: the coordinator a review reminder goes to, and
// the uses of contacts recorded in the directory. Until the directory's
// tables are in, an agreement keeps the contacts' ids only.

// coordinatorEmail and coordinatorName are SQL on the agreement a: our
// coordinator's e-mail and name.
const (
	coordinatorEmail = `''`
	coordinatorName  = `null::text`
)

// recordUses writes to the directory that the agreement's contacts are its
// partner and coordinators.
func (s *Store) recordUses(ctx context.Context, tx pgx.Tx, id int64, a Agreement) error {
	return nil
}

// Contact is a contact of the directory as the area shows it.
type Contact struct {
	ID   int64
	Name string
}

// Contacts are the names of the contacts ids, by id.
func (s *Store) Contacts(ctx context.Context, ids []int64) (map[int64]Contact, error) {
	return map[int64]Contact{}, nil
}
