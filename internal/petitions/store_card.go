package petitions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// cardData is everything the card shows about one submission, as read.
type cardData struct {
	P        *Petition
	Actor    Actor // how the viewer stands to it
	X        cardExtras
	Calendar *calendar.Calendar // for the working days left
	// ForwardDue is the forwarding term while it runs (the submission is
	// not yet forwarded, answered or closed): stored, or computed for one
	// registered before it was kept.
	ForwardDue *time.Time
	Executors  []Executor
	Answer     *cardAnswer
	Scans      []cardFile
	Notices    []cardNotice
	Events     []Event
	Staff      []Person // who a resolution may name, when the viewer may write one
}

// cardExtras are what the card shows beside the petition's own columns.
type cardExtras struct {
	DueExplanation []byte  `db:"due_explanation"`
	CaseIndex      string  `db:"case_index"`
	CaseTitle      string  `db:"case_title"`
	AddresseeName  string  `db:"addressee_name"`
	ResolutionName string  `db:"resolution_name"`
	CreatedByName  string  `db:"created_by_name"`
	JoinedToNumber *string `db:"joined_to_number"`
	// PersonalDataRemovedAt is when the retention job removed the person's details.
	PersonalDataRemovedAt *time.Time `db:"personal_data_removed_at"`
}

// cardAnswer is the registered outgoing answer.
type cardAnswer struct {
	RegNumber  string     `db:"reg_number"`
	AnsweredOn time.Time  `db:"answered_on"`
	Channel    string     `db:"channel"`
	Body       string     `db:"body"`
	CreatedBy  string     `db:"created_by_name"`
	Files      []cardFile `db:"-"`
}

// cardFile is one stored file of a submission: a scan, or the answer's file.
type cardFile struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	MediaType string    `db:"media_type"`
	Size      int64     `db:"size"`
	CreatedAt time.Time `db:"created_at"`
}

