package petitions

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// ListPageSize is how many submissions one page of a list shows.
const ListPageSize = 50

// CountBound is where a filtered count stops: past it the page says "more
// than", because counting every match of a broad filter over a million rows
// is exactly what makes a list page slow.
const CountBound = 1000

// Sort orders of the registry list.
const (
	SortReceived = "received" // newest first (the default)
	SortDue      = "due"      // soonest due first
	SortNumber   = "number"   // newest registration number first
	// SortForward lists the submissions whose forwarding term still runs
	// (open ones, with a term) by that term, soonest first.
	SortForward = "forward"
)

// The forwarding-term filter: open submissions whose forwarding term has
// passed, or ends within ForwardSoonDays working days (today included).
const (
	ForwardPassed = "passed"
	ForwardSoon   = "soon"
)

// ForwardFilters are the forwarding-term filter's values, in form order.
var ForwardFilters = []string{ForwardPassed, ForwardSoon}

// ForwardSoonDays is how near a forwarding term is "soon": as near as a due
// date the lists mark as due soon (UrgencySoon).
const ForwardSoonDays = 3

// ListFilter narrows the registry list; zero values do not filter.
type ListFilter struct {
	Number string // exact, or the start of a registration number
	Name   string // part of the person's name; diacritics do not matter
	// Text: every word of it starts a word of the subject or the summary;
	// case and diacritics do not matter.
	Text        string
	State       State
	DocType     DocType
	Channel     Channel
	AddresseeID int64
	ExecutorID  int64
	Overdue     bool      // open, and past its due date
	Forward     string    // ForwardPassed, ForwardSoon or ""
	From        time.Time // received on or after this Riga midnight
	To          time.Time // received before this Riga midnight (the day after the last day)

	// name is Name looked up in the dictionary of name words (resolveName).
	name *nameSearch
	// text is Text looked up in the index of the subjects' and summaries'
	// words (lookUpText); nil: the condition is the words' match itself.
	text *lookedUp
	// number is Number looked up in the numbers' index (resolveNumber);
	// nil: the condition is the numbers' range itself.
	number *lookedUp
	// forwardUntil is, for ForwardSoon, the last day that is "soon"
	// (resolveForward).
	forwardUntil time.Time
}

// resolveForward fills in the last day a ForwardSoon filter takes, by the
// calendar cal, as of now.
func (f *ListFilter) resolveForward(cal *calendar.Calendar, now time.Time) {
	if f.Forward == ForwardSoon {
		f.forwardUntil = cal.AddWorkingDays(now, ForwardSoonDays)
	}
}

// OnlyState tells whether nothing but the state narrows the list, which is
// when the kept per-state counts answer exactly.
func (f ListFilter) OnlyState() bool {
	g := f
	g.State = ""
	return g == ListFilter{}
}

// commonAlone tells whether nothing narrows the list but one looked-up
// filter found common: a number's start with more matches than
// lookUpLimit (more than CountBound), or a text search with more than
// lookUpLimit matches or more than a page among the newest textProbeRows
// (lookUpText), which the page then calls more than CountBound without
// counting, though a word may be common among the newest and rare before
// them. Counting cost too much for either: a generic plan read the
// registry in parallel for a number (100 ms), and a common word's count
// reads its thousands of matches.
func (f ListFilter) commonAlone() bool {
	g := f
	switch {
	case f.text != nil && f.text.common:
		g.Text, g.text = "", nil
	case f.number != nil && f.number.common:
		g.Number, g.number = "", nil
	default:
		return false
	}
	return g == ListFilter{}
}

// Cursor is where the next page starts: the last row's sort key and id.
type Cursor struct {
	Time time.Time // received_at, or due_date
	Year int       // reg_year
	Seq  int       // reg_seq
	// Addressee groups the head's resolution queue.
	Addressee int64
	ID        int64
}

// Viewer is whose list it is: staff, the head and the director see every
// submission; anyone else sees those addressed to them, those they carry out,
// and, for the clerk, what they registered today. It is the list form of CanRead.
type Viewer struct {
	All        bool
	UserID     int64
	Clerk      bool
	TodayStart time.Time // Riga midnight of today

	// visible are the ids of what the viewer may see, read first by
	// narrow when they are few (the clerk's day, a deputy's handful): the
	// lists then fetch those rows by id. Without them a condition on each
	// row decides, and a list whose viewer sees a few among a million
	// walked the whole registry to find none (seen in the soak: seconds
	// for the front desk's list).
	visible  []int64
	narrowed bool
}

