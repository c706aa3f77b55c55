package petitions

import (
	"context"
	"time"
)

// Tally is a count of submissions and how many of them are past their due
// date (p.due_date before today), as the list's "overdue" filter counts.
type Tally struct {
	N       int
	Overdue int
}

// AwaitingFor counts the submissions waiting for userID's resolution, and
// the overdue ones among them, on the day today (a calendar date): what
// /petitions/resolutions lists for them (petitions_addressee_idx).
func (s *Store) AwaitingFor(ctx context.Context, userID int64, today time.Time) (Tally, error) {
	var t Tally
	err := s.pool.QueryRow(ctx, `
		select count(*), count(*) filter (where due_date < $2)
		from petitions where addressee_id = $1 and state = 'awaiting_resolution'`, userID, today).Scan(&t.N, &t.Overdue)
	return t, err
}

// AssignedTo counts the submissions in progress that userID carries out,
// and the overdue ones among them, on the day today: what
// /petitions/assigned lists for them. It reads only the person's executor
// rows of submissions in progress, which carry their submission's due date
// (open_due, kept by migration 00203's triggers), from a partial index: a
// specialist with years of resolutions behind them costs no more than one
// with none, and no submission in progress is looked at one by one. A
// person is named once a submission (petition_executors_once_idx: their
// row's unit is empty), so a row is a submission. Until the rows written
// before 00203 are filled in (while its backfill's row is in settings),
// it looks each submission in progress's executors up instead; both ways
// in one statement planned a parallel scan whose workers started even
// when it was not to run (10-17 ms).
func (s *Store) AssignedTo(ctx context.Context, userID int64, today time.Time) (Tally, error) {
	var t Tally
	if !s.openDueFilled.Load() {
		var filling bool
		if err := s.pool.QueryRow(ctx, `select exists(select 1 from settings where key = 'backfill.petition_executors_open_due')`).Scan(&filling); err != nil {
			return t, err
		}
		if filling {
			err := s.pool.QueryRow(ctx, `
				select count(*), count(*) filter (where p.due_date < $2) from petitions p
				where p.state = 'in_progress'
				  and exists (select 1 from petition_executors e where e.user_id = $1 and e.petition_id = p.id)`,
				userID, today).Scan(&t.N, &t.Overdue)
			return t, err
		}
		s.openDueFilled.Store(true)
	}
	err := s.pool.QueryRow(ctx, `
		select count(*), count(*) filter (where e.open_due < $2)
		from petition_executors e where e.user_id = $1 and e.open_due is not null`,
		userID, today).Scan(&t.N, &t.Overdue)
	return t, err
}

// Glance is the registry at a glance, for the home page of those who read
// reports: the open submissions by state (from the kept per-state counts),
// the overdue ones, and those received in [From, To).
type Glance struct {
	Registered, Awaiting, InProgress int
	Overdue                          int
	From, To                         time.Time
	Received                         int
}

// Open is every submission still running against its deadline.
func (g Glance) Open() int { return g.Registered + g.Awaiting + g.InProgress }

// Glance counts the registry for the home page in one statement: the open
// ones from petition_state_counts, the overdue ones from
// petition_open_due_counts (the open ones by due date: what the list's
// "overdue" filter finds), the received ones on the receipt index.
func (s *Store) Glance(ctx context.Context, today, from, to time.Time) (Glance, error) {
	g := Glance{From: from, To: to}
	err := s.pool.QueryRow(ctx, `
		select coalesce(sum(n) filter (where state = 'registered'), 0)::int,
		       coalesce(sum(n) filter (where state = 'awaiting_resolution'), 0)::int,
		       coalesce(sum(n) filter (where state = 'in_progress'), 0)::int,
		       (select coalesce(sum(n), 0)::int from petition_open_due_counts where due_date < $1),
		       (select count(*) from petitions p where p.received_at >= $2 and p.received_at < $3)
		from petition_state_counts`, today, from, to).
		Scan(&g.Registered, &g.Awaiting, &g.InProgress, &g.Overdue, &g.Received)
	return g, err
}

// Deadlines are the open submissions (registered, awaiting resolution, in
// progress) past their due date and due on the day today, for the metrics.
type Deadlines struct {
	Overdue, DueToday int
}

// Deadlines counts them in one statement from petition_open_due_counts,
// as Glance does.
func (s *Store) Deadlines(ctx context.Context, today time.Time) (Deadlines, error) {
	var d Deadlines
	err := s.pool.QueryRow(ctx, `
		select coalesce(sum(n) filter (where due_date < $1), 0)::int, coalesce(sum(n) filter (where due_date = $1), 0)::int
		from petition_open_due_counts where due_date <= $1`, today).
		Scan(&d.Overdue, &d.DueToday)
	return d, err
}
