package monitoring

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// SavedSearch is a person's named filter of the list.
type SavedSearch struct {
	ID    int64
	Name  string
	Query string // the list's query string
}

// MaxSavedSearches is how many searches one person keeps.
const MaxSavedSearches = 30

// SavedSearches are user's saved searches by name.
func (s *Store) SavedSearches(ctx context.Context, user int64) ([]SavedSearch, error) {
	var out []SavedSearch
	var b pgx.Batch
	queueSavedSearches(&b, user, &out)
	return out, s.pool.SendBatch(ctx, &b).Close()
}

// queueSavedSearches queues SavedSearches' read into into.
func queueSavedSearches(b *pgx.Batch, user int64, into *[]SavedSearch) {
	b.Queue(`select id, name, query from monitoring_saved_searches where user_id = $1
		order by name collate "lv-x-icu", id`, user).Query(func(rows pgx.Rows) error {
		var err error
		*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SavedSearch, error) {
			var x SavedSearch
			err := row.Scan(&x.ID, &x.Name, &x.Query)
			return x, err
		})
		return err
	})
}

// SaveSearch keeps the list's query under name for user; a name they
// used already is refused beside it.
func (s *Store) SaveSearch(ctx context.Context, user int64, name, query string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `select count(*) from monitoring_saved_searches where user_id = $1`, user).Scan(&n); err != nil {
			return err
		}
		if n >= MaxSavedSearches {
			return errs.Field("search_name", "monitoring.saved.too_many", MaxSavedSearches)
		}
		var id int64
		err := tx.QueryRow(ctx, `insert into monitoring_saved_searches (user_id, name, query, created_at) values ($1, $2, $3, $4)
			returning id`, user, name, query, s.now()).Scan(&id)
		if db.IsUnique(err, "monitoring_saved_searches_user_id_name_key") {
			return errs.FieldConflict("search_name", "monitoring.saved.name_taken")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "monitoring_search", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Saglabātā meklēšana Nr. %d: saglabāta", id)})
	})
}

// DeleteSearch removes user's saved search id; another's is refused.
func (s *Store) DeleteSearch(ctx context.Context, user, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var owner int64
		if err := tx.QueryRow(ctx, `delete from monitoring_saved_searches where id = $1 returning user_id`, id).Scan(&owner); err != nil {
			return db.NotFound(err, "monitoring saved search")
		}
		if owner != user {
			// The transaction is rolled back: the search stays its owner's.
			return fmt.Errorf("monitoring: saved search %d is another's: %w", id, errs.Forbidden)
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "monitoring_search", EntityID: id, Action: "delete",
			Summary: fmt.Sprintf("Saglabātā meklēšana Nr. %d: dzēsta", id)})
	})
}