// fewVisible is how many submissions a viewer may see at most for the
// lists to fetch them by id rather than test every row. Reading the ids
// costs a few milliseconds for one who sees more; past it the rows they
// may see are dense enough for the test on each row to find a page soon.
// (A variable only for the test that takes the other way.)
var fewVisible = tunable(2000)

// narrow reads what v may see when that is at most fewVisible, through
// the addressee's, the executor's and the registering clerk's indexes (a
// submission both addressed to them and theirs to carry out comes twice,
// which the lists' "= any" does not mind).
func narrow(ctx context.Context, q db.Querier, v *Viewer) error {
	if v.All || v.narrowed {
		return nil
	}
	v.narrowed = true
	few := fewVisible.Load()
	var ids []int64
	err := q.QueryRow(ctx, `select array(select id from (
			select id from petitions where addressee_id = $1
			union all select petition_id from petition_executors where user_id = $1
			union all select id from petitions where $2 and created_by = $1 and created_at >= $3
		) v limit `+limitOf(int(few)+1)+`)`, v.UserID, v.Clerk, v.TodayStart).Scan(&ids)
	if err != nil {
		return err
	}
	if int64(len(ids)) <= few {
		v.visible = append(make([]int64, 0, len(ids)), ids...)
	}
	return nil
}

// ViewerOf is the list scope of u at now.
func ViewerOf(u *auth.User, now time.Time) Viewer {
	if u == nil {
		return Viewer{UserID: -1}
	}
	y, m, d := now.In(i18n.Riga).Date()
	return Viewer{
		All:        u.Has(auth.RoleStaff) || u.Has(auth.RoleHead) || u.Has(auth.RoleDirector),
		UserID:     u.ID,
		Clerk:      u.Has(auth.RoleClerk),
		TodayStart: time.Date(y, m, d, 0, 0, 0, 0, i18n.Riga),
	}
}

// ListRow is one submission as lists and exports show it.
type ListRow struct {
	ID            int64
	RegNumber     string
	RegYear       int
	RegSeq        int
	ReceivedAt    time.Time
	DocType       DocType
	Channel       Channel
	Anonymous     bool
	PersonName    string
	Removed       bool
	Subject       string
	AddresseeID   int64
	AddresseeName string
	State         State
	DueDate       time.Time // the executor's due date on the assigned list
	AnsweredOn    *time.Time
	ForwardDue    *time.Time // the forwarding term (nil for older submissions until filled)
	// Executors are who carry it out, by name (people and units, in the
	// order the resolution named them): read for the registry list only.
	Executors string
}

const listColumns = `p.id, p.reg_number, p.reg_year, p.reg_seq, p.received_at, p.doc_type, p.channel,
	p.anonymous, p.person_name, p.personal_data_removed_at is not null as removed, p.subject,
	p.addressee_id, coalesce(u.full_name, '') as addressee_name, p.state, p.due_date, p.answered_on, p.forward_due_date`

// listExecutorsColumn is who carry a submission out, by name, for the
// registry list (a column after listColumns, read by scanListPageRow).
const listExecutorsColumn = `coalesce((select string_agg(coalesce(xu.full_name, x.unit), ', ' order by x.id)
	from petition_executors x left join users xu on xu.id = x.user_id where x.petition_id = p.id), '')`

// scanListPageRow reads a row of listColumns and listExecutorsColumn.
func scanListPageRow(row pgx.CollectableRow) (ListRow, error) {
	var r ListRow
	var docType, channel, state string
	err := row.Scan(&r.ID, &r.RegNumber, &r.RegYear, &r.RegSeq, &r.ReceivedAt, &docType, &channel,
		&r.Anonymous, &r.PersonName, &r.Removed, &r.Subject,
		&r.AddresseeID, &r.AddresseeName, &state, &r.DueDate, &r.AnsweredOn, &r.ForwardDue, &r.Executors)
	r.DocType, r.Channel, r.State = DocType(docType), Channel(channel), State(state)
	return r, err
}

// textSearchVector is the words of a submission's subject and summary, as
// the index of migration 00151 keeps them: spelled exactly as there, so
// that the planner uses it.
const textSearchVector = `prdesk_search_words(p.subject || ' ' || p.summary)`

