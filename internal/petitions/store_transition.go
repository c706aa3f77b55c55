package petitions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Step is a step's checked input, as the card's forms post it.
type Step struct {
	Version    int // the submission's version the form was drawn from
	Note       string
	Resolution string
	// Users and Units are the executors a resolution names; ExecDue their due date.
	Users         []int64
	Units         []string
	ExecDue       time.Time
	AnswerNumber  string
	AnswerOn      time.Time
	AnswerChannel ReplyChannel
	AnswerText    string
	AnswerFile    *files.Staged // nil: the answer has no file
	Institution   string        // forwarded to
	Reason        string        // left unexamined, or the term extended, because
	Target        string        // the registration number it is joined to
}

// Transition takes the step act on submission id for the user of ctx, in
// one transaction: it locks the submission, checks the step is still the
// user's to take (ErrStepRefused, ErrAlreadyExtended) and the form not
// stale (errs.Conflict), changes it, and writes the timeline, the audit
// log and the notice to the person. A value only the database can check (a
// number taken, a submission to join to) is that field's refusal.
func (s *Store) Transition(ctx context.Context, id int64, act Action, st Step) error {
	if _, ok := transitions[act]; !ok {
		return fmt.Errorf("petitions: step %q: %w", act, errs.NotFound)
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := getForUpdate(ctx, tx, id)
		if err != nil {
			return err
		}
		a, err := actorOf(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := checkStep(act, p, a); err != nil {
			return err
		}
		if st.Version != p.Version {
			return fmt.Errorf("petition %s changed since the form was drawn: %w", p.RegNumber, errs.Conflict)
		}
		return s.apply(ctx, tx, act, p, st)
	})
}

// change is what a step did, for the timeline, the audit log and the person.
type change struct {
	note    string
	details map[string]any
	notice  *noticeInfo
	summary string // added to the audit entry's sentence
}

// apply changes the locked submission p for act inside tx.
func (s *Store) apply(ctx context.Context, tx pgx.Tx, act Action, p *Petition, st Step) error {
	at := s.now()
	to := transitions[act].to
	if to == "" {
		to = p.State
	}
	c := change{note: st.Note, details: map[string]any{}}
	var err error
	switch act {
	case ActSend:
		_, err = tx.Exec(ctx, `update petitions set state = $2, version = version + 1, updated_at = $3 where id = $1`,
			p.ID, to, at)
	case ActResolve:
		if err = setExecutors(ctx, tx, p, st, at, &c); err != nil {
			return err
		}
		c.note = st.Resolution
		_, err = tx.Exec(ctx, `update petitions set state = $2, resolution_text = $3, resolution_by = $4, resolution_at = $5,
				version = version + 1, updated_at = $5
			where id = $1`, p.ID, to, st.Resolution, audit.ActorID(ctx), at)
	case ActReassign:
		if err = setExecutors(ctx, tx, p, st, at, &c); err != nil {
			return err
		}
		if c.note == "" {
			c.note = strings.Join(c.details["executors"].([]string), ", ")
		}
		_, err = tx.Exec(ctx, `update petitions set state = $2, version = version + 1, updated_at = $3 where id = $1`,
			p.ID, to, at)
	case ActAnswer:
		if err = s.saveAnswer(ctx, tx, p, st, at, &c); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `update petitions set state = $2, answered_on = $3, version = version + 1, updated_at = $4
			where id = $1`, p.ID, to, st.AnswerOn, at)
	case ActClose:
		_, err = tx.Exec(ctx, `update petitions set state = $2, closed_at = $3, version = version + 1, updated_at = $3
			where id = $1`, p.ID, to, at)
	case ActForward:
		var due *time.Time
		if due, err = s.forwardDue(ctx, tx, p); err != nil {
			return err
		}
		// Whether it went within the forwarding term: judged on the day of
		// the step, in Riga, against the term as it stands.
		var onTime *bool
		if due != nil {
			ok := !calendar.DateOf(at).After(*due)
			onTime = &ok
			c.details["forward_due_date"] = due.Format(time.DateOnly)
			c.details["on_time"] = ok
			c.summary = ", termiņā"
			if !ok {
				c.summary = ", pēc termiņa " + i18n.Date(*due)
			}
		}
		c.details["institution"] = st.Institution
		c.note = joinNote(st.Institution, c.note)
		c.notice = &noticeInfo{kind: "forwarding", institution: st.Institution}
		_, err = tx.Exec(ctx, `update petitions set state = $2, forwarded_to = $3, forwarded_on_time = $5,
				forward_due_date = $6, version = version + 1, updated_at = $4
			where id = $1`, p.ID, to, st.Institution, at, onTime, due)
	case ActUnexamined:
		c.note = st.Reason
		_, err = tx.Exec(ctx, `update petitions set state = $2, unexamined_reason = $3, version = version + 1, updated_at = $4
			where id = $1`, p.ID, to, st.Reason, at)
	case ActJoin:
		var target int64
		if target, err = joinTarget(ctx, tx, p, st.Target); err != nil {
			return err
		}
		c.details["joined_to"] = st.Target
		c.note = joinNote(st.Target, c.note)
		_, err = tx.Exec(ctx, `update petitions set state = $2, joined_to_id = $3, version = version + 1, updated_at = $4
			where id = $1`, p.ID, to, target, at)
	case ActExtend:
		var d Deadline
		if d, err = s.extendedDeadline(ctx, tx, p); err != nil {
			return err
		}
		c.details["before"] = p.LegalDueDate.Format(time.DateOnly)
		c.details["after"] = d.Due.Format(time.DateOnly)
		c.details["reason"] = st.Reason
		c.note = st.Reason
		c.notice = &noticeInfo{kind: "extension", newDue: d.Due, reason: st.Reason}
		c.summary = " līdz " + i18n.Date(d.Due)
		// The notice of extension tells the person the new date (when there
		// is anyone to tell).
		told := p.ToldDueDate
		if noticeChannel(p) != "" {
			told = &d.Due
		}
		_, err = tx.Exec(ctx, `update petitions set state = $2, due_date = $3, legal_due_date = $3, due_explanation = $4,
				extended = true, told_due_date = $6, version = version + 1, updated_at = $5
			where id = $1`, p.ID, to, d.Due, d, at, told)
	}
	if err != nil {
		return err
	}

	from := p.State
	if to == from {
		from, to = "", ""
	}
	var details any
	if len(c.details) > 0 {
		details = c.details
	}
	if err := AddEvent(ctx, tx, at, p.ID, string(act), from, to, c.note, details); err != nil {
		return err
	}
	if err := record(ctx, tx, "petition", p.ID, string(act), details, "Iesniegums %s: %s%s",
		p.RegNumber, i18n.T(lv, "petitions.action."+string(act)), c.summary); err != nil {
		return err
	}
	if c.notice != nil {
		return s.notify(ctx, tx, p, *c.notice, at)
	}
	return nil
}

