package privacy

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Store runs a lookup through every area's source.
type Store struct {
	pool    *pgxpool.Pool
	sources []Source
}

// NewStore is a store over the areas' sources, in the order the page
// shows them.
func NewStore(pool *pgxpool.Pool, sources []Source) *Store {
	return &Store{pool: pool, sources: sources}
}

// AuditEntities are the package's entity in the audit log: a data
// subject's request is about a person.
func AuditEntities() audit.Entities { return audit.Entities{"privacy_request": true} }

// Search looks p up in every area in one transaction, and writes the
// lookup to the audit log in it: which kinds of key were used and how many
// records each area disclosed (their numbers in the details), never the
// keys themselves. export tells an export (with full records) from a
// search on the page.
func (s *Store) Search(ctx context.Context, p Person, export bool) ([]Found, error) {
	var found []Found
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		found = found[:0]
		for _, src := range s.sources {
			recs, err := src.Find(ctx, tx, p, export)
			if err != nil {
				return fmt.Errorf("privacy: %s: %w", src.Area(), err)
			}
			f := Found{Area: src.Area(), Records: recs}
			if len(f.Records) > Limit {
				f.Records, f.More = f.Records[:Limit], true
			}
			found = append(found, f)
		}
		return audit.Record(ctx, tx, requestEntry(p, found, export))
	})
	return found, err
}

// requestEntry is the audit entry of a lookup, in Latvian.
func requestEntry(p Person, found []Found, export bool) audit.Entry {
	lv := i18n.WithLocale(context.Background(), "lv")
	what, action := "meklēšana", "search"
	if export {
		what, action = "izraksts PDF", "export"
	}
	var by []string
	for _, k := range p.Given() {
		by = append(by, i18n.T(lv, "privacy.by_genitive."+string(k)))
	}
	var counts []string
	disclosed := map[string][]string{}
	for _, f := range found {
		counts = append(counts, fmt.Sprintf("%s %d", i18n.T(lv, f.Area), len(f.Records)))
		numbers := make([]string, len(f.Records))
		for i, r := range f.Records {
			numbers[i] = r.Number
		}
		disclosed[strings.TrimPrefix(f.Area, "area.")] = numbers
	}
	return audit.Entry{
		Entity: "privacy_request", EntityID: "", Action: action,
		Summary: fmt.Sprintf("Datu subjekta pieprasījums: %s pēc %s; atrasti ieraksti: %s",
			what, strings.Join(by, ", "), strings.Join(counts, ", ")),
		Details: map[string]any{"by": p.Given(), "found": Count(found), "records": disclosed},
	}
}