// textSearchCondition is the condition that the words of the query (its
// argument) start words of the subject or the summary.
const textSearchCondition = textSearchVector + ` @@ to_tsquery('simple'::regconfig, lower(prdesk_unaccent(%s)))`

// lookUpLimit is how many matches of a prefix filter (a text search's
// words, a number's start) the list reads by id. PostgreSQL estimates every prefix alike (a
// fiftieth of the registry), so left to itself it walks the list's order
// filtering rows: quick for a word in many subjects, but through the whole
// registry for a word in none (8 s at a million rows). The filter's index
// finds up to this many matches first (milliseconds when they are few);
// only a filter with more is left to the walk, which then meets a match
// every few rows. (A variable only for the test that takes the other way.)
var lookUpLimit = tunable(5000)

// tunable is a limit that starts at n, which a test may change while the
// server reads it.
func tunable(n int64) *atomic.Int64 {
	var v atomic.Int64
	v.Store(n)
	return &v
}

// textProbeRows are the newest submissions a text search looks among
// first: words that match more than a page of them are common enough for
// the list to walk its order.
const textProbeRows = 500

// numberStartsCondition is the condition that the registration number
// starts with its argument: a range the numbers' index serves.
const numberStartsCondition = `(p.reg_number collate "C") >= %[1]s and (p.reg_number collate "C") < (%[1]s || chr(1114111))`

// numberYearRe is the start of a registration number that names its year:
// "<case index>/<year>" and nothing or a slash after it.
var numberYearRe = regexp.MustCompile(`^[^/]+/([0-9]{4})(/|$)`)

// numberYear is the year that a number's start names, if it names one.
func numberYear(start string) (int, bool) {
	m := numberYearRe.FindStringSubmatch(start)
	if m == nil {
		return 0, false
	}
	y, err := strconv.Atoi(m[1])
	return y, err == nil
}

// lookedUp is a filter looked up in its own index before the list is read.
type lookedUp struct {
	ids    []int64 // every match, when there are at most lookUpLimit
	common bool    // more match: the condition is the filter itself
}

// lookedUpOf is what a lookup of at most lookUpLimit+1 ids found.
func lookedUpOf(ids []int64) *lookedUp {
	if int64(len(ids)) > lookUpLimit.Load() {
		return &lookedUp{common: true}
	}
	return &lookedUp{ids: ids}
}

// textQuery is the text search's query of what a person typed: each run
// of letters and digits a word that must start a word of the text, in any
// order. Lower case and diacritics are the database's to take off (as
// textSearchVector does), so the query is handed over with them. "" when
// nothing but punctuation was typed.
func textQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = w + ":*"
	}
	return strings.Join(words, " & ")
}

// scanListRow reads a row of listColumns, in their order. Lists are the
// registry's busiest pages, and matching columns to fields by name through
// reflection cost more than the query itself.
func scanListRow(row pgx.CollectableRow) (ListRow, error) {
	var r ListRow
	var docType, channel, state string
	err := row.Scan(&r.ID, &r.RegNumber, &r.RegYear, &r.RegSeq, &r.ReceivedAt, &docType, &channel,
		&r.Anonymous, &r.PersonName, &r.Removed, &r.Subject,
		&r.AddresseeID, &r.AddresseeName, &state, &r.DueDate, &r.AnsweredOn, &r.ForwardDue)
	r.DocType, r.Channel, r.State = DocType(docType), Channel(channel), State(state)
	return r, err
}

// query collects a where clause and its arguments.
type listQuery struct {
	where []string
	args  []any
	// onSubmission: a condition reads the submission's row (p), not only
	// the name words' (t).
	onSubmission bool
	// nameID is the column that names the submission in a condition on the
	// name words: "t.petition_id" where the rows come through the words,
	// else (empty) "p.id".
	nameID string
	// walkText: a common text search is a test of each row the page walks
	// in its order, never the words' index. PostgreSQL estimates two
	// prefixes together at a few hundred rows, so for "par sniega" (28 000
	// matches at a million) it read every match through the index and
	// sorted them, 300 ms a page, where walking the order's index meets a
	// match every few dozen rows (20 ms). Counts keep the index: they stop
	// at CountBound+1 matches in whatever order.
	walkText bool
}

