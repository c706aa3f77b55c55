package monitoring

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// listForm is the list's filters as typed.
type listForm struct {
	Q, Tone, MediaType, Language, Topic, Sort string
	Outlet, Mention, Release                  string
	From, To                                  string
}

// values are the filters as a query string, without the page.
func (f listForm) values() url.Values {
	v := url.Values{}
	for _, p := range [][2]string{{"q", f.Q}, {"tone", f.Tone}, {"media_type", f.MediaType}, {"language", f.Language},
		{"topic", f.Topic}, {"outlet", f.Outlet}, {"mention", f.Mention}, {"release", f.Release}, {"from", f.From}, {"to", f.To}} {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	if f.Sort != "" && f.Sort != string(Newest) {
		v.Set("sort", f.Sort)
	}
	return v
}

type listView struct {
	Form   listForm
	Errors form.Errors
	// The viewer's saved searches, and the name of one being saved with
	// its refusal.
	Saved      []SavedSearch
	SaveName   string
	SaveErrors form.Errors
	Page       ListPage
	Names      map[int64]contacts.Brief
	Topics     []Topic
	First      string
	Next       string
	Query      string // the filters, for the exports
}

// readList reads the list's filters from the query string.
func readList(r *http.Request) (listForm, ListQuery, *form.Values) {
	q := form.FromURL(r).Messages("monitoring.list")
	in := listForm{Q: q.Text("q", false, MaxSearch), From: q.Raw("from"), To: q.Raw("to"),
		Outlet: q.Raw("outlet"), Mention: q.Raw("mention"), Release: q.Raw("release"), Topic: q.Raw("topic")}
	lq := ListQuery{Q: in.Q, OutletID: q.ID("outlet", false), MentionID: q.ID("mention", false), TopicID: q.ID("topic", false),
		ReleaseID: q.ID("release", false)}
	lq.Tone = form.Enum(q, "tone", false, Tones)
	lq.MediaType = form.Enum(q, "media_type", false, MediaTypes)
	lq.Language = form.Enum(q, "language", false, Languages)
	lq.Sort = form.Enum(q, "sort", false, Sorts)
	if lq.Sort == "" {
		lq.Sort = Newest
	}
	if d := q.Date("from", false); !d.IsZero() {
		lq.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, i18n.Riga)
	}
	if d := q.Date("to", false); !d.IsZero() {
		// "To" is the last day shown, whole.
		lq.To = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, i18n.Riga)
	}
	in.Tone, in.MediaType, in.Language, in.Sort = string(lq.Tone), string(lq.MediaType), string(lq.Language), string(lq.Sort)
	if q.Errors.Any() {
		// Show what was typed, so the person sees what to correct.
		in.Tone, in.MediaType, in.Language = q.Raw("tone"), q.Raw("media_type"), q.Raw("language")
	}
	if id, err := strconv.ParseInt(q.Raw("after_id"), 10, 64); err == nil && id > 0 {
		if at, err := time.Parse(time.RFC3339Nano, q.Raw("after")); err == nil {
			lq.After = &Cursor{At: at, ID: id}
		}
	}
	return in, lq, q
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	h.renderList(w, r, http.StatusOK, listView{})
}

// renderList draws the list of r's filters; v brings the saved search's
// name and refusal when one was refused.
func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, status int, v listView) {
	ctx := r.Context()
	in, lq, q := readList(r)
	v.Form, v.Errors, v.Query = in, q.Errors, in.values().Encode()
	var user int64
	if u := auth.UserFrom(ctx); u != nil {
		user = u.ID
	}
	if err := h.store.listPage(ctx, user, !q.Errors.Any(), lq, &v.Topics, &v.Saved, &v.Page); err != nil {
		web.Error(w, r, err)
		return
	}
	if q.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, listPage(v))
		return
	}
	// The outlets' names came with the page; those of the scope are read
	// when the list is narrowed to an outlet or a contact mentioned.
	v.Names = make(map[int64]contacts.Brief, len(v.Page.Outlets)+1)
	var scope []int64
	for _, id := range []int64{lq.OutletID, lq.MentionID} {
		if id != 0 {
			scope = append(scope, id)
		}
	}
	if len(scope) > 0 {
		names, err := h.store.Names(ctx, scope)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		maps.Copy(v.Names, names)
	}
	for id, name := range v.Page.Outlets {
		v.Names[id] = contacts.Brief{ID: id, Name: name}
	}
	if lq.After != nil {
		v.First = "/monitoring?" + v.Query
	}
	if v.Page.Next != nil {
		nv := in.values()
		nv.Set("after", v.Page.Next.At.UTC().Format(time.RFC3339Nano))
		nv.Set("after_id", strconv.FormatInt(v.Page.Next.ID, 10))
		v.Next = "/monitoring?" + nv.Encode()
	}
	web.Render(w, r, status, listPage(v))
}

