package awards

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// listForm is the nominations list's filters as typed.
type listForm struct {
	Q, Type, Year, Laureate, Source string
}

func (f listForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "type": f.Type, "year": f.Year, "laureate": f.Laureate, "source": f.Source} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

type listView struct {
	Form   listForm
	Errors form.Errors
	Page   ListPage
	Types  []Type
	First  string
	Next   string
	Query  string
}

func readList(r *http.Request) (listForm, ListQuery, *form.Values) {
	q := form.FromURL(r).Messages("awards.list")
	in := listForm{Q: q.Text("q", false, MaxSearch), Type: q.Raw("type"), Year: q.Raw("year"),
		Laureate: string(form.Enum(q, "laureate", false, []string{"yes", "no"})),
		Source:   string(form.Enum(q, "source", false, []string{"staff", "public"}))}
	lq := ListQuery{Q: in.Q, TypeID: q.ID("type", false), Year: q.Int("year", false, MinRoundYear, MaxRoundYear), Laureate: in.Laureate, Source: in.Source}
	if id, err := strconv.ParseInt(q.Raw("after"), 10, 64); err == nil && id > 0 {
		lq.After = id
	}
	return in, lq, q
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, lq, q := readList(r)
	v := listView{Form: in, Errors: q.Errors, Query: in.values().Encode()}
	var err error
	if v.Types, err = h.store.Types(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if q.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, listPage(v))
		return
	}
	if v.Page, err = h.store.List(ctx, lq); err != nil {
		web.Error(w, r, err)
		return
	}
	if lq.After != 0 {
		v.First = "/awards/nominations?" + v.Query
	}
	if v.Page.Next != 0 {
		nv := in.values()
		nv.Set("after", strconv.FormatInt(v.Page.Next, 10))
		v.Next = "/awards/nominations?" + nv.Encode()
	}
	web.Render(w, r, http.StatusOK, listPage(v))
}

// countText is the list's count: "12", or "more than 1 000".
func countText(ctx context.Context, n, bound int) string {
	if n > bound {
		return i18n.T(ctx, "awards.list.more_than", i18n.Number(int64(bound)))
	}
	return i18n.Number(int64(n))
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request)  { h.export(w, r, "csv") }
func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) { h.export(w, r, "xlsx") }

// export writes the nominations that match the list's filters; the store
// writes the audit entry.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	_, lq, q := readList(r)
	if q.Errors.Any() {
		h.list(w, r)
		return
	}
	lq.After = 0
	var rows [][]any
	_, err := h.store.Export(ctx, lq, format, func(n Nomination) error {
		laureate := ""
		if n.Laureate && n.RoundStatus.AtLeast(Decided) {
			laureate = i18n.T(ctx, "awards.list.yes")
		}
		rows = append(rows, []any{n.ID, n.TypeName, n.RoundYear, nameText(ctx, n), i18n.T(ctx, "awards.nominee_kind."+string(n.NomineeKind)),
			nominatorText(ctx, n), i18n.T(ctx, "awards.source."+n.Source), export.Day(n.CreatedAt), laureate})
		return nil
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var header []string
	for _, k := range []string{"col_id", "col_type", "col_year", "col_nominee", "col_kind", "col_nominator", "col_source", "col_received", "col_laureate"} {
		header = append(header, i18n.T(ctx, "awards.list."+k))
	}
	t := export.Table{Name: "apbalvojumi-izvirzisanas-" + h.now().In(i18n.Riga).Format("2006-01-02"), Sheet: i18n.T(ctx, "awards.list.sheet"),
		Title: i18n.T(ctx, "awards.list.title"), Now: h.now(), Header: header}
	if err := t.Write(w, format, rows); err != nil {
		slog.DebugContext(ctx, "awards export", "err", err)
	}
}
