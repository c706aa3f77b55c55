package petitions

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	Text      string
	State     string
	DocType   string
	Channel   string
	Addressee string
	Executor  string
	Overdue   bool
	Forward   string
	From      string
	To        string
	Sort      string
}

// listParams are the query parameters that make up a filtered list, in the
// order links carry them; "after" (the cursor) is added to next-page links.
var listParams = []string{"number", "name", "q", "state", "type", "channel", "addressee", "executor", "overdue", "forward", "from", "to", "sort"}

// readListForm reads and checks the list's filters from the query string.
func readListForm(r *http.Request) (listForm, ListFilter, form.Errors) {
	f := form.FromURL(r)
	lf := listForm{
		Number: f.Text("number", false, 60), Name: f.Text("name", false, 200), Text: f.Text("q", false, 200),
		State: f.Raw("state"), DocType: f.Raw("type"), Channel: f.Raw("channel"),
		Addressee: f.Raw("addressee"), Executor: f.Raw("executor"),
		Overdue: f.Raw("overdue") != "", Forward: f.Raw("forward"),
		From: strings.TrimSpace(f.Raw("from")), To: strings.TrimSpace(f.Raw("to")),
		Sort: f.Raw("sort"),
	}
	filter := ListFilter{Number: lf.Number, Name: lf.Name, Text: lf.Text, Overdue: lf.Overdue}
	filter.Forward = form.Enum(f, "forward", false, ForwardFilters)
	filter.State = form.Enum(f, "state", false, States)
	filter.DocType = form.Enum(f, "type", false, DocTypes)
	filter.Channel = form.Enum(f, "channel", false, Channels)
	filter.AddresseeID = f.ID("addressee", false)
	filter.ExecutorID = f.ID("executor", false)
	// The list's dates are Riga midnights: received_at is a moment.
	day := func(name, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		d, ok := i18n.ParseDate(v)
		if !ok {
			f.Add(name, "field.invalid_date")
		}
		return d
	}
	filter.From = day("from", lf.From)
	if to := day("to", lf.To); !to.IsZero() {
		filter.To = to.AddDate(0, 0, 1)
	}
	if !filter.From.IsZero() && !filter.To.IsZero() && !filter.To.After(filter.From) {
		f.Add("to", "petitions.list.to_before_from")
	}
	if lf.Sort != SortDue && lf.Sort != SortNumber && lf.Sort != SortForward {
		lf.Sort = SortReceived
	}
	return lf, filter, f.Errors
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
	// ShowForward: the row shows its forwarding term, while forwarding is
	// still the question (registered, or waiting for the resolution; once
	// resolved the municipality answers it itself, and the card still
	// shows the term). ForwardUrgency marks one passed or ending soon.
	ShowForward    bool
	ForwardUrgency Urgency
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
			if r.ForwardDue != nil && (r.State == Registered || r.State == AwaitingResolution) {
				l.ShowForward = true
				l.ForwardUrgency = UrgencyOf(DaysLeft(cal, today, *r.ForwardDue))
			}
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
	Cols       listCols
	SortURL    func(string) string // the list, as filtered, in another order
	// Same are the columns left out because every row of the page
	// carries the same value, with that value.
	Same []sameValue
	// OverdueByExecutor: how many are overdue, by executor, for those who
	// see every submission.
	OverdueByExecutor []ExecutorCount
	// Clerk: the viewer is the front desk, who sees only what they
	// registered today.
	Clerk bool
	// Own: the viewer sees only what is addressed to them or theirs to
	// carry out (the management, the deputies).
	Own bool
	Now time.Time
}

// NothingToday: the front desk, with nothing chosen, registered nothing
// today: there is nothing to filter, only that to say.
func (v listView) NothingToday() bool {
	return v.Clerk && v.Export == "" && !v.Errors.Any() && v.Count.N == 0 && !v.Count.More
}

// overdueLink is the list of an executor's overdue submissions, soonest due first.
func overdueLink(executor int64) string {
	return "/petitions?" + url.Values{"executor": {strconv.FormatInt(executor, 10)}, "overdue": {"on"}, "sort": {SortDue}}.Encode()
}

// listChosen are the filters chosen, in words, for the printed list.
func listChosen(ctx context.Context, v listView) []sameValue {
	var out []sameValue
	add := func(key, value string) {
		if value != "" {
			out = append(out, sameValue{i18n.T(ctx, "petitions.list."+key), value})
		}
	}
	person := func(people []Person, id string) string {
		for _, p := range people {
			if strconv.FormatInt(p.ID, 10) == id {
				return p.FullName
			}
		}
		return ""
	}
	f := v.Form
	add("number", f.Number)
	add("name", f.Name)
	add("text", f.Text)
	if f.State != "" {
		add("state", StateName(ctx, State(f.State)))
	}
	if f.DocType != "" {
		add("type", DocTypeName(ctx, DocType(f.DocType)))
	}
	if f.Channel != "" {
		add("channel", ChannelName(ctx, Channel(f.Channel)))
	}
	add("addressee", person(v.Addressees, f.Addressee))
	add("executor", person(v.Executors, f.Executor))
	add("from", f.From)
	add("to", f.To)
	if f.Overdue {
		add("overdue_only", i18n.T(ctx, "petitions.card.yes"))
	}
	if f.Forward != "" {
		add("forward", i18n.T(ctx, "petitions.list.forward_"+f.Forward))
	}
	add("sort", i18n.T(ctx, "petitions.list.sort_"+f.Sort))
	return out
}