// cardNotice is one notice to the person, with its mail's fate when it went by e-mail.
type cardNotice struct {
	ID           int64     `db:"id"`
	Kind         string    `db:"kind"`
	Channel      string    `db:"channel"`
	Status       string    `db:"status"`
	OutboxStatus *string   `db:"outbox_status"`
	OutboxError  *string   `db:"outbox_error"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

// OpenCard reads the card for the viewer of ctx and writes the opening (or
// the printing) to the audit log, in one transaction: the card shows
// personal data. errs.Forbidden when the viewer may not read it.
func (s *Store) OpenCard(ctx context.Context, id int64, print bool) (cardData, error) {
	var d cardData
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, a, err := s.readable(ctx, tx, id)
		if err != nil {
			return err
		}
		verb := "Atvērta"
		if print {
			verb = "Izdrukāta"
		}
		if err := record(ctx, tx, "petition", p.ID, "view", nil, "%s iesnieguma kartīte %s", verb, p.RegNumber); err != nil {
			return err
		}
		d, err = s.cardOf(ctx, tx, p, a)
		return err
	})
	return d, err
}

// Card reads the card as it is now, for a form drawn again over it; the
// opening that drew the form was audited.
func (s *Store) Card(ctx context.Context, id int64) (cardData, error) {
	p, a, err := s.readable(ctx, s.pool, id)
	if err != nil {
		return cardData{}, err
	}
	return s.cardOf(ctx, s.pool, p, a)
}

// cardOf reads what the card shows around p. Every read goes through q:
// inside a transaction, a read through the pool would need a second
// connection while holding one, and 32 cards at once would exhaust the pool.
func (s *Store) cardOf(ctx context.Context, q db.Querier, p *Petition, a Actor) (cardData, error) {
	d := cardData{P: p, Actor: a}
	var err error
	if d.X, err = cardExtrasOf(ctx, q, p.ID); err != nil {
		return d, fmt.Errorf("card extras: %w", err)
	}
	if d.Calendar, err = s.calendar.Load(ctx, q); err != nil {
		return d, err
	}
	if p.State.Open() {
		if d.ForwardDue, err = s.forwardDueOf(ctx, q, p, d.Calendar); err != nil {
			return d, err
		}
	}
	if d.Executors, err = executors(ctx, q, p.ID); err != nil {
		return d, err
	}
	if d.Answer, err = cardAnswerOf(ctx, q, p.ID); err != nil {
		return d, err
	}
	if d.Scans, err = cardFilesOf(ctx, q, p.ID, "scan"); err != nil {
		return d, fmt.Errorf("scans: %w", err)
	}
	if d.Notices, err = cardNoticesOf(ctx, q, p.ID); err != nil {
		return d, err
	}
	if d.Events, err = events(ctx, q, p.ID); err != nil {
		return d, err
	}
	acts := Actions(p.State, a)
	if slices.Contains(acts, ActResolve) || slices.Contains(acts, ActReassign) {
		if d.Staff, err = peopleWithRole(ctx, q, auth.RoleStaff, auth.RoleHead); err != nil {
			return d, err
		}
	}
	return d, nil
}

// forwardDueOf is p's forwarding term, stored or computed with cal and
// the rules read through q; nil when no rule sets one for its day.
func (s *Store) forwardDueOf(ctx context.Context, q db.Querier, p *Petition, cal *calendar.Calendar) (*time.Time, error) {
	if p.ForwardDueDate != nil {
		d := calendar.DateOf(*p.ForwardDueDate)
		return &d, nil
	}
	rules, err := rulesQ(ctx, q)
	if err != nil {
		return nil, err
	}
	fwd, ok, err := ForwardDeadline(cal, rules, p.ReceivedAt)
	if err != nil || !ok {
		return nil, err
	}
	return &fwd.Due, nil
}

func cardExtrasOf(ctx context.Context, q db.Querier, id int64) (cardExtras, error) {
	rows, _ := q.Query(ctx, `
		select p.due_explanation, c.case_index, c.title as case_title,
		       coalesce(a.full_name, '') as addressee_name,
		       coalesce(rb.full_name, '') as resolution_name,
		       coalesce(cb.full_name, '') as created_by_name,
		       j.reg_number as joined_to_number, p.personal_data_removed_at
		from petitions p
		join doc_cases c on c.id = p.case_id
		left join users a on a.id = p.addressee_id
		left join users rb on rb.id = p.resolution_by
		left join users cb on cb.id = p.created_by
		left join petitions j on j.id = p.joined_to_id
		where p.id = $1`, id)
	x, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[cardExtras])
	return x, db.NotFound(err, fmt.Sprintf("petition %d", id))
}

func cardAnswerOf(ctx context.Context, q db.Querier, petitionID int64) (*cardAnswer, error) {
	rows, _ := q.Query(ctx, `
		select a.reg_number, a.answered_on, a.channel, a.body, coalesce(u.full_name, '') as created_by_name
		from petition_answers a left join users u on u.id = a.created_by
		where a.petition_id = $1`, petitionID)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[cardAnswer])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil // not answered yet
	}
	if err != nil {
		return nil, err
	}
	a.Files, err = cardFilesOf(ctx, q, petitionID, "answer")
	return a, err
}

// cardFilesOf lists a submission's files of one kind ('scan' or 'answer').
func cardFilesOf(ctx context.Context, q db.Querier, petitionID int64, kind string) ([]cardFile, error) {
	rows, _ := q.Query(ctx, `
		select f.id, f.name, f.media_type, f.size, f.created_at
		from petition_files pf join files f on f.id = pf.file_id
		where pf.petition_id = $1 and pf.kind = $2
		order by pf.id`, petitionID, kind)
	return pgx.CollectRows(rows, pgx.RowToStructByName[cardFile])
}

func cardNoticesOf(ctx context.Context, q db.Querier, petitionID int64) ([]cardNotice, error) {
	rows, _ := q.Query(ctx, `
		select n.id, n.kind, n.channel, n.status, o.status as outbox_status, o.last_error as outbox_error,
		       n.created_at, n.updated_at
		from petition_notices n left join mail_outbox o on o.id = n.outbox_id
		where n.petition_id = $1 order by n.id`, petitionID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[cardNotice])
}

// OpenFile checks that fileID is a file of the submission id that the
// viewer may read, and writes the opening to the audit log: opening a scan
// is reading the submission. errs.NotFound for another submission's file.
func (s *Store) OpenFile(ctx context.Context, id, fileID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, _, err := s.readable(ctx, tx, id)
		if err != nil {
			return err
		}
		var kind string
		err = tx.QueryRow(ctx, `select kind from petition_files where petition_id = $1 and file_id = $2`, id, fileID).Scan(&kind)
		if err != nil {
			return db.NotFound(err, fmt.Sprintf("file %d of petition %d", fileID, id))
		}
		return record(ctx, tx, "petition", p.ID, "view_file", map[string]any{"file_id": fileID, "kind": kind},
			"Atvērts iesnieguma %s fails", p.RegNumber)
	})
}

// PrintAcknowledgement reads what the acknowledgement letter says (the
// submission and the rule its term was computed with) and writes the
// printing to the audit log. errs.NotFound when there is nobody to write to.
func (s *Store) PrintAcknowledgement(ctx context.Context, id int64) (*Petition, Rule, error) {
	var p *Petition
	var rule Rule
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if p, _, err = s.readable(ctx, tx, id); err != nil {
			return err
		}
		if p.Anonymous || p.PersonName == "" {
			return fmt.Errorf("acknowledgement of %s, anonymous: %w", p.RegNumber, errs.NotFound)
		}
		var raw []byte
		if err := tx.QueryRow(ctx, `select due_explanation from petitions where id = $1`, id).Scan(&raw); err != nil {
			return err
		}
		rule = ruleOfExplanation(raw)
		// The letter carries the due date as it is now: that is the date
		// told, below which a recomputation never moves it.
		if _, err := tx.Exec(ctx, `update petitions set told_due_date = greatest(told_due_date, due_date) where id = $1`, id); err != nil {
			return err
		}
		return record(ctx, tx, "petition", p.ID, "print", nil,
			"Izdrukāts apstiprinājums par iesnieguma %s saņemšanu", p.RegNumber)
	})
	return p, rule, err
}
