package petitions

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// RecomputeBatch is how many open submissions one transaction of a
// recomputation reads and locks: a few tenths of a second, which a person
// stepping a submission on hardly notices.
const RecomputeBatch = 500

// RecomputeArgs is the job that computes the due dates of the open
// submissions again after a change to the calendar or to the rules. It
// runs batch by batch, each a transaction of its own that queues the next
// batch: a change to the calendar stays as fast as the one row it writes,
// however large the registry, and only the submissions whose terms reach
// the change are read (the open ones due on or after From, received
// before To; for a rule, those received from its first day on).
type RecomputeArgs struct {
	Trigger      DueCause  `json:"trigger"`
	From         time.Time `json:"from,omitzero"`          // the first date that changed; zero: any
	To           time.Time `json:"to,omitzero"`            // the last date that changed; zero: any
	ReceivedFrom time.Time `json:"received_from,omitzero"` // a rule's first day; zero: any
	After        int64     `json:"after,omitempty"`        // the last id the previous batch read
}

// Kind names the job for River.
func (RecomputeArgs) Kind() string { return "petitions_recompute_due" }

// CalendarHook is the calendar's ChangeHook for the registry: it queues the
// recomputation of the due dates in the transaction of the change, so that
// a change rolled back queues nothing.
func CalendarHook(jc *jobs.Client) calendar.ChangeHook {
	return func(ctx context.Context, tx pgx.Tx, ch calendar.Change) error {
		if ch.From.IsZero() {
			return nil // no working day moved
		}
		_, err := jc.InsertTx(ctx, tx, RecomputeArgs{Trigger: triggerOf(ch), From: calendar.DateOf(ch.From), To: calendar.DateOf(ch.To)}, nil)
		return err
	}
}

// triggerOf is the calendar change as a cause of a moved date.
func triggerOf(ch calendar.Change) DueCause {
	switch ch.Action {
	case "follow_cabinet":
		v := ch.FollowCabinet
		return DueCause{FollowCabinet: &v}
	case "fill":
		return DueCause{Year: ch.From.Year()}
	}
	c := DueCause{Day: calendar.DateOf(ch.From)}
	if ch.Before != nil {
		c.Before, c.NameLV, c.NameEN = ch.Before.Kind, ch.Before.NameLV, ch.Before.NameEN
	}
	if ch.After != nil {
		c.After, c.NameLV, c.NameEN = ch.After.Kind, ch.After.NameLV, ch.After.NameEN
	}
	return c
}

// dueMoved is the timeline's line of a recomputed date, and the audit
// entry's details.
type dueMoved struct {
	DueBefore     time.Time  `json:"due_before"`
	DueAfter      time.Time  `json:"due_after"`
	ForwardBefore *time.Time `json:"forward_before,omitempty"`
	ForwardAfter  *time.Time `json:"forward_after,omitempty"`
	Causes        []DueCause `json:"causes"`
	// Held: the calendar gives Computed, earlier than the date told to the
	// person, which stays.
	Held     bool      `json:"held,omitempty"`
	Computed time.Time `json:"computed,omitzero"`
	Trigger  DueCause  `json:"trigger"`
}

// Recompute computes again the due dates of the next batch of open
// submissions that a.From..a.To (or a rule from a.ReceivedFrom) may move,
// in one transaction: each moved date is written with its timeline line
// and its audit entry, and a due date that moved earlier than an executor's
// takes the executor's along. When the batch was full, next queues the
// following one inside the same transaction.
func (s *Store) Recompute(ctx context.Context, a RecomputeArgs, next func(ctx context.Context, tx pgx.Tx, a RecomputeArgs) error) (moved int, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		cal, err := s.calendar.Load(ctx, tx)
		if err != nil {
			return err
		}
		rules, err := rulesQ(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := dueRows(ctx, tx, a)
		if err != nil {
			return err
		}
		at := s.now()
		type change struct {
			row dueRow
			r   redated
		}
		var changes []change
		var days []time.Time
		for _, row := range rows {
			r, err := redate(cal, rules, row, a.Trigger)
			if err != nil {
				return err
			}
			if r.Changed() {
				changes = append(changes, change{row, r})
			}
			if r.DueMoved {
				days = append(days, row.Due, r.Due)
			}
		}
		if err := lockDueDays(ctx, tx, days); err != nil {
			return err
		}
		for _, c := range changes {
			if err := writeRedated(ctx, tx, c.row, c.r, a.Trigger, at); err != nil {
				return err
			}
			if c.r.DueMoved || c.r.ForwardMoved {
				moved++
			}
		}
		if len(rows) == RecomputeBatch && next != nil {
			n := a
			n.After = rows[len(rows)-1].ID
			return next(ctx, tx, n)
		}
		return nil
	})
	return moved, err
}

