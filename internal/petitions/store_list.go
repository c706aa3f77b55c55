package petitions

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

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
)

// ListFilter narrows the registry list; zero values do not filter.
type ListFilter struct {
	Number      string // exact, or the start of a registration number
	Name        string // part of the person's name; diacritics do not matter
	State       State
	DocType     DocType
	Channel     Channel
	AddresseeID int64
	ExecutorID  int64
	Overdue     bool      // open, and past its due date
	From        time.Time // received on or after this Riga midnight
	To          time.Time // received before this Riga midnight (the day after the last day)

	// name is Name looked up in the dictionary of name words (resolveName).
	name *nameSearch
}

// OnlyState tells whether nothing but the state narrows the list, which is
// when the kept per-state counts answer exactly.
func (f ListFilter) OnlyState() bool {
	g := f
	g.State = ""
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
}

const listColumns = `p.id, p.reg_number, p.reg_year, p.reg_seq, p.received_at, p.doc_type, p.channel,
	p.anonymous, p.person_name, p.personal_data_removed_at is not null as removed, p.subject,
	p.addressee_id, coalesce(u.full_name, '') as addressee_name, p.state, p.due_date, p.answered_on`

// scanListRow reads a row of listColumns, in their order. Lists are the
// registry's busiest pages, and matching columns to fields by name through
// reflection cost more than the query itself.
func scanListRow(row pgx.CollectableRow) (ListRow, error) {
	var r ListRow
	var docType, channel, state string
	err := row.Scan(&r.ID, &r.RegNumber, &r.RegYear, &r.RegSeq, &r.ReceivedAt, &docType, &channel,
		&r.Anonymous, &r.PersonName, &r.Removed, &r.Subject,
		&r.AddresseeID, &r.AddresseeName, &state, &r.DueDate, &r.AnsweredOn)
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
		// The numbers that start with it, as a range the index serves.
		q.add(`(p.reg_number collate "C") >= %[1]s and (p.reg_number collate "C") < (%[1]s || chr(1114111))`, f.Number)
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
	case SortNumber:
		return Cursor{Year: row.RegYear, Seq: row.RegSeq, ID: row.ID}
	}
	return Cursor{Time: row.ReceivedAt, ID: row.ID}
}

