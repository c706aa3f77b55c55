package press

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// listForm is the list's filters as typed.
type listForm struct {
	Q, Status, Sort string
	Mine            bool
}

// values are the filters as a query string, without the page.
func (f listForm) values() url.Values {
	v := url.Values{}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.Status != "" {
		v.Set("status", f.Status)
	}
	if f.Mine {
		v.Set("mine", "1")
	}
	if f.Sort != "" && f.Sort != string(ByUpdated) {
		v.Set("sort", f.Sort)
	}
	return v
}

type listView struct {
	Form   listForm
	Errors form.Errors
	Page   ListPage
	First  string
	Next   string
	Query  string // the filters, for the exports and the sort links
}

// readList reads the list's filters from the query string.
func readList(r *http.Request) (listForm, ListQuery, *form.Values) {
	q := form.FromURL(r).Messages("press.list")
	in := listForm{Q: q.Text("q", false, MaxSearch), Mine: q.Bool("mine")}
	lq := ListQuery{Q: in.Q}
	lq.Status = form.Enum(q, "status", false, Statuses)
	lq.Sort = form.Enum(q, "sort", false, Sorts)
	if lq.Sort == "" {
		lq.Sort = ByUpdated
	}
	if in.Mine {
		if u := auth.UserFrom(r.Context()); u != nil {
			lq.Mine = u.ID
		}
	}
	in.Status, in.Sort = string(lq.Status), string(lq.Sort)
	if q.Errors.Any() {
		// Show what was typed, so the person sees what to correct.
		in.Status = q.Raw("status")
	}
	if id, err := strconv.ParseInt(q.Raw("after_id"), 10, 64); err == nil && id > 0 {
		lq.After = &Cursor{Key: q.Raw("after"), ID: id}
	}
	return in, lq, q
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, lq, q := readList(r)
	v := listView{Form: in, Errors: q.Errors, Query: in.values().Encode()}
	if q.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, listPage(v))
		return
	}
	var err error
	if v.Page, err = h.store.List(ctx, lq); err != nil {
		web.Error(w, r, err)
		return
	}
	if lq.After != nil {
		v.First = "/press?" + v.Query
	}
	if v.Page.Next != nil {
		nv := in.values()
		nv.Set("after", v.Page.Next.Key)
		nv.Set("after_id", strconv.FormatInt(v.Page.Next.ID, 10))
		v.Next = "/press?" + nv.Encode()
	}
	web.Render(w, r, http.StatusOK, listPage(v))
}

// sortURL is the list's address in order s, with the same filters.
func (v listView) sortURL(s string) string {
	f := v.Form
	f.Sort = s
	return "/press?" + f.values().Encode()
}

// countText is the list's count: "12", or "more than 1 000".
func countText(ctx context.Context, n int) string {
	if n > CountBound {
		return i18n.T(ctx, "press.list.more_than", i18n.Number(CountBound))
	}
	return i18n.Number(int64(n))
}

// exportHeader is the exports' header row, in the viewer's language.
func exportHeader(ctx context.Context) []string {
	var out []string
	for _, k := range []string{"col_number", "col_title", "col_status", "col_version", "col_languages",
		"col_embargo", "col_author", "col_created", "col_updated"} {
		out = append(out, i18n.T(ctx, "press.list."+k))
	}
	return out
}

// exportRow is one release as the exports' cells.
func exportRow(ctx context.Context, r Release) []any {
	var embargo any
	if r.EmbargoUntil != nil {
		embargo = *r.EmbargoUntil
	}
	return []any{r.ID, r.Title, StatusName(ctx, r.Status), r.CurrentVersion, LangsText(ctx, r.Languages), embargo, r.AuthorName,
		r.CreatedAt, r.UpdatedAt}
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) { h.export(w, r, "csv") }

func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) { h.export(w, r, "xlsx") }

// export writes the releases that match the list's filters as a CSV or a
// spreadsheet; the store writes the audit entry.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	_, lq, q := readList(r)
	if q.Errors.Any() {
		h.list(w, r)
		return
	}
	lq.After = nil
	var rows [][]any
	if _, err := h.store.Export(ctx, lq, format, func(x Release) error { rows = append(rows, exportRow(ctx, x)); return nil }); err != nil {
		web.Error(w, r, err)
		return
	}
	table := export.Table{Name: "preses-relizes-" + h.now().In(i18n.Riga).Format("2006-01-02"), Sheet: i18n.T(ctx, "press.list.sheet"),
		Title: i18n.T(ctx, "press.title"), Now: h.now(), Header: exportHeader(ctx)}
	if err := table.Write(w, format, rows); err != nil {
		slog.DebugContext(ctx, "press releases export", "format", format, "err", err)
	}
}