// saveSearch keeps the list's filters under a name for the viewer; a
// refusal draws the list again with it beside the name.
func (h *Handler) saveSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.saved")
	name := f.Text("search_name", true, MaxSavedName)
	// The filters as the list reads them: nothing but the list's own.
	query, err := url.ParseQuery(f.Raw("query"))
	if err != nil {
		web.Error(w, r, errs.Invalid)
		return
	}
	listed := r.Clone(ctx)
	listed.URL.RawQuery = query.Encode()
	in, _, q := readList(listed)
	if q.Errors.Any() {
		web.Error(w, r, errs.Invalid)
		return
	}
	u := auth.UserFrom(ctx)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.SaveSearch(ctx, u.ID, name, in.values().Encode())
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/monitoring?"+in.values().Encode(), i18n.T(ctx, "monitoring.saved.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderList(w, listed, status, listView{SaveName: name, SaveErrors: f.Errors})
}

func (h *Handler) deleteSearch(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = h.store.DeleteSearch(r.Context(), auth.UserFrom(r.Context()).ID, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/monitoring", i18n.T(r.Context(), "monitoring.saved.deleted"))
}

// MaxSavedName is the longest name of a saved search.
const MaxSavedName = 100

// countText is the list's count: "12", or "more than 1 000".
func countText(ctx context.Context, n int) string {
	if n > CountBound {
		return i18n.T(ctx, "monitoring.list.more_than", i18n.Number(CountBound))
	}
	return i18n.Number(int64(n))
}

// exportHeader is the exports' header row, in the viewer's language.
func exportHeader(ctx context.Context) []string {
	var out []string
	for _, k := range []string{"col_number", "col_published", "col_outlet", "col_title", "col_type", "col_language",
		"col_tone", "col_topics", "col_reach", "col_author", "col_url"} {
		out = append(out, i18n.T(ctx, "monitoring.list."+k))
	}
	return out
}

// exportRow is one clipping as the exports' cells.
func exportRow(ctx context.Context, c Clipping, outlet string, topics []string) []any {
	var reach any
	if c.Reach != nil {
		reach = *c.Reach
	}
	return []any{c.ID, c.PublishedAt, outlet, c.Title,
		i18n.T(ctx, "monitoring.media_type."+string(c.MediaType)), i18n.T(ctx, "monitoring.language."+string(c.Language)),
		i18n.T(ctx, "monitoring.tone."+string(c.Tone)), strings.Join(topics, ", "), reach, c.Author, c.URL}
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) { h.export(w, r, "csv") }

func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request) { h.export(w, r, "xlsx") }

type exported struct {
	c      Clipping
	topics []string
}

// export writes the clippings that match the list's filters as a CSV or a
// spreadsheet.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, format string) {
	_, lq, q := readList(r)
	if q.Errors.Any() {
		h.list(w, r)
		return
	}
	lq.After = nil
	h.writeExport(w, r, lq, format, "publikacijas-"+h.now().In(i18n.Riga).Format("2006-01-02"))
}

// writeExport writes the clippings lq picks as a CSV or a spreadsheet
// named name (without its extension): the list's exports and a report's
// spreadsheet of its period. The store writes the audit entry.
func (h *Handler) writeExport(w http.ResponseWriter, r *http.Request, lq ListQuery, format, name string) {
	ctx := r.Context()
	var rows []exported
	if _, err := h.store.Export(ctx, lq, format, func(c Clipping, topics []string) error {
		rows = append(rows, exported{c, topics})
		return nil
	}); err != nil {
		web.Error(w, r, err)
		return
	}
	var ids []int64
	for _, x := range rows {
		ids = append(ids, x.c.OutletID)
	}
	names, err := h.store.Names(ctx, ids)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	table := export.Table{Name: name, Sheet: i18n.T(ctx, "monitoring.list.sheet"),
		Title: i18n.T(ctx, "monitoring.title"), Now: h.now(), Header: exportHeader(ctx)}
	cells := make([][]any, len(rows))
	for i, x := range rows {
		cells[i] = exportRow(ctx, x.c, names[x.c.OutletID].Name, x.topics)
	}
	if err := table.Write(w, format, cells); err != nil {
		slog.DebugContext(ctx, "monitoring export", "format", format, "err", err)
	}
}