// Encode writes c for a URL.
func (c Cursor) Encode(sort string) string {
	switch sort {
	case SortDue:
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
	case SortDue:
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

// Stream calls fn for every submission v may see that match f, in sort
// order, holding one row at a time: exports of a million rows stay small.
// It stops after limit rows when limit > 0.
func (s *Store) Stream(ctx context.Context, q db.Querier, v Viewer, f ListFilter, sort string, limit int, now time.Time, fn func(ListRow) error) error {
	if err := resolveName(ctx, q, &f); err != nil {
		return err
	}
	var b listQuery
	b.scope(v)
	b.filter(f, listToday(now))
	b.nameCondition(f)
	sql := `select ` + listColumns + `
		from petitions p left join users u on u.id = p.addressee_id
		where ` + b.clause() + ` order by ` + b.order(sort, nil)
	if limit > 0 {
		sql += ` limit ` + limitOf(limit)
	}
	rows, err := q.Query(ctx, sql, b.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanListRow(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Count is how many submissions match, exactly up to CountBound.
type Count struct {
	N    int64
	More bool // more than CountBound match: N is CountBound
}

// ListPage is one page of the registry list and what the page shows
// around it: the people the filters offer, the counts by state, the rows and
// how many match over all pages.
type ListPage struct {
	Addressees  []Person
	Executors   []Person
	StateCounts map[State]Count
	Rows        []ListRow // up to limit, in sort order after the cursor
	Count       Count
	Calendar    *calendar.Calendar // for the rows' days left
}

// ListPage reads a page of what v may see that matches f, in one round trip
// (two for a name search the server has not seen at the dictionary's
// current revision, whose words are looked up first). Without rows
// it reads only what surrounds them, for a filter form sent back to be
// corrected.
func (s *Store) ListPage(ctx context.Context, cal *calendar.Store, v Viewer, f ListFilter, sort string, after *Cursor, limit int, now time.Time, rows bool) (ListPage, error) {
	if rows && f.Name != "" && f.name == nil {
		if n, revision, ok := s.names.get(f.Name); ok {
			cached := f
			cached.name = n
			page, seen, err := s.readListPage(ctx, cal, v, cached, sort, after, limit, now, rows, true)
			if err != nil || seen == revision {
				return page, err
			}
			// A new word came into the dictionary: look the text up again.
		}
		n, revision, err := lookUpName(ctx, s.pool, f.Name)
		if err != nil {
			return ListPage{}, err
		}
		s.names.put(f.Name, n, revision)
		f.name = n
	}
	page, _, err := s.readListPage(ctx, cal, v, f, sort, after, limit, now, rows, false)
	return page, err
}

// readListPage is ListPage in one round trip, with the name already looked
// up; withRevision also reads the dictionary's revision.
func (s *Store) readListPage(ctx context.Context, cal *calendar.Store, v Viewer, f ListFilter, sort string, after *Cursor, limit int, now time.Time,
	rows, withRevision bool) (ListPage, int64, error) {
	page := ListPage{StateCounts: map[State]Count{}}
	var b pgx.Batch
	pending := cal.Queue(&b)
	var revision int64
	if withRevision {
		b.Queue(`select n from revisions where name = 'petition_name_dictionary'`).QueryRow(func(row pgx.Row) error {
			return row.Scan(&revision)
		})
	}
	usersRevision, known := auth.UsersRevision(ctx)
	people, kept := s.people.get(usersRevision, known)
	if kept {
		page.Addressees, page.Executors = people.addressees, people.executors
	} else {
		queuePeople(&b, &people.addressees, &people.executors)
	}
	queueStateCounts(&b, v, page.StateCounts)
	keptCount := v.All && f.OnlyState()
	if rows {
		queueRows(&b, v, f, sort, after, limit, now, &page.Rows)
		if !keptCount {
			queueCount(&b, v, f, now, &page.Count)
		}
	}
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return page, 0, err
	}
	if !kept {
		page.Addressees, page.Executors = people.addressees, people.executors
		if known {
			s.people.put(usersRevision, people)
		}
	}
	var err error
	if page.Calendar, err = pending.Calendar(ctx); err != nil {
		return page, 0, err
	}
	if keptCount {
		// The kept counts answer exactly, and are already read for the tabs.
		for st, c := range page.StateCounts {
			if f.State == "" || f.State == st {
				page.Count.N += c.N
			}
		}
	}
	return page, revision, nil
}

// queueRows queues the rows of a list page into out.
func queueRows(b *pgx.Batch, v Viewer, f ListFilter, sort string, after *Cursor, limit int, now time.Time, out *[]ListRow) {
	var q listQuery
	if f.byNameWords() && sort == SortReceived {
		q.nameID = "t.petition_id"
	}
	q.scope(v)
	q.filter(f, listToday(now))
	var sql string
	if f.byNameWords() && sort == SortReceived {
		sql = q.byNameSQL(f, after, limit)
	} else {
		q.nameCondition(f)
		order := q.order(sort, after)
		sql = `select ` + listColumns + `
			from petitions p left join users u on u.id = p.addressee_id
			where ` + q.clause() + ` order by ` + order + ` limit ` + limitOf(limit)
	}
	b.Queue(sql, q.args...).Query(func(rows pgx.Rows) error {
		var err error
		*out, err = pgx.AppendRows(make([]ListRow, 0, limit), rows, scanListRow)
		return err
	})
}

// queueCount queues how many rows match over all pages, reading at most
// CountBound+1 of them: past it the page says "more than".
func queueCount(b *pgx.Batch, v Viewer, f ListFilter, now time.Time, out *Count) {
	var q listQuery
	if f.byNameWords() {
		q.nameID = "t.petition_id"
	}
	q.scope(v)
	q.filter(f, listToday(now))
	if f.byNameWords() {
		q.queueCountByName(b, f, out)
		return
	}
	b.Queue(`select count(*) from (select 1 from petitions p where `+q.clause()+
		` limit `+limitOf(CountBound+1)+`) t`, q.args...).QueryRow(func(row pgx.Row) error {
		var n int64
		err := row.Scan(&n)
		*out = bounded(n)
		return err
	})
}

// bounded is a count read with a limit of CountBound+1.
func bounded(n int64) Count {
	if n > CountBound {
		return Count{N: CountBound, More: true}
	}
	return Count{N: n}
}

// queueStateCounts queues how many submissions v may see in each state:
// exact from the kept counts for those who see everything, bounded for the
// others.
func queueStateCounts(b *pgx.Batch, v Viewer, out map[State]Count) {
	collect := func(rows pgx.Rows) error {
		var st string
		var n int64
		_, err := pgx.ForEachRow(rows, []any{&st, &n}, func() error {
			out[State(st)] = Count{N: n}
			if !v.All {
				out[State(st)] = bounded(n)
			}
			return nil
		})
		return err
	}
	if v.All {
		b.Queue(`select state, n from petition_state_counts`).Query(collect)
		return
	}
	var q listQuery
	q.scope(v)
	b.Queue(`select s.state, (select count(*) from (select 1 from petitions p
		where p.state = s.state and `+q.clause()+` limit `+limitOf(CountBound+1)+`) t)
		from unnest(`+q.arg(names(States))+`::text[]) s(state)`, q.args...).Query(collect)
}

// AwaitingResolution lists the submissions waiting for a resolution, oldest
// first: those addressed to v's user, or for someone who sees everything all
// of them, grouped by addressee.
func (s *Store) AwaitingResolution(ctx context.Context, v Viewer, after *Cursor, limit int) ([]ListRow, error) {
	var q listQuery
	q.add(`p.state = %s`, string(AwaitingResolution))
	order := `p.received_at, p.id`
	if v.All {
		order = `p.addressee_id, p.received_at, p.id`
		if after != nil {
			q.add(`(p.addressee_id, p.received_at, p.id) > (%s, %s, %s)`, after.Addressee, after.Time, after.ID)
		}
	} else {
		q.add(`p.addressee_id = %s`, v.UserID)
		if after != nil {
			q.add(`(p.received_at, p.id) > (%s, %s)`, after.Time, after.ID)
		}
	}
	rows, _ := s.pool.Query(ctx, `select `+listColumns+`
		from petitions p left join users u on u.id = p.addressee_id
		where `+q.clause()+` order by `+order+` limit `+limitOf(limit), q.args...)
	return pgx.CollectRows(rows, scanListRow)
}

// Assigned lists the submissions in progress that userID carries out, with
// the due date the resolution set them, soonest first.
func (s *Store) Assigned(ctx context.Context, userID int64, after *Cursor, limit int) ([]ListRow, error) {
	var q listQuery
	q.add(`e.user_id = %s`, userID)
	q.add(`p.state = %s`, string(InProgress))
	if after != nil {
		q.add(`(e.due_date, p.id) > (%s, %s)`, after.Time, after.ID)
	}
	cols := strings.Replace(listColumns, "p.due_date", "e.due_date", 1)
	rows, _ := s.pool.Query(ctx, `select `+cols+`
		from petition_executors e join petitions p on p.id = e.petition_id
		left join users u on u.id = p.addressee_id
		where `+q.clause()+` order by e.due_date, p.id limit `+limitOf(limit), q.args...)
	return pgx.CollectRows(rows, scanListRow)
}

// filterPeople are who the list's filters offer.
type filterPeople struct{ addressees, executors []Person }

// keptPeople holds the filters' people as read at one revision of the
// accounts, which every signed-in request reads with its session.
type keptPeople struct {
	mu       sync.Mutex
	revision int64
	people   *filterPeople
}

func (k *keptPeople) get(revision int64, known bool) (filterPeople, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !known || k.people == nil || k.revision != revision {
		return filterPeople{}, false
	}
	return *k.people, true
}

func (k *keptPeople) put(revision int64, p filterPeople) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.people == nil || revision >= k.revision {
		k.people, k.revision = &p, revision
	}
}

// queuePeople queues who the filters offer, in one query: the management
// as addressees, staff and the head as executors.
func queuePeople(b *pgx.Batch, addressees, executors *[]Person) {
	b.Queue(`select id, full_name, 'management' = any(roles), roles && '{staff,head}'
		from users where active and roles && '{management,staff,head}'
		order by full_name collate "lv-x-icu"`).Query(func(rows pgx.Rows) error {
		var p Person
		var addressee, executor bool
		_, err := pgx.ForEachRow(rows, []any{&p.ID, &p.FullName, &addressee, &executor}, func() error {
			if addressee {
				*addressees = append(*addressees, p)
			}
			if executor {
				*executors = append(*executors, p)
			}
			return nil
		})
		return err
	})
}