// setExecutors replaces the resolution's executors with st's.
func setExecutors(ctx context.Context, tx pgx.Tx, p *Petition, st Step, at time.Time, c *change) error {
	if _, err := tx.Exec(ctx, `delete from petition_executors where petition_id = $1`, p.ID); err != nil {
		return err
	}
	by := audit.ActorID(ctx)
	names := []string{}
	for _, uid := range st.Users {
		var name string
		if err := tx.QueryRow(ctx, `insert into petition_executors (petition_id, user_id, due_date, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $4, $5) returning (select full_name from users where id = $2)`,
			p.ID, uid, st.ExecDue, at, by).Scan(&name); err != nil {
			return err
		}
		names = append(names, name)
	}
	for _, u := range st.Units {
		if _, err := tx.Exec(ctx, `insert into petition_executors (petition_id, unit, due_date, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $4, $5)`, p.ID, u, st.ExecDue, at, by); err != nil {
			return err
		}
		names = append(names, u)
	}
	c.details["executors"] = names
	c.details["due_date"] = st.ExecDue.Format(time.DateOnly)
	return nil
}

// saveAnswer registers the outgoing answer and its file.
func (s *Store) saveAnswer(ctx context.Context, tx pgx.Tx, p *Petition, st Step, at time.Time, c *change) error {
	by := audit.ActorID(ctx)
	_, err := tx.Exec(ctx, `insert into petition_answers (petition_id, reg_number, answered_on, channel, body, created_at, updated_at, created_by)
		values ($1, $2, $3, $4, $5, $6, $6, $7)`,
		p.ID, st.AnswerNumber, st.AnswerOn, st.AnswerChannel, st.AnswerText, at, by)
	if db.IsUnique(err, "petition_answers_reg_number_key") {
		return errs.Field("answer_number", "petitions.card.answer_number_taken")
	}
	if err != nil {
		return err
	}
	if st.AnswerFile != nil {
		f, err := s.files.SaveStaged(ctx, tx, st.AnswerFile)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into petition_files (petition_id, file_id, kind, created_at, created_by)
			values ($1, $2, 'answer', $3, $4)`, p.ID, f.ID, at, by); err != nil {
			return err
		}
		c.details["file"] = f.Name
	}
	c.details["answer_number"] = st.AnswerNumber
	c.details["answered_on"] = st.AnswerOn.Format(time.DateOnly)
	c.details["channel"] = st.AnswerChannel
	if c.note == "" {
		c.note = st.AnswerNumber
	}
	c.notice = &noticeInfo{kind: "answer", answerNumber: st.AnswerNumber, answerOn: st.AnswerOn,
		answerText: st.AnswerText, hasFile: st.AnswerFile != nil, answerChannel: string(st.AnswerChannel)}
	return nil
}

// joinTarget is the submission p is joined to, by its registration number.
func joinTarget(ctx context.Context, tx pgx.Tx, p *Petition, number string) (int64, error) {
	var id int64
	var state State
	err := tx.QueryRow(ctx, `select id, state from petitions where reg_number = $1`, number).Scan(&id, &state)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, errs.Field("target", "petitions.card.join_unknown")
	case err != nil:
		return 0, err
	case id == p.ID:
		return 0, errs.Field("target", "petitions.card.join_self")
	case state == Joined:
		return 0, errs.Field("target", "petitions.card.join_joined")
	}
	return id, nil
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + " — " + b
}

// extendedDeadline is the longer term, counted from receipt by the rule in
// force on that day. It reads through the caller's tx: a second pool
// connection taken while tx holds one exhausts the pool under concurrent
// requests.
func (s *Store) extendedDeadline(ctx context.Context, q db.Querier, p *Petition) (Deadline, error) {
	rules, err := rulesQ(ctx, q)
	if err != nil {
		return Deadline{}, err
	}
	rule, ok := RuleFor(rules, RuleExtended, p.ReceivedAt)
	if !ok {
		return Deadline{}, fmt.Errorf("no extended-term rule for %s", p.ReceivedAt.Format(time.DateOnly))
	}
	cal, err := s.calendar.Load(ctx, q)
	if err != nil {
		return Deadline{}, err
	}
	return ComputeDeadline(cal, rule, p.ReceivedAt)
}

// forwardDue is p's forwarding term, read through tx.
func (s *Store) forwardDue(ctx context.Context, tx pgx.Tx, p *Petition) (*time.Time, error) {
	cal, err := s.calendar.Load(ctx, tx)
	if err != nil {
		return nil, err
	}
	return s.forwardDueOf(ctx, tx, p, cal)
}

// notify tells the person inside tx, by their channel: e-mail goes through
// the outbox; post, in person and e-address (sent through the state's
// e-address system, outside PR Desk) wait for staff as "to print". Each
// notice is a row the card shows and a line of the timeline.
func (s *Store) notify(ctx context.Context, tx pgx.Tx, p *Petition, n noticeInfo, at time.Time) error {
	ch := noticeChannel(p)
	if ch == "" {
		return nil
	}
	status := "to_print"
	var outboxID *int64
	if ch == string(ReplyEmail) {
		subject, body := noticeText(s.baseURLOf(ctx), p, n)
		id, err := mail.Enqueue(ctx, tx, s.jobs, mail.Message{
			To: p.PersonEmail, ToName: p.PersonName, Subject: subject, Body: body,
			Entity: "petition", EntityID: p.ID,
		})
		if err != nil {
			return fmt.Errorf("notice mail: %w", err)
		}
		outboxID, status = &id, "queued"
	}
	var noticeID int64
	err := tx.QueryRow(ctx, `insert into petition_notices (petition_id, kind, channel, outbox_id, status, created_at, updated_at, created_by)
		values ($1, $2, $3, $4, $5, $6, $6, $7) returning id`,
		p.ID, n.kind, ch, outboxID, status, at, audit.ActorID(ctx)).Scan(&noticeID)
	if err != nil {
		return err
	}
	return AddEvent(ctx, tx, at, p.ID, "notice", "", "", "", map[string]any{
		"notice_id": noticeID, "kind": n.kind, "channel": ch, "status": status,
	})
}

// MarkNoticeHandedOver records that a notice waiting to be printed (or
// sent through the e-address system) has been handed over for delivery.
// A notice already marked, or not waiting, is errs.Conflict.
func (s *Store) MarkNoticeHandedOver(ctx context.Context, id, noticeID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := getForUpdate(ctx, tx, id)
		if err != nil {
			return err
		}
		a, err := actorOf(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := checkStep(actMarkNotice, p, a); err != nil {
			return err
		}
		at := s.now()
		var kind, ch string
		err = tx.QueryRow(ctx, `update petition_notices set status = 'handed_over', updated_at = $3
			where id = $1 and petition_id = $2 and status = 'to_print' returning kind, channel`, noticeID, p.ID, at).Scan(&kind, &ch)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("notice %d of %s is not waiting to be printed: %w", noticeID, p.RegNumber, errs.Conflict)
		}
		if err != nil {
			return err
		}
		details := map[string]any{"notice_id": noticeID, "kind": kind, "channel": ch, "status": "handed_over"}
		if err := AddEvent(ctx, tx, at, p.ID, "notice_sent", "", "", "", details); err != nil {
			return err
		}
		return record(ctx, tx, "petition", p.ID, "notice_sent", details,
			"Iesniegums %s: paziņojums personai atzīmēts kā nosūtīts", p.RegNumber)
	})
}

// RecentResolutions are the texts userID wrote in their latest
// resolutions, each once, the latest first, at most n: the resolution form
// offers them to be used again. Only the latest 200 resolutions are read
// (the index on resolution_by gives them in order).
func (s *Store) RecentResolutions(ctx context.Context, userID int64, n int) ([]string, error) {
	rows, _ := s.pool.Query(ctx, `select t from (select resolution_text t, resolution_at from petitions
			where resolution_by = $1 and resolution_text <> '' order by resolution_at desc limit 200) r
		group by t order by max(resolution_at) desc limit `+limitOf(n), userID)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
