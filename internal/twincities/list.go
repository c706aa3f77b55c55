package twincities

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// listForm is the list's filters as typed.
type listForm struct {
	Q, Status, Country, Field, Sort string
}

// values are the filters as a query string, without the page.
func (f listForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "status": f.Status, "country": f.Country, "field": f.Field} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Sort != "" && f.Sort != string(ByCity) {
		v.Set("sort", f.Sort)
	}
	return v
}

type listView struct {
	Form      listForm
	Errors    form.Errors
	Page      ListPage
	Countries []string
	First     string
	Next      string
	Query     string // the filters, for the exports and the sort links
	Today     time.Time
}

// readList reads the list's filters from the query string.
func readList(r *http.Request) (listForm, ListQuery, *form.Values) {
	q := form.FromURL(r).Messages("twincities.list")
	in := listForm{Q: q.Text("q", false, MaxSearch)}
	lq := ListQuery{Q: in.Q}
	lq.Status = form.Enum(q, "status", false, Statuses)
	lq.Field = form.Enum(q, "field", false, Fields)
	lq.Country = form.Enum(q, "country", false, Countries)
	lq.Sort = form.Enum(q, "sort", false, Sorts)
	if lq.Sort == "" {
		lq.Sort = ByCity
	}
	in.Status, in.Field, in.Country, in.Sort = string(lq.Status), string(lq.Field), lq.Country, string(lq.Sort)
	if q.Errors.Any() {
		// Show what was typed, so the person sees what to correct.
		in.Status, in.Field, in.Country = q.Raw("status"), q.Raw("field"), q.Raw("country")
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
	if v.Countries, err = h.store.Countries(ctx); err != nil {
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
	v.Today = calendar.DateOf(h.now())
	if lq.After != nil {
		v.First = "/twincities?" + v.Query
	}
	if v.Page.Next != nil {
		nv := in.values()
		nv.Set("after", v.Page.Next.Key)
		nv.Set("after_id", strconv.FormatInt(v.Page.Next.ID, 10))
		v.Next = "/twincities?" + nv.Encode()
	}
	web.Render(w, r, http.StatusOK, listPage(v))
}

// sortURL is the list's address in order s, with the same filters.
func (v listView) sortURL(s string) string {
	f := v.Form
	f.Sort = s
	return "/twincities?" + f.values().Encode()
}

// countText is the list's count: "12", or "more than 1 000".
func countText(ctx context.Context, n int) string {
	if n > CountBound {
		return i18n.T(ctx, "twincities.list.more_than", i18n.Number(CountBound))
	}
	return i18n.Number(int64(n))
}

// exportHeader is the exports' header row, in the viewer's language.
func exportHeader(ctx context.Context) []string {
	var out []string
	for _, k := range []string{"col_city", "col_city_original", "col_country", "col_partner", "col_signed",
		"col_status", "col_fields", "col_languages", "col_review", "col_last_activity"} {
		out = append(out, i18n.T(ctx, "twincities.list."+k))
	}
	return out
}

// exportRow is one agreement as the exports' cells.
func (h *Handler) exportRow(ctx context.Context, a Agreement, names map[int64]Contact) []string {
	signed, review, last := "", "", ""
	if a.SignedOn != nil {
		signed = export.Date(*a.SignedOn)
	}
	if a.ReviewOn != nil {
		review = export.Date(*a.ReviewOn)
	}
	if a.LastActivity != nil {
		last = export.Date(*a.LastActivity)
	}
	return []string{a.City, a.CityOriginal, CountryName(ctx, a.Country), contactText(ctx, a.PartnerOrgID, names), signed,
		StatusName(ctx, a.Status), FieldsText(ctx, a.Fields), LanguagesText(ctx, a.Languages), review, last}
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) { h.export(w, r, "csv") }

func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) { h.export(w, r, "xlsx") }

// export writes the agreements that match the list's filters as a CSV or
// a spreadsheet; the store writes the audit entry.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	_, lq, q := readList(r)
	if q.Errors.Any() {
		h.list(w, r)
		return
	}
	lq.After = nil
	var rows []Agreement
	if _, err := h.store.Export(ctx, lq, format, func(a Agreement) error { rows = append(rows, a); return nil }); err != nil {
		web.Error(w, r, err)
		return
	}
	names, err := h.store.Contacts(ctx, contactIDs(rows))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	name := "sadraudzibas-pilsetas-" + h.now().In(i18n.Riga).Format("2006-01-02")
	if format == "csv" {
		export.Attach(w, export.CSVType, name+".csv")
		out, err := export.NewCSV(w)
		if err == nil {
			err = out.Row(exportHeader(ctx)...)
		}
		for _, a := range rows {
			if err == nil {
				err = out.Row(h.exportRow(ctx, a, names)...)
			}
		}
		if err == nil {
			err = out.Flush()
		}
		if err != nil {
			slog.DebugContext(ctx, "twin cities csv", "err", err)
		}
		return
	}
	x, err := export.NewXLSX(i18n.T(ctx, "twincities.list.sheet"), i18n.T(ctx, "twincities.title"), h.now(), exportHeader(ctx), len(rows))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer x.Close()
	for _, a := range rows {
		cells := h.exportRow(ctx, a, names)
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = c
		}
		if a.SignedOn != nil {
			row[4] = x.Date(*a.SignedOn)
		}
		if a.ReviewOn != nil {
			row[8] = x.Date(*a.ReviewOn)
		}
		if a.LastActivity != nil {
			row[9] = x.Date(*a.LastActivity)
		}
		if err := x.Row(row...); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	export.Attach(w, export.XLSXType, name+".xlsx")
	if _, err := x.WriteTo(w); err != nil {
		slog.DebugContext(ctx, "twin cities xlsx", "err", err)
	}
}

// contactIDs are the contacts the agreements name.
func contactIDs(as []Agreement) []int64 {
	var out []int64
	for _, a := range as {
		for _, p := range []*int64{a.PartnerOrgID, a.OurCoordinatorID, a.PartnerCoordinatorID} {
			if p != nil {
				out = append(out, *p)
			}
		}
	}
	return out
}

// trimmed is s without surrounding space.
func trimmed(s string) string { return strings.TrimSpace(s) }
