package delegations

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

// listForm is the list's filters as typed.
type listForm struct {
	Q, Kind, Status, Year, Country, Level, Sort string
}

// values are the filters as a query string, without the page.
func (f listForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "kind": f.Kind, "status": f.Status, "year": f.Year, "country": f.Country, "level": f.Level} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Sort != "" && f.Sort != string(ByStart) {
		v.Set("sort", f.Sort)
	}
	return v
}

type listView struct {
	Form   listForm
	Errors form.Errors
	Page   ListPage
	Years  []int
	Orgs   map[int64]string
	First  string
	Next   string
	Query  string
}

// readList reads the list's filters from the query string.
func readList(r *http.Request) (listForm, ListQuery, *form.Values) {
	q := form.FromURL(r).Messages("delegations.list")
	in := listForm{Q: q.Text("q", false, MaxSearch)}
	lq := ListQuery{Q: in.Q}
	lq.Kind = form.Enum(q, "kind", false, Kinds)
	lq.Status = form.Enum(q, "status", false, Statuses)
	lq.Country = form.Enum(q, "country", false, Countries)
	lq.Level = form.Enum(q, "level", false, Levels)
	lq.Sort = form.Enum(q, "sort", false, Sorts)
	if lq.Sort == "" {
		lq.Sort = ByStart
	}
	if q.Raw("year") != "" {
		lq.Year = q.Int("year", false, 2000, 2100)
	}
	in.Kind, in.Status, in.Country, in.Level, in.Sort = string(lq.Kind), string(lq.Status), lq.Country, string(lq.Level), string(lq.Sort)
	if lq.Year != 0 {
		in.Year = strconv.Itoa(lq.Year)
	}
	if q.Errors.Any() {
		in.Kind, in.Status, in.Country, in.Level, in.Year = q.Raw("kind"), q.Raw("status"), q.Raw("country"), q.Raw("level"), q.Raw("year")
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
	var err error
	if v.Years, err = h.store.Years(ctx); err != nil {
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
	if v.Orgs, err = h.store.OrgNames(ctx, v.Page.Rows); err != nil {
		web.Error(w, r, err)
		return
	}
	if lq.After != nil {
		v.First = "/delegations?" + v.Query
	}
	if v.Page.Next != nil {
		nv := in.values()
		nv.Set("after", v.Page.Next.Key)
		nv.Set("after_id", strconv.FormatInt(v.Page.Next.ID, 10))
		v.Next = "/delegations?" + nv.Encode()
	}
	web.Render(w, r, http.StatusOK, listPage(v))
}

// sortURL is the list's address in order s, with the same filters.
func (v listView) sortURL(s string) string {
	f := v.Form
	f.Sort = s
	return "/delegations?" + f.values().Encode()
}

// countText is the list's count: "12", or "more than 1 000".
func countText(ctx context.Context, p ListPage) string {
	if !p.Exact && p.Total > CountBound {
		return i18n.T(ctx, "delegations.list.more_than", i18n.Number(CountBound))
	}
	return i18n.Number(int64(p.Total))
}

var exportColumns = []string{"col_title", "col_kind", "col_status", "col_country", "col_city", "col_org", "col_level",
	"col_starts", "col_ends", "col_languages", "col_responsible", "col_checklist"}

// exportHeader is the exports' header row, in the viewer's language.
func exportHeader(ctx context.Context) []string {
	var out []string
	for _, k := range exportColumns {
		out = append(out, i18n.T(ctx, "delegations.list."+k))
	}
	return out
}

// exportRow is one delegation as the exports' cells.
func exportRow(ctx context.Context, d Delegation, orgs map[int64]string) []string {
	org := ""
	if d.OrgID != nil {
		org = orgs[*d.OrgID]
	}
	return []string{d.Title, KindName(ctx, d.Kind), StatusName(ctx, d.Status), CountryName(ctx, d.Country), d.City, org,
		LevelName(ctx, d.Level), export.Date(d.StartsOn), export.Date(d.EndsOn), LanguagesText(ctx, d.Languages), d.Responsible,
		strconv.Itoa(d.ChecklistDone) + "/" + strconv.Itoa(d.ChecklistTotal())}
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) { h.export(w, r, "csv") }

func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) { h.export(w, r, "xlsx") }

// export writes the delegations that match the list's filters as a CSV or
// a spreadsheet; the store writes the audit entry. Cells that start with
// = + - @ are neutralised by the shared writer.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	_, lq, q := readList(r)
	if q.Errors.Any() {
		h.list(w, r)
		return
	}
	lq.After = nil
	var rows []Delegation
	if _, err := h.store.Export(ctx, lq, format, func(d Delegation) error { rows = append(rows, d); return nil }); err != nil {
		web.Error(w, r, err)
		return
	}
	orgs, err := h.store.OrgNames(ctx, rows)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	name := "delegacijas-" + h.now().In(i18n.Riga).Format("2006-01-02")
	if format == "csv" {
		export.Attach(w, export.CSVType, name+".csv")
		out, err := export.NewCSV(w)
		if err == nil {
			err = out.Row(exportHeader(ctx)...)
		}
		for _, d := range rows {
			if err == nil {
				err = out.Row(exportRow(ctx, d, orgs)...)
			}
		}
		if err == nil {
			err = out.Flush()
		}
		if err != nil {
			slog.DebugContext(ctx, "delegations csv", "err", err)
		}
		return
	}
	x, err := export.NewXLSX(i18n.T(ctx, "delegations.list.sheet"), i18n.T(ctx, "delegations.title"), h.now(), exportHeader(ctx), len(rows))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer x.Close()
	for _, d := range rows {
		cells := exportRow(ctx, d, orgs)
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = c
		}
		row[7], row[8] = x.Date(d.StartsOn), x.Date(d.EndsOn)
		if err := x.Row(row...); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	export.Attach(w, export.XLSXType, name+".xlsx")
	if _, err := x.WriteTo(w); err != nil {
		slog.DebugContext(ctx, "delegations xlsx", "err", err)
	}
}