func (q *listQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// add appends a condition on the submission (p) with its arguments.
func (q *listQuery) add(format string, vs ...any) {
	q.onSubmission = true
	q.addCond(format, vs...)
}

// addCond appends a condition with its arguments.
func (q *listQuery) addCond(format string, vs ...any) {
	names := make([]any, len(vs))
	for i, v := range vs {
		names[i] = q.arg(v)
	}
	q.where = append(q.where, fmt.Sprintf(format, names...))
}

// limitOf writes a limit into the statement rather than passing it: the
// limits are the code's own numbers, and with the limit known PostgreSQL
// can keep one plan for a statement instead of planning it at every call.
func limitOf(n int) string { return strconv.Itoa(n) }

func (q *listQuery) clause() string {
	if len(q.where) == 0 {
		return "true"
	}
	return strings.Join(q.where, " and ")
}

// listLikeEscape keeps the person's % and _ literal in a LIKE pattern.
func listLikeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// scope adds what v may see.
func (q *listQuery) scope(v Viewer) {
	if v.All {
		return
	}
	if v.visible != nil {
		// The ids find the rows; the condition below still decides, in the
		// rows' own snapshot, for one moved to another addressee since.
		q.add(`p.id = any(%s::bigint[])`, v.visible)
	}
	u := q.arg(v.UserID)
	own := "false"
	if v.Clerk {
		own = fmt.Sprintf("(p.created_by = %s and p.created_at >= %s)", u, q.arg(v.TodayStart))
	}
	q.onSubmission = true
	q.where = append(q.where, fmt.Sprintf(`(p.addressee_id = %[1]s
		or exists (select 1 from petition_executors e where e.petition_id = p.id and e.user_id = %[1]s)
		or %[2]s)`, u, own))
}

// nameWordStarts is the condition that a search word starts a word of the
// name. A word begins after a character that is not a letter or digit, as
// petition_name_words_of splits them, told by ICU as there. The leading
// space and the collation also keep the trigram index out of it: under a
// kept generic plan it would fetch a third of the registry for a word of
// two letters.
const nameWordStarts = `((' ' || p.search_name) collate "und-x-icu") ~ ('[^[:alnum:]]' || %s)`

// filter adds f.
func (q *listQuery) filter(f ListFilter, today time.Time) {
	if f.Number != "" {
		switch {
		case f.number == nil:
			q.add(numberStartsCondition, f.Number)
		case !f.number.common:
			q.add(`p.id = any(%s)`, f.number.ids)
		default:
			// Too many to read by id: each row is tested as the list walks
			// its order, by a test no index serves, so that a generic plan
			// estimating the range at a few thousand rows does not gather
			// every match to sort them. A year in the number keeps the walk
			// to that year (petitions_year_received_idx).
			if year, ok := numberYear(f.Number); ok {
				q.add(`p.reg_year = %s`, year)
			}
			q.add(`left(p.reg_number, %s) = %s`, utf8.RuneCountInString(f.Number), f.Number)
		}
	}
	if f.Name != "" && f.name == nil {
		panic("petitions: a name filter used before resolveName looked it up")
	}
	if n := f.name; n != nil {
		switch {
		case n.none:
			q.addCond("false")
		case n.scan:
			for _, w := range n.words {
				q.add(nameWordStarts, w)
			}
		default:
			// The driving word is added by the caller: as a join where the
			// list is sorted by receipt (byNameSQL), else as a condition.
			// Each other word is looked up among the name words too, which
			// needs no submission's row; one too short to look up is
			// matched against the name.
			id := q.nameID
			if id == "" {
				id = "p.id"
			}
			for i, w := range n.others {
				if words := n.othersWords[i]; words != nil {
					q.addCond(id+` in (select o.petition_id from petition_name_words o where o.word = any(%s))`, words)
				} else {
					q.add(nameWordStarts, w)
				}
			}
		}
	}
	if f.Text != "" {
		switch tq := textQuery(f.Text); {
		case tq == "":
			q.addCond("false")
		case f.text != nil && !f.text.common:
			// The few that match, found first: the list reads them by id.
			q.add(`p.id = any(%s)`, f.text.ids)
		case q.walkText:
			q.add(`(`+textSearchCondition+`) is true`, tq)
		default:
			q.add(textSearchCondition, tq)
		}
	}
	if f.State != "" {
		q.add(`p.state = %s`, string(f.State))
	}
	if f.DocType != "" {
		q.add(`p.doc_type = %s`, string(f.DocType))
	}
	if f.Channel != "" {
		q.add(`p.channel = %s`, string(f.Channel))
	}
	if f.AddresseeID != 0 {
		q.add(`p.addressee_id = %s`, f.AddresseeID)
	}
	if f.ExecutorID != 0 {
		q.add(`exists (select 1 from petition_executors x where x.petition_id = p.id and x.user_id = %s)`, f.ExecutorID)
	}
	if f.Overdue {
		// Spelled as the partial due-date index is, so the planner can use it.
		q.add(`p.state in ('registered', 'awaiting_resolution', 'in_progress') and p.due_date < %s`, today)
	}
	switch f.Forward {
	case ForwardPassed:
		// Spelled as the partial forwarding-term index is.
		q.add(`p.state in ('registered', 'awaiting_resolution', 'in_progress') and p.forward_due_date < %s`, today)
	case ForwardSoon:
		if f.forwardUntil.IsZero() {
			panic("petitions: a forwarding-term filter used before resolveForward")
		}
		q.add(`p.state in ('registered', 'awaiting_resolution', 'in_progress') and p.forward_due_date >= %s and p.forward_due_date <= %s`,
			today, f.forwardUntil)
	}
	if !f.From.IsZero() {
		q.add(`p.received_at >= %s`, f.From)
	}
	if !f.To.IsZero() {
		q.add(`p.received_at < %s`, f.To)
	}
}

// order is the ORDER BY of sort, and adds the keyset condition of after.
func (q *listQuery) order(sort string, after *Cursor) string {
	switch sort {
	case SortDue:
		if after != nil {
			q.add(`(p.due_date, p.id) > (%s, %s)`, after.Time, after.ID)
		}
		return `p.due_date, p.id`
	case SortForward:
		q.add(`p.state in ('registered', 'awaiting_resolution', 'in_progress') and p.forward_due_date is not null`)
		if after != nil {
			q.add(`(p.forward_due_date, p.id) > (%s, %s)`, after.Time, after.ID)
		}
		return `p.forward_due_date, p.id`
	case SortNumber:
		// (reg_year, reg_seq) is unique, so it is a keyset on its own.
		if after != nil {
			q.add(`(p.reg_year, p.reg_seq) < (%s, %s)`, after.Year, after.Seq)
		}
		return `p.reg_year desc, p.reg_seq desc`
	default:
		if after != nil {
			q.add(`(p.received_at, p.id) < (%s, %s)`, after.Time, after.ID)
		}
		return `p.received_at desc, p.id desc`
	}
}

// CursorAfter is the cursor that continues a list sorted by sort after row.
func CursorAfter(sort string, row ListRow) Cursor {
	switch sort {
	case SortDue:
		return Cursor{Time: row.DueDate, ID: row.ID}
	case SortForward:
		if row.ForwardDue != nil {
			return Cursor{Time: *row.ForwardDue, ID: row.ID}
		}
		return Cursor{ID: row.ID}
	case SortNumber:
		return Cursor{Year: row.RegYear, Seq: row.RegSeq, ID: row.ID}
	}
	return Cursor{Time: row.ReceivedAt, ID: row.ID}
}

// Encode writes c for a URL.
func (c Cursor) Encode(sort string) string {
	switch sort {
	case SortDue, SortForward:
		return c.Time.Format("2006-01-02") + "_" + strconv.FormatInt(c.ID, 10)
	case SortNumber:
		return strconv.Itoa(c.Year) + "_" + strconv.Itoa(c.Seq)
	}
	return strconv.FormatInt(c.Time.UnixMicro(), 10) + "_" + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads what Encode wrote.
func ParseCursor(sort, s string) (*Cursor, bool) {
	a, b, ok := strings.Cut(s, "_")
	if !ok {
		return nil, false
	}
	n, err := strconv.ParseInt(b, 10, 64)
	if err != nil {
		return nil, false
	}
	switch sort {
	case SortDue, SortForward:
		t, err := time.Parse("2006-01-02", a)
		if err != nil {
			return nil, false
		}
		return &Cursor{Time: t, ID: n}, true
	case SortNumber:
		y, err := strconv.Atoi(a)
		if err != nil || n > 1<<31 {
			return nil, false
		}
		return &Cursor{Year: y, Seq: int(n)}, true
	}
	us, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		return nil, false
	}
	return &Cursor{Time: time.UnixMicro(us), ID: n}, true
}

func listToday(now time.Time) time.Time { return calendar.DateOf(now) }
