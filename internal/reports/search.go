package reports

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/search"
	"github.com/daugavpils/prdesk/internal/web"
)

// AreaTimeout is how long the search waits for one area: an area that has
// not answered by then is shown as such, and does not hold the page.
const AreaTimeout = 300 * time.Millisecond

// The search takes between MinQuery and MaxQuery characters.
const (
	MinQuery = 2
	MaxQuery = 100
)

// searcher is one area's search (search.Hit is the one shape of a hit).
type searcher func(ctx context.Context, q string, limit int) ([]search.Hit, error)

// searchArea is one area in the search, in the navigation's order.
type searchArea struct {
	Key  string          // the area's name in the catalogue (area.*), and its id on the page
	Perm auth.Permission // who may open the area's records
	// Personal: its hits are residents' personal data, and a search
	// that shows them is written to the audit log.
	Personal bool
	// Numbers: the area answers a registration number or a check code;
	// only such areas are asked one (the others would look for it in
	// their titles and names, for nothing).
	Numbers bool
	Find    searcher
}

// group is one area's answer.
type group struct {
	Key      string
	Hits     []search.Hit
	More     bool // more than search.Limit matched
	TimedOut bool // the area did not answer within its time
	Failed   bool // the area answered with an error
	Personal bool
}

// runSearch asks each area concurrently, each within timeout, and gives
// their answers in the areas' order.
func runSearch(ctx context.Context, areas []searchArea, q string, timeout time.Duration) []group {
	out := make([]group, len(areas))
	var wg sync.WaitGroup
	for i, a := range areas {
		out[i] = group{Key: a.Key, Personal: a.Personal}
		wg.Go(func() {
			actx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			hits, err := a.Find(actx, q, search.Limit+1)
			g := &out[i]
			switch {
			case err == nil && actx.Err() == nil:
				if len(hits) > search.Limit {
					hits, g.More = hits[:search.Limit], true
				}
				g.Hits = hits
			case errors.Is(actx.Err(), context.DeadlineExceeded):
				g.TimedOut = true
			default:
				g.Failed = true
				slog.ErrorContext(ctx, "search: an area failed", "area", a.Key, "err", err)
			}
		})
	}
	wg.Wait()
	return out
}

// queryKind tells how a query is read: a registration number, a check
// code (one of eight letters only when a submission has it), or words
// (names, titles).
func (h *searchHandler) queryKind(ctx context.Context, q string) (string, error) {
	if petitions.LooksLikeNumber(q) {
		return "number", nil
	}
	code, err := h.isCheckCode(ctx, q)
	if code {
		return "code", err
	}
	return "words", err
}

// checkQuery is what is wrong with q as a search, as a catalogue key
// ("" when it can be searched).
func checkQuery(q string) string {
	n := utf8.RuneCountInString(q)
	switch {
	case n == 0:
		return "reports.search.empty"
	case n > MaxQuery:
		return "reports.search.too_long"
	case len(contacts.Fold(q)) == 0:
		return "reports.search.no_words"
	case n < MinQuery:
		return "reports.search.too_short"
	}
	return ""
}

// searchView is the search page.
type searchView struct {
	Q        string // as typed, shown in the box
	Problem  string // a catalogue key: why nothing was searched
	NoAreas  bool   // the person's roles open no area the search looks in
	Searched bool
	Groups   []group
}

// Total is how many hits are shown.
func (v searchView) Total() int {
	n := 0
	for _, g := range v.Groups {
		n += len(g.Hits)
	}
	return n
}

func (h *Handler) searchRoutes(m *auth.Mux) {
	m.Get("/reports/search", auth.SignedIn, newSearchHandler(h.deps).search)
}

func (h *searchHandler) search(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	query := form.URLValues(r)
	raw := query.Get("q")
	v := searchView{Q: raw}
	q := strings.Join(strings.Fields(raw), " ")
	u := auth.UserFrom(ctx)
	var areas []searchArea
	for _, a := range h.areas {
		if u.Can(a.Perm) {
			areas = append(areas, a)
		}
	}
	v.NoAreas = len(areas) == 0
	if raw != "" || query.Has("q") {
		v.Problem = checkQuery(q)
	}
	if v.Problem != "" || v.NoAreas || q == "" {
		web.Render(w, r, http.StatusOK, searchPage(v))
		return
	}
	v.Searched = true
	kind, err := h.queryKind(ctx, q)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if kind != "words" {
		areas = slices.DeleteFunc(areas, func(a searchArea) bool { return !a.Numbers })
	}
	v.Groups = runSearch(ctx, areas, q, h.timeout)
	if err := h.auditSearch(ctx, kind, v.Groups); err != nil {
		web.Error(w, r, err)
		return
	}
	if kind != "words" && len(v.Groups) == 1 && len(v.Groups[0].Hits) == 1 && !v.Groups[0].More {
		// A registration number or check code of one submission: its card.
		http.Redirect(w, r, v.Groups[0].Hits[0].Link, http.StatusSeeOther)
		return
	}
	web.Render(w, r, http.StatusOK, searchPage(v))
}
