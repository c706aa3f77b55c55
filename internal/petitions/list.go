package petitions

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// listForm is the filter form as typed, so it comes back as it was.
type listForm struct {
	Number    string
	Name      string
	State     string
	DocType   string
	Channel   string
	Addressee string
	Executor  string
	Overdue   bool
	From      string
	To        string
	Sort      string
}

// listParams are the query parameters that make up a filtered list, in the
// order links carry them; "after" (the cursor) is added to next-page links.
var listParams = []string{"number", "name", "state", "type", "channel", "addressee", "executor", "overdue", "from", "to", "sort"}

// readListForm reads and checks the list's filters from the query string.
func readListForm(ctx context.Context, q url.Values) (listForm, ListFilter, form.Errors) {
	lf := listForm{
		Number: strings.TrimSpace(q.Get("number")), Name: strings.TrimSpace(q.Get("name")),
		State: q.Get("state"), DocType: q.Get("type"), Channel: q.Get("channel"),
		Addressee: q.Get("addressee"), Executor: q.Get("executor"),
		Overdue: q.Get("overdue") != "", From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Sort: q.Get("sort"),
	}
	var errs form.Errors
	f := ListFilter{Number: lf.Number, Name: lf.Name, Overdue: lf.Overdue}
	if utf8.RuneCountInString(lf.Number) > 60 {
		errs.Add("number", i18n.T(ctx, "field.too_long", 60))
	}
	if utf8.RuneCountInString(lf.Name) > 200 {
		errs.Add("name", i18n.T(ctx, "field.too_long", 200))
	}
	choice := func(field, v string, allowed []string) string {
		if v != "" && !slices.Contains(allowed, v) {
			errs.Add(field, i18n.T(ctx, "field.invalid_choice"))
			return ""
		}
		return v
	}
	f.State = State(choice("state", lf.State, names(States)))
	f.DocType = DocType(choice("type", lf.DocType, names(DocTypes)))
	f.Channel = Channel(choice("channel", lf.Channel, names(Channels)))
	id := func(field, v string) int64 {
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs.Add(field, i18n.T(ctx, "field.invalid_choice"))
			return 0
		}
		return n
	}
	f.AddresseeID = id("addressee", lf.Addressee)
	f.ExecutorID = id("executor", lf.Executor)
	if lf.From != "" {
		if d, ok := i18n.ParseDate(lf.From); ok {
			f.From = d
		} else {
			errs.Add("from", i18n.T(ctx, "field.invalid_date"))
		}
	}
	if lf.To != "" {
		if d, ok := i18n.ParseDate(lf.To); ok {
			f.To = d.AddDate(0, 0, 1)
		} else {
			errs.Add("to", i18n.T(ctx, "field.invalid_date"))
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		errs.Add("to", i18n.T(ctx, "petitions.list.to_before_from"))
	}
	if lf.Sort != SortDue && lf.Sort != SortNumber {
		lf.Sort = SortReceived
	}
	return lf, f, errs
}

// filterQuery is the query string of the filters in q, without the cursor.
func filterQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range listParams {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// listLine is a row with its deadline as the list shows it.
type listLine struct {
	ListRow
	Open     bool
	DaysLeft int
	Urgency  Urgency
	Group    string // on the head's resolution queue: the addressee, where a new group starts
}

func listLines(cal *calendar.Calendar, now time.Time, rows []ListRow, group bool) []listLine {
	today := calendar.DateOf(now)
	out := make([]listLine, len(rows))
	var last int64 = -1
	for i, r := range rows {
		l := listLine{ListRow: r, Open: r.State.Open()}
		if l.Open {
			l.DaysLeft = DaysLeft(cal, today, r.DueDate)
			l.Urgency = UrgencyOf(l.DaysLeft)
		}
		if group && r.AddresseeID != last {
			l.Group = r.AddresseeName
			last = r.AddresseeID
		}
		out[i] = l
	}
	return out
}

// listDaysLeft says how the deadline stands, in words (the colour comes beside it).
func listDaysLeft(ctx context.Context, l listLine) string {
	switch {
	case !l.Open:
		return ""
	case l.Urgency == UrgencyOverdue:
		return i18n.T(ctx, "petitions.list.overdue_by", i18n.Number(int64(-l.DaysLeft)))
	case l.DaysLeft == 0:
		return i18n.T(ctx, "petitions.list.due_today")
	case l.Urgency == UrgencySoon:
		return i18n.T(ctx, "petitions.list.due_soon", i18n.Number(int64(l.DaysLeft)))
	}
	return i18n.T(ctx, "petitions.list.days_left", i18n.Number(int64(l.DaysLeft)))
}

func listUrgencyTone(u Urgency) string {
	if u == UrgencyOverdue {
		return "bad"
	}
	return "warn"
}

// listPerson is the person as a list shows them.
func listPerson(ctx context.Context, r ListRow) string {
	switch {
	case r.Anonymous:
		return i18n.T(ctx, "petitions.anonymous")
	case r.Removed && r.PersonName == "":
		return i18n.T(ctx, "petitions.list.data_removed")
	}
	return r.PersonName
}

func listCountText(ctx context.Context, c Count) string {
	if c.More {
		return i18n.T(ctx, "app.more_than", i18n.Number(c.N))
	}
	return i18n.Number(c.N)
}

// stateTab is one state with its count, linking to the list of that state.
type stateTab struct {
	State   State // "" for all
	Count   Count
	Current bool
	Href    string
}

type listView struct {
	Form       listForm
	Errors     form.Errors
	Rows       []listLine
	Count      Count
	Tabs       []stateTab
	Addressees []Person
	Executors  []Person
	First      string
	Next       string
	Export     string // the filters' query string for the export links
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := time.Now()
	u := auth.UserFrom(ctx)
	v := ViewerOf(u, now)
	q := r.URL.Query()
	lf, f, fieldErrs := readListForm(ctx, q)
	view := listView{Form: lf, Errors: fieldErrs}
	var after *Cursor
	if s := q.Get("after"); s != "" && !fieldErrs.Any() {
		c, ok := ParseCursor(lf.Sort, s)
		if !ok {
			web.Error(w, r, errs.Invalid)
			return
		}
		after = c
	}
	page, err := h.store.ListPage(ctx, h.calendar, v, f, lf.Sort, after, ListPageSize+1, now, !fieldErrs.Any())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	view.Addressees, view.Executors = page.Addressees, page.Executors
	view.Tabs = listStateTabs(page.StateCounts, f.State, lf.Sort)
	if fieldErrs.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, listPage(view))
		return
	}
	view.Count = page.Count
	rows := page.Rows
	base := filterQuery(q)
	view.Export = base.Encode()
	if after != nil {
		view.First = "?" + base.Encode()
	}
	if len(rows) > ListPageSize {
		rows = rows[:ListPageSize]
		next := filterQuery(q)
		next.Set("after", CursorAfter(lf.Sort, rows[len(rows)-1]).Encode(lf.Sort))
		view.Next = "?" + next.Encode()
	}
	view.Rows = listLines(page.Calendar, now, rows, false)
	web.Render(w, r, http.StatusOK, listPage(view))
}

