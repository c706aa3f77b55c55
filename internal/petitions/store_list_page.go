package petitions

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
)

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
	// OverdueByExecutor: for those who see every submission, on the list
	// of overdue ones, how many open ones are past their due date, by
	// executor (a person), most first.
	OverdueByExecutor []ExecutorCount
}

// ExecutorCount is how many submissions an executor has.
type ExecutorCount struct {
	ID       int64
	FullName string
	N        int64
}

// ListPage reads a page of what v may see that matches f, in one round trip
// (two for a name search the server has not seen at the dictionary's
// current revision, whose words are looked up first; one more each for a
// text search and a number's start, whose matches are looked up first).
// Without rows it reads only what surrounds them, for a filter form sent
// back to be corrected.
func (s *Store) ListPage(ctx context.Context, v Viewer, f ListFilter, sort string, after *Cursor, limit int, now time.Time, rows bool) (ListPage, error) {
	if err := narrow(ctx, s.pool, &v); err != nil {
		return ListPage{}, err
	}
	if rows && f.Forward == ForwardSoon && f.forwardUntil.IsZero() {
		// "Soon" is counted in working days: the calendar first (kept in
		// memory, so one small read).
		cal, err := s.calendar.Load(ctx, s.pool)
		if err != nil {
			return ListPage{}, err
		}
		f.resolveForward(cal, now)
	}
	if rows {
		if err := resolveNumber(ctx, s.pool, &f); err != nil {
			return ListPage{}, err
		}
	}
	if rows && f.Text != "" && f.text == nil {
		if err := s.lookUpText(ctx, &f); err != nil {
			return ListPage{}, err
		}
	}
	if rows && f.Name != "" && f.name == nil {
		if n, revision, ok := s.names.Peek(f.Name); ok {
			cached := f
			cached.name = n
			page, seen, err := s.readListPage(ctx, v, cached, sort, after, limit, now, rows, true)
			if err != nil || seen == revision {
				return page, err
			}
			// A new word came into the dictionary: look the text up again.
		}
		n, revision, err := lookUpName(ctx, s.pool, f.Name)
		if err != nil {
			return ListPage{}, err
		}
		s.names.Put(revision, f.Name, n)
		f.name = n
	}
	page, _, err := s.readListPage(ctx, v, f, sort, after, limit, now, rows, false)
	return page, err
}

// lookUpText finds the submissions whose subject or summary the text
// search matches, in one round trip more: first among the newest
// textProbeRows submissions, and if more than a page of them match, the
// words are common and the list walks its own order filtering rows (a
// page is near); else the words' index gives up to lookUpLimit+1 matches,
// by id (the CASE reads the index only when the newest did not answer).
// A search found common lately is taken as common without asking again.
func (s *Store) lookUpText(ctx context.Context, f *ListFilter) error {
	tq := textQuery(f.Text)
	if tq == "" {
		return nil
	}
	if s.commonTexts.Known(tq) {
		f.text = &lookedUp{common: true}
		return nil
	}
	var q listQuery
	q.add(textSearchCondition, tq)
	cond := q.clause()
	var ids []int64
	err := s.pool.QueryRow(ctx, `select case when (select count(*) from (select p.subject, p.summary from petitions p
			order by p.received_at desc, p.id desc limit `+limitOf(textProbeRows)+`) p where `+cond+`) > `+limitOf(ListPageSize)+`
		then null else array(select p.id from petitions p where `+cond+` limit `+limitOf(int(lookUpLimit.Load())+1)+`) end`, q.args...).Scan(&ids)
	if err != nil {
		return err
	}
	if ids == nil {
		f.text = &lookedUp{common: true}
	} else {
		f.text = lookedUpOf(ids)
	}
	if f.text.common {
		s.commonTexts.Found(tq)
	}
	return nil
}

// readListPage is ListPage in one round trip, with the name already looked
// up; withRevision also reads the dictionary's revision.
func (s *Store) readListPage(ctx context.Context, v Viewer, f ListFilter, sort string, after *Cursor, limit int, now time.Time,
	rows, withRevision bool) (ListPage, int64, error) {
	page := ListPage{StateCounts: map[State]Count{}}
	var b pgx.Batch
	pending := s.calendar.Queue(&b)
	var revision int64
	if withRevision {
		b.Queue(`select n from revisions where name = 'petition_name_dictionary'`).QueryRow(func(row pgx.Row) error {
			return row.Scan(&revision)
		})
	}
	usersRevision, known := auth.UsersRevision(ctx)
	var people filterPeople
	kept := false
	if known {
		people, kept = s.people.Get(usersRevision)
	}
	if kept {
		page.Addressees, page.Executors = people.addressees, people.executors
	} else {
		queuePeople(&b, &people.addressees, &people.executors)
	}
	queueStateCounts(&b, v, page.StateCounts)
	if v.All && rows && f.Overdue {
		// Only beside the overdue list: the count reads every overdue
		// submission's executors (20 ms and more at a million rows, where
		// thousands are overdue), too much for every page of the list.
		queueOverdueByExecutor(&b, now, &page.OverdueByExecutor)
	}
	keptCount := v.All && f.OnlyState()
	if rows {
		queueRows(&b, v, f, sort, after, limit, now, &page.Rows)
		switch {
		case keptCount:
		case v.All && f.commonAlone():
			page.Count = Count{N: CountBound, More: true}
		default:
			queueCount(&b, v, f, now, &page.Count)
		}
	}
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return page, 0, err
	}
	if !kept {
		page.Addressees, page.Executors = people.addressees, people.executors
		if known {
			s.people.Put(usersRevision, people)
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
	q := listQuery{walkText: true}
	if f.byNameWords() && sort == SortReceived {
		q.nameID = "t.petition_id"
	}
	q.scope(v)
	q.filter(f, listToday(now))
	var sql string
	cols := listColumns + ", " + listExecutorsColumn
	if f.byNameWords() && sort == SortReceived {
		sql = q.byNameSQL(f, after, limit, cols)
	} else {
		q.nameCondition(f)
		order := q.order(sort, after)
		sql = `select ` + cols + `
			from petitions p left join users u on u.id = p.addressee_id
			where ` + q.clause() + ` order by ` + order + ` limit ` + limitOf(limit)
	}
	b.Queue(sql, q.args...).Query(func(rows pgx.Rows) error {
		var err error
		*out, err = pgx.AppendRows(make([]ListRow, 0, limit), rows, scanListPageRow)
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
		from unnest(`+q.arg(States)+`::text[]) s(state)`, q.args...).Query(collect)
}

// queueOverdueByExecutor queues how many open submissions are past their
// due date, by executor: as the list's "overdue" filter counts them (the
// submission's due date), so that a count and the list it links to agree.
// The partial due-date index finds the open overdue ones, a few among a
// million.
func queueOverdueByExecutor(b *pgx.Batch, now time.Time, out *[]ExecutorCount) {
	b.Queue(`select x.user_id, u.full_name, count(*)
		from petitions p join petition_executors x on x.petition_id = p.id join users u on u.id = x.user_id
		where p.state in ('registered', 'awaiting_resolution', 'in_progress') and p.due_date < $1
			and x.user_id is not null
		group by x.user_id, u.full_name
		order by count(*) desc, u.full_name collate "lv-x-icu"`, listToday(now)).Query(func(rows pgx.Rows) error {
		var c ExecutorCount
		_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.FullName, &c.N}, func() error {
			*out = append(*out, c)
			return nil
		})
		return err
	})
}

// filterPeople are who the list's filters offer.
type filterPeople struct{ addressees, executors []Person }

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
