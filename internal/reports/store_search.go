package reports

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/search"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// searchHandler serves the search: its areas, and the time it waits for
// each.
type searchHandler struct {
	pool        *pgxpool.Pool
	areas       []searchArea
	timeout     time.Duration
	isCheckCode func(ctx context.Context, q string) (bool, error)
}

// newSearchHandler wires the search to the pool and each area's search.
func newSearchHandler(d Deps) *searchHandler {
	return &searchHandler{pool: d.Pool, areas: searchAreas(d), timeout: cmp.Or(d.SearchAreaTimeout, AreaTimeout),
		isCheckCode: d.Petitions.IsCheckCode}
}

// searchAreas are the areas the search looks in, in the navigation's
// order. Adding an area is a line here and its store_search.go.
func searchAreas(d Deps) []searchArea {
	pool := d.Pool
	on := func(f func(context.Context, *pgxpool.Pool, string, int) ([]search.Hit, error)) searcher {
		return func(ctx context.Context, q string, limit int) ([]search.Hit, error) { return f(ctx, pool, q, limit) }
	}
	// The areas that read a word's matches through a text index first
	// (search.MatchesBound) remember which words they found common.
	remembering := func(f func(context.Context, *pgxpool.Pool, *search.CommonWords, string, int) ([]search.Hit, error)) searcher {
		common := search.NewCommonWords(d.Now)
		return func(ctx context.Context, q string, limit int) ([]search.Hit, error) {
			return f(ctx, pool, common, q, limit)
		}
	}
	directory := contacts.NewStore(contacts.Deps{Pool: pool, Now: d.Now})
	return []searchArea{
		{"area.petitions", auth.AreaPetitions, true, true, d.Petitions.Search},
		// Only those who see every booking: an official sees their own.
		{"area.visitors", auth.VisitorsBook, true, false, on(visitors.Search)},
		{"area.press", auth.AreaPress, false, false, on(press.Search)},
		{"area.monitoring", auth.AreaMonitoring, false, false, remembering(monitoring.Search)},
		{"area.delegations", auth.AreaDelegations, false, false, on(delegations.Search)},
		{"area.awards", auth.AreaAwards, true, false, remembering(awards.Search)},
		{"area.twincities", auth.AreaTwinCities, false, false, on(twincities.Search)},
		{"area.contacts", auth.AreaContacts, true, false, directory.Find},
	}
}

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