func listStateTabs(counts map[State]Count, current State, sort string) []stateTab {
	link := func(s State) string {
		q := url.Values{}
		if s != "" {
			q.Set("state", string(s))
		}
		if sort != SortReceived {
			q.Set("sort", sort)
		}
		if len(q) == 0 {
			return "/petitions"
		}
		return "/petitions?" + q.Encode()
	}
	// Past a bounded count the true total is more than the sum, and is said so.
	var all Count
	for _, c := range counts {
		all.N += c.N
		all.More = all.More || c.More
	}
	tabs := []stateTab{{State: "", Count: all, Current: current == "", Href: link("")}}
	for _, s := range States {
		tabs = append(tabs, stateTab{State: s, Count: counts[s], Current: current == s, Href: link(s)})
	}
	return tabs
}

// queueView is the resolution queue or the assigned list.
type queueView struct {
	Title string
	Lead  string
	Empty string
	Rows  []listLine
	First string
	Next  string
}

func (h *Handler) resolutionQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := time.Now()
	v := ViewerOf(auth.UserFrom(ctx), now)
	var after *Cursor
	if s := r.URL.Query().Get("after"); s != "" {
		c, ok := parseQueueCursor(s)
		if !ok {
			web.Error(w, r, errs.Invalid)
			return
		}
		after = c
	}
	rows, err := h.store.AwaitingResolution(ctx, v, after, ListPageSize+1)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	cal, err := h.loadCalendar(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	view := queueView{
		Title: i18n.T(ctx, "petitions.list.queue_title"),
		Lead:  i18n.T(ctx, "petitions.list.queue_lead_mine"),
		Empty: i18n.T(ctx, "petitions.list.queue_empty"),
	}
	if v.All {
		view.Lead = i18n.T(ctx, "petitions.list.queue_lead_all")
	}
	if after != nil {
		view.First = "/petitions/resolutions"
	}
	if len(rows) > ListPageSize {
		rows = rows[:ListPageSize]
		last := rows[len(rows)-1]
		view.Next = "?after=" + url.QueryEscape(encodeQueueCursor(Cursor{Addressee: last.AddresseeID, Time: last.ReceivedAt, ID: last.ID}))
	}
	view.Rows = listLines(cal, now, rows, v.All)
	web.Render(w, r, http.StatusOK, queuePage(view))
}

func encodeQueueCursor(c Cursor) string {
	return strconv.FormatInt(c.Addressee, 10) + "_" + Cursor{Time: c.Time, ID: c.ID}.Encode(SortReceived)
}

func parseQueueCursor(s string) (*Cursor, bool) {
	a, rest, ok := strings.Cut(s, "_")
	if !ok {
		return nil, false
	}
	id, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		return nil, false
	}
	c, ok := ParseCursor(SortReceived, rest)
	if !ok {
		return nil, false
	}
	c.Addressee = id
	return c, true
}

func (h *Handler) assigned(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := time.Now()
	u := auth.UserFrom(ctx)
	var after *Cursor
	if s := r.URL.Query().Get("after"); s != "" {
		c, ok := ParseCursor(SortDue, s)
		if !ok {
			web.Error(w, r, errs.Invalid)
			return
		}
		after = c
	}
	rows, err := h.store.Assigned(ctx, u.ID, after, ListPageSize+1)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	cal, err := h.loadCalendar(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	view := queueView{
		Title: i18n.T(ctx, "petitions.list.assigned_title"),
		Lead:  i18n.T(ctx, "petitions.list.assigned_lead"),
		Empty: i18n.T(ctx, "petitions.list.assigned_empty"),
	}
	if after != nil {
		view.First = "/petitions/assigned"
	}
	if len(rows) > ListPageSize {
		rows = rows[:ListPageSize]
		view.Next = "?after=" + url.QueryEscape(CursorAfter(SortDue, rows[len(rows)-1]).Encode(SortDue))
	}
	view.Rows = listLines(cal, now, rows, false)
	web.Render(w, r, http.StatusOK, queuePage(view))
}

func listPetitionPath(id int64) string { return "/petitions/" + strconv.FormatInt(id, 10) }

func listID(id int64) string { return strconv.FormatInt(id, 10) }
