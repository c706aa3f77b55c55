package reports

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// auditSearch writes a search that showed personal data to the audit log:
// how the query was read and how many records each area showed, and their
// numbers in the details; never the query, which may be a person's name.
func (h *searchHandler) auditSearch(ctx context.Context, kind string, groups []group) error {
	lv := i18n.WithLocale(context.Background(), "lv")
	var counts []string
	refs := map[string][]string{}
	personal, total := false, 0
	for _, g := range groups {
		if len(g.Hits) == 0 {
			continue
		}
		personal = personal || g.Personal
		total += len(g.Hits)
		counts = append(counts, fmt.Sprintf("%s %d", i18n.T(lv, g.Key), len(g.Hits)))
		for _, hit := range g.Hits {
			refs[strings.TrimPrefix(g.Key, "area.")] = append(refs[strings.TrimPrefix(g.Key, "area.")], hit.Ref)
		}
	}
	if !personal {
		return nil
	}
	e := audit.Entry{Entity: "site_search", EntityID: "", Action: "search",
		Summary: fmt.Sprintf("Meklēšana visās sadaļās (%s): %d rezultāti — %s",
			i18n.T(lv, "reports.search.kind."+kind), total, strings.Join(counts, ", ")),
		Details: map[string]any{"kind": kind, "shown": refs}}
	return db.InTx(ctx, h.pool, func(tx pgx.Tx) error { return audit.Record(ctx, tx, e) })
}
