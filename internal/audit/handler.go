package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// PageSize is how many entries one page of the log shows.
const PageSize = 50

// Deps are what the audit log page needs from the app.
type Deps struct {
	Pool *pgxpool.Pool
	// Entities are every area's declarations of its entities: the
	// administrator opens the details of those that concern no personal data.
	Entities Entities
	// Now is the clock, as every area's Deps has it; the log page reads
	// none yet (its filters are the dates the person types).
	Now func() time.Time
}

// Handler serves the audit log page.
type Handler struct {
	deps  Deps
	store *Store
}

// NewHandler wires the audit log page.
func NewHandler(d Deps) *Handler { return &Handler{deps: d, store: NewStore(d.Pool)} }

// Routes registers /admin/audit.
func (h *Handler) Routes(m *auth.Mux) {
	m.Get("/admin/audit", auth.AdminAudit, h.list)
}

type listView struct {
	Filter   Filter
	FromText string
	ToText   string
	Rows     []Row
	Actors   []ActorOption
	Entities []string
	First    string
	Next     string
	Errors   map[string]string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := listView{FromText: q.Get("from"), ToText: q.Get("to"), Errors: map[string]string{}}
	v.Filter.ActorID, _ = strconv.ParseInt(q.Get("user"), 10, 64)
	v.Filter.Entity = q.Get("entity")
	v.Filter.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	if v.FromText != "" {
		if d, ok := i18n.ParseDate(v.FromText); ok {
			v.Filter.From = d
		} else {
			v.Errors["from"] = i18n.T(ctx, "field.invalid_date")
		}
	}
	if v.ToText != "" {
		if d, ok := i18n.ParseDate(v.ToText); ok {
			v.Filter.To = d.AddDate(0, 0, 1)
		} else {
			v.Errors["to"] = i18n.T(ctx, "field.invalid_date")
		}
	}
	var err error
	if v.Rows, err = h.store.List(ctx, v.Filter, h.deps.Entities.Open(), PageSize+1); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Actors, err = h.store.Actors(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Entities, err = h.store.Entities(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	// The filter offers the entities by their names, in the reader's order.
	slices.SortFunc(v.Entities, func(a, b string) int { return strings.Compare(EntityName(ctx, a), EntityName(ctx, b)) })
	base := url.Values{}
	for _, k := range []string{"user", "entity", "from", "to"} {
		if q.Get(k) != "" {
			base.Set(k, q.Get(k))
		}
	}
	if v.Filter.Before != 0 {
		v.First = "?" + base.Encode()
	}
	if len(v.Rows) > PageSize {
		v.Rows = v.Rows[:PageSize]
		next := url.Values{}
		for k, vs := range base {
			next[k] = vs
		}
		next.Set("before", strconv.FormatInt(v.Rows[len(v.Rows)-1].ID, 10))
		v.Next = "?" + next.Encode()
	}
	status := http.StatusOK
	if len(v.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	web.Render(w, r, status, listPage(v))
}

// detailLines are an entry's details as lines a person reads: each field
// that changed ("title: A → B"), or each key with its value.
func detailLines(ctx context.Context, raw []byte) []string {
	var changes []Change
	if json.Unmarshal(raw, &changes) == nil && len(changes) > 0 && changes[0].Field != "" {
		out := make([]string, len(changes))
		for i, c := range changes {
			out[i] = fieldName(ctx, c.Field) + ": " + valueText(ctx, c.Field, c.Before) + " → " + valueText(ctx, c.Field, c.After)
		}
		return out
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = fieldName(ctx, k) + ": " + valueText(ctx, k, m[k])
		}
		return out
	}
	return []string{string(raw)}
}

// shown is a detail's value: text as it is, nothing (or empty text) as a
// dash, anything else as JSON.
func shown(v any) string {
	switch v := v.(type) {
	case nil:
		return "—"
	case string:
		if v == "" {
			return "—"
		}
		return v
	case float64, bool:
		return fmt.Sprint(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