// lockDueDays takes the rows of petition_open_due_counts of days in the
// days' order (made when missing) before a batch moves submissions between
// them: each move's trigger takes its two days' rows, and a batch taking
// them in its submissions' order could deadlock with a single move that
// takes them in the days' order (migration 00204).
func lockDueDays(ctx context.Context, tx pgx.Tx, days []time.Time) error {
	if len(days) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `insert into petition_open_due_counts (due_date, n)
		select distinct d, 0 from unnest($1::date[]) d order by d
		on conflict (due_date) do update set n = petition_open_due_counts.n`, days)
	return err
}

// dueRows reads and locks the next batch of open submissions a concerns.
func dueRows(ctx context.Context, tx pgx.Tx, a RecomputeArgs) ([]dueRow, error) {
	var from, to, receivedFrom *time.Time
	if !a.From.IsZero() {
		from = &a.From
	}
	if !a.To.IsZero() {
		// Received before the day that changed: a term starts the day after receipt.
		t, _ := calendar.DayBounds(a.To)
		to = &t
	}
	if !a.ReceivedFrom.IsZero() {
		t, _ := calendar.DayBounds(a.ReceivedFrom)
		receivedFrom = &t
	}
	rows, _ := tx.Query(ctx, `
		select p.id, p.reg_number, p.received_at, p.extended, p.due_date, p.forward_due_date, p.told_due_date,
		       exists(select 1 from petition_notices n where n.petition_id = p.id and n.kind in ('acknowledgement', 'extension')),
		       p.due_explanation
		from petitions p
		where p.state in ('registered', 'awaiting_resolution', 'in_progress') and p.id > $1
		  and ($2::date is null or p.due_date >= $2::date or p.forward_due_date >= $2::date)
		  and ($3::timestamptz is null or p.received_at < $3::timestamptz)
		  and ($4::timestamptz is null or p.received_at >= $4::timestamptz)
		order by p.id limit `+limitOf(RecomputeBatch)+`
		for update of p`, a.After, from, to, receivedFrom)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (dueRow, error) {
		var r dueRow
		err := row.Scan(&r.ID, &r.RegNumber, &r.ReceivedAt, &r.Extended, &r.Due, &r.Forward, &r.Told, &r.Notified, &r.Explanation)
		return r, err
	})
}

// writeRedated stores one recomputed submission; a moved date gets its
// timeline line and audit entry.
func writeRedated(ctx context.Context, tx pgx.Tx, row dueRow, r redated, trigger DueCause, at time.Time) error {
	if !r.DueMoved && !r.ForwardMoved {
		// Only the explanation: no date moved, so the version (which the
		// card's open forms carry) stays.
		_, err := tx.Exec(ctx, `update petitions set due_explanation = $2, forward_due_date = $3 where id = $1`,
			row.ID, r.Explanation, r.Forward)
		return err
	}
	if _, err := tx.Exec(ctx, `update petitions set due_date = $2, legal_due_date = $2, forward_due_date = $3,
			told_due_date = $4, due_explanation = $5, version = version + 1, updated_at = $6
		where id = $1`, row.ID, r.Due, r.Forward, r.Told, r.Explanation, at); err != nil {
		return err
	}
	// An executor's date after the new due date follows it.
	if _, err := tx.Exec(ctx, `update petition_executors set due_date = $2, updated_at = $3
		where petition_id = $1 and due_date > $2`, row.ID, r.Due, at); err != nil {
		return err
	}
	d := dueMoved{DueBefore: calendar.DateOf(row.Due), DueAfter: r.Due, Causes: r.Causes,
		Held: r.Explanation.Held, Computed: r.Explanation.Computed, Trigger: trigger}
	if r.ForwardMoved {
		before := calendar.DateOf(*row.Forward)
		d.ForwardBefore, d.ForwardAfter = &before, r.Forward
	}
	if err := AddEvent(ctx, tx, at, row.ID, "due_moved", "", "", "", d); err != nil {
		return err
	}
	return record(ctx, tx, "petition", row.ID, "due_moved", d,
		"Iesniegums %s: termiņš pārrēķināts pēc kalendāra vai noteikumu maiņas: %s → %s", row.RegNumber, i18n.Date(d.DueBefore), i18n.Date(d.DueAfter))
}