// sameValue is a column every row of the page has the same value in.
type sameValue struct {
	Label string
	Value string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := h.deps.Now()
	v := ViewerOf(auth.UserFrom(ctx), now)
	q := form.URLValues(r)
	lf, f, fieldErrs := readListForm(r)
	view := listView{Form: lf, Errors: fieldErrs, Cols: listColsOf(f), SortURL: sortURL(q), Now: now, Clerk: v.Clerk && !v.All, Own: !v.All && !v.Clerk}
	var after *Cursor
	if s := q.Get("after"); s != "" && !fieldErrs.Any() {
		c, ok := ParseCursor(lf.Sort, s)
		if !ok {
			web.Error(w, r, errs.Invalid)
			return
		}
		after = c
	}
	page, err := h.store.ListPage(ctx, v, f, lf.Sort, after, ListPageSize+1, now, !fieldErrs.Any())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	view.Addressees, view.Executors = page.Addressees, page.Executors
	view.Tabs = listStateTabs(page.StateCounts, f.State, lf.Sort)
	view.OverdueByExecutor = page.OverdueByExecutor
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
	view.Cols, view.Same = sameColumns(r.Context(), view.Cols, rows)
	web.Render(w, r, http.StatusOK, listPage(view))
}

// listColsOf leaves out the columns the filters make the same on every row.
func listColsOf(f ListFilter) listCols {
	return listCols{Addressee: f.AddresseeID == 0, State: f.State == "", Executor: true}
}

// sameColumns leaves out, too, a column that has one value on every row of
// a page of two rows or more, and says that value once above the table;
// a column empty on every row (no executor before the resolution) goes
// without a word.
func sameColumns(ctx context.Context, c listCols, rows []ListRow) (listCols, []sameValue) {
	if len(rows) < 2 {
		return c, nil
	}
	same := func(val func(ListRow) string) (string, bool) {
		first := val(rows[0])
		for _, r := range rows[1:] {
			if val(r) != first {
				return "", false
			}
		}
		return first, true
	}
	var out []sameValue
	if v, ok := same(func(r ListRow) string { return r.AddresseeName }); ok && c.Addressee {
		c.Addressee = false
		out = append(out, sameValue{i18n.T(ctx, "petitions.list.col_addressee"), v})
	}
	if v, ok := same(func(r ListRow) string { return r.Executors }); ok && c.Executor {
		c.Executor = false
		if v != "" {
			out = append(out, sameValue{i18n.T(ctx, "petitions.list.col_executor"), v})
		}
	}
	if v, ok := same(func(r ListRow) string { return string(r.State) }); ok && c.State {
		c.State = false
		out = append(out, sameValue{i18n.T(ctx, "petitions.list.col_state"), StateName(ctx, State(v))})
	}
	return c, out
}

// sortURL is the list as filtered by q, in another order, from its first page.
func sortURL(q url.Values) func(string) string {
	return func(sort string) string {
		out := filterQuery(q)
		out.Del("sort")
		if sort != SortReceived {
			out.Set("sort", sort)
		}
		if len(out) == 0 {
			return "/petitions"
		}
		return "/petitions?" + out.Encode()
	}
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
	Cols  listCols
	First string
	Next  string
}

func (h *Handler) resolutionQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := h.deps.Now()
	v := ViewerOf(auth.UserFrom(ctx), now)
	var after *Cursor
	if s := form.URLValues(r).Get("after"); s != "" {
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
	cal, err := h.store.Calendar(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	view := queueView{
		Title: i18n.T(ctx, "petitions.list.queue_title"),
		Lead:  i18n.T(ctx, "petitions.list.queue_lead_mine"),
		Empty: i18n.T(ctx, "petitions.list.queue_empty"),
	}
	// The chair's own queue is all theirs; the head's is grouped by
	// addressee: either way the addressee is not a column, nor the state.
	if v.All {
		// Not "my" queue: everyone's, by addressee.
		view.Title = i18n.T(ctx, "petitions.nav.resolutions")
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
	now := h.deps.Now()
	u := auth.UserFrom(ctx)
	var after *Cursor
	if s := form.URLValues(r).Get("after"); s != "" {
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
	cal, err := h.store.Calendar(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	view := queueView{
		Title: i18n.T(ctx, "petitions.list.assigned_title"),
		Lead:  i18n.T(ctx, "petitions.list.assigned_lead"),
		Empty: i18n.T(ctx, "petitions.list.assigned_empty"),
		// Every row is in progress, and the viewer's own.
		Cols: listCols{Addressee: true},
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