// FillForwardBatch is how many open submissions one transaction of
// FillForward gives their forwarding term.
const FillForwardBatch = 1000

// FillForwardArgs is the job that gives the open submissions registered
// before the forwarding term was kept (migration 00031) their forwarding
// term. It runs at start and every night; once every open submission has
// its term it reads one row of an index and is done.
type FillForwardArgs struct{}

// Kind names the job for River.
func (FillForwardArgs) Kind() string { return "petitions_fill_forward" }

// FillForward computes the forwarding term of open submissions that have
// none, batch by batch, each batch a transaction with its audit entry, and
// reports how many it filled.
func (s *Store) FillForward(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.fillForwardBatch(ctx)
		total += n
		if err != nil || n < FillForwardBatch {
			return total, err
		}
	}
}

func (s *Store) fillForwardBatch(ctx context.Context) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `select id, received_at from petitions
			where state in ('registered', 'awaiting_resolution', 'in_progress') and forward_due_date is null
			order by id limit `+limitOf(FillForwardBatch)+` for update skip locked`)
		type todo struct {
			id       int64
			received time.Time
		}
		var list []todo
		var t todo
		if _, err := pgx.ForEachRow(rows, []any{&t.id, &t.received}, func() error {
			list = append(list, t)
			return nil
		}); err != nil || len(list) == 0 {
			return err
		}
		cal, err := s.calendar.Load(ctx, tx)
		if err != nil {
			return err
		}
		rules, err := rulesQ(ctx, tx)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(list))
		dates := make([]time.Time, 0, len(list))
		for _, t := range list {
			fwd, ok, err := ForwardDeadline(cal, rules, t.received)
			if err != nil {
				return err
			}
			if ok {
				ids, dates = append(ids, t.id), append(dates, fwd.Due)
			}
		}
		if _, err := tx.Exec(ctx, `update petitions p set forward_due_date = u.due
			from unnest($1::bigint[], $2::date[]) u(id, due) where p.id = u.id`, ids, dates); err != nil {
			return err
		}
		n = len(list)
		if len(ids) == 0 {
			return nil
		}
		return record(ctx, tx, "petition", fmt.Sprintf("%d-%d", ids[0], ids[len(ids)-1]), "fill_forward", map[string]any{"ids": ids},
			"Aprēķināti pārsūtīšanas termiņi atvērtajiem iesniegumiem, kas reģistrēti pirms to uzskaites: %d", len(ids))
	})
	return n, err
}

// MovedRow is one moved date as the list of moved dates shows it.
type MovedRow struct {
	EventID    int64
	At         time.Time
	PetitionID int64
	RegNumber  string
	State      State
	Moved      dueMoved
}

// Moved lists the recomputed dates newest first, the page after the event
// id after (0: the first page), at most limit.
func (s *Store) Moved(ctx context.Context, after int64, limit int) ([]MovedRow, error) {
	rows, _ := s.pool.Query(ctx, `
		select e.id, e.created_at, e.details, p.id, p.reg_number, p.state
		from petition_events e join petitions p on p.id = e.petition_id
		where e.kind = 'due_moved' and ($1::bigint = 0 or e.id < $1)
		order by e.id desc limit `+limitOf(limit), after)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (MovedRow, error) {
		var m MovedRow
		var details []byte
		var state string
		if err := row.Scan(&m.EventID, &m.At, &details, &m.PetitionID, &m.RegNumber, &state); err != nil {
			return m, err
		}
		m.State = State(state)
		if err := json.Unmarshal(details, &m.Moved); err != nil {
			return m, fmt.Errorf("due_moved event %d: %w", m.EventID, err)
		}
		return m, nil
	})
}
