package press

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Uses of the directory by interview requests.
const (
	UseInterviewJournalist = "interview_journalist" // asked for an interview
	UseInterviewOfficial   = "interview_official"   // was asked to give one
	UseInterviewOutlet     = "interview_outlet"     // the outlet that asked
)

func interviewEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "press_interview", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Intervijas pieprasījums #%d: ", id) + fmt.Sprintf(format, args...)}
}

const interviewColumns = `i.id, i.outlet_id, i.journalist_id, i.topic, i.questions, i.deadline_at, i.official_id, i.format, i.status,
	i.decline_reason, i.responsible_id, coalesce((select u.full_name from users u where u.id = i.responsible_id), ''),
	i.talking_points, i.agreed_at, i.agreed_minutes, i.published_url, i.version, i.created_at, i.updated_at,
	coalesce(i.idempotency_key, '')`

func scanInterview(row pgx.Row) (Interview, error) {
	var i Interview
	err := row.Scan(&i.ID, &i.OutletID, &i.JournalistID, &i.Topic, &i.Questions, &i.DeadlineAt, &i.OfficialID, &i.Format,
		&i.Status, &i.DeclineReason, &i.ResponsibleID, &i.ResponsibleName, &i.TalkingPoints, &i.AgreedAt, &i.AgreedMinutes,
		&i.PublishedURL, &i.Version, &i.CreatedAt, &i.UpdatedAt, &i.IdempotencyKey)
	return i, err
}

// Interview reads one request.
func (s *Store) Interview(ctx context.Context, id int64) (Interview, error) {
	i, err := scanInterview(s.pool.QueryRow(ctx, `select `+interviewColumns+` from press_interviews i where i.id = $1`, id))
	return i, db.NotFound(err, "press interview")
}

// InterviewByIdempotencyKey finds the request a form already created.
func (s *Store) InterviewByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from press_interviews where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "press interview by idempotency key")
}

func checkedInterview(i Interview) error {
	if p := i.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// checkInterviewContacts refuses, beside its field, a contact that is not
// in the directory or is of the wrong kind.
func checkInterviewContacts(ctx context.Context, tx pgx.Tx, i Interview) error {
	for _, c := range []struct {
		id    *int64
		kind  contacts.Kind
		field string
	}{{i.OutletID, contacts.Organisation, "outlet_id"}, {i.JournalistID, contacts.Person, "journalist_id"},
		{i.OfficialID, contacts.Person, "official_id"}} {
		if c.id != nil {
			if err := contacts.Exists(ctx, tx, *c.id, c.kind, c.field); err != nil {
				return err
			}
		}
	}
	return nil
}

// recordInterviewUses writes to the directory what each contact is to the
// request, and forgets what those of old no longer are.
func (s *Store) recordInterviewUses(ctx context.Context, tx pgx.Tx, id int64, old, now Interview) error {
	if s.contacts == nil {
		return nil
	}
	ref := "interviews/" + strconv.FormatInt(id, 10)
	for _, u := range []struct {
		kind     string
		was, now *int64
	}{{UseInterviewOutlet, old.OutletID, now.OutletID}, {UseInterviewJournalist, old.JournalistID, now.JournalistID},
		{UseInterviewOfficial, old.OfficialID, now.OfficialID}} {
		if idOf(u.was) == idOf(u.now) {
			continue
		}
		if u.was != nil {
			if err := s.contacts.ForgetUse(ctx, tx, *u.was, "press", u.kind, ref); err != nil {
				return err
			}
		}
		if u.now != nil {
			if err := s.contacts.RecordUse(ctx, tx, *u.now, "press", u.kind, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// CreateInterview saves a new request and returns its id.
func (s *Store) CreateInterview(ctx context.Context, i Interview) (int64, error) {
	if err := checkedInterview(i); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkInterviewContacts(ctx, tx, i); err != nil {
			return err
		}
		var key *string
		if i.IdempotencyKey != "" {
			key = &i.IdempotencyKey
		}
		now := s.now()
		err := tx.QueryRow(ctx, `insert into press_interviews (outlet_id, journalist_id, topic, questions, deadline_at, official_id,
				format, status, decline_reason, responsible_id, talking_points, agreed_at, agreed_minutes, published_url,
				idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17) returning id`,
			i.OutletID, i.JournalistID, i.Topic, i.Questions, i.DeadlineAt, i.OfficialID, i.Format, i.Status, i.DeclineReason,
			i.ResponsibleID, i.TalkingPoints, i.AgreedAt, i.AgreedMinutes, i.PublishedURL, key, now, audit.ActorID(ctx)).Scan(&id)
		if db.IsUnique(err, "press_interviews_idempotency_key_key") {
			return ErrDuplicateKey
		}
		if err != nil {
			return err
		}
		if err := s.recordInterviewUses(ctx, tx, id, Interview{}, i); err != nil {
			return err
		}
		e := interviewEntry(id, "create", "reģistrēts (statuss „%s”)", lvText("press.interview.status."+string(i.Status)))
		e.Details = map[string]any{"topic": i.Topic}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// UpdateInterview saves i over the request (i.ID, i.Version as drawn).
func (s *Store) UpdateInterview(ctx context.Context, i Interview) error {
	if err := checkedInterview(i); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := scanInterview(tx.QueryRow(ctx, `select `+interviewColumns+` from press_interviews i where i.id = $1 for update`, i.ID))
		if err != nil {
			return db.NotFound(err, "press interview")
		}
		if old.Version != i.Version {
			return errs.FieldConflict("topic", "errors.conflict")
		}
		if err := checkInterviewContacts(ctx, tx, i); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update press_interviews set outlet_id = $2, journalist_id = $3, topic = $4, questions = $5,
				deadline_at = $6, official_id = $7, format = $8, status = $9, decline_reason = $10, responsible_id = $11,
				talking_points = $12, agreed_at = $13, agreed_minutes = $14, published_url = $15, updated_at = $16,
				version = version + 1
			where id = $1`, i.ID, i.OutletID, i.JournalistID, i.Topic, i.Questions, i.DeadlineAt, i.OfficialID, i.Format, i.Status,
			i.DeclineReason, i.ResponsibleID, i.TalkingPoints, i.AgreedAt, i.AgreedMinutes, i.PublishedURL, s.now()); err != nil {
			return err
		}
		if err := s.recordInterviewUses(ctx, tx, i.ID, old, i); err != nil {
			return err
		}
		action, summary := "update", "labots"
		if old.Status != i.Status {
			action, summary = "status", fmt.Sprintf("statuss „%s” → „%s”", lvText("press.interview.status."+string(old.Status)),
				lvText("press.interview.status."+string(i.Status)))
		}
		e := interviewEntry(i.ID, action, "%s", summary)
		e.Details = audit.Diff([][3]any{{"topic", old.Topic, i.Topic}, {"status", old.Status, i.Status},
			{"deadline_at", timePtr(old.DeadlineAt), timePtr(i.DeadlineAt)}, {"agreed_at", timePtr(old.AgreedAt), timePtr(i.AgreedAt)},
			{"official_id", ptr(old.OfficialID), ptr(i.OfficialID)}, {"journalist_id", ptr(old.JournalistID), ptr(i.JournalistID)},
			{"decline_reason", old.DeclineReason, i.DeclineReason}, {"published_url", old.PublishedURL, i.PublishedURL}})
		return audit.Record(ctx, tx, e)
	})
}

// InterviewQuery is the list's filters.
type InterviewQuery struct {
	Closed bool // done and declined, newest first; otherwise the open ones by deadline
	// Status: only those; a closed status lists the closed ones whatever
	// Closed says.
	Status InterviewStatus
}

// InterviewsShown is the most requests the list shows.
const InterviewsShown = 200

// Interviews are the requests of q, at most InterviewsShown.
func (s *Store) Interviews(ctx context.Context, q InterviewQuery) ([]Interview, error) {
	return interviews(ctx, s.pool, q, InterviewsShown)
}

func interviews(ctx context.Context, from db.Querier, q InterviewQuery, limit int) ([]Interview, error) {
	cond, order := `i.status in ('new', 'agreeing', 'scheduled')`, `i.deadline_at nulls last, i.id`
	if q.Closed || (q.Status != "" && !q.Status.Open()) {
		cond, order = `i.status in ('done', 'declined')`, `i.created_at desc, i.id desc`
	}
	rows, _ := from.Query(ctx, `select `+interviewColumns+` from press_interviews i where `+cond+` and ($1 = '' or i.status = $1)
		order by `+order+` limit $2`, string(q.Status), limit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Interview, error) { return scanInterview(row) })
}

// InterviewsExported is the most requests one export holds.
const InterviewsExported = 10000

// ExportInterviews are the requests of q, at most InterviewsExported, read
// in one transaction with the audit entry of who exported how many.
func (s *Store) ExportInterviews(ctx context.Context, q InterviewQuery, format string) ([]Interview, error) {
	var out []Interview
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if out, err = interviews(ctx, tx, q, InterviewsExported); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "press_interview", EntityID: "export", Action: "export",
			Summary: fmt.Sprintf("Interviju pieprasījumu saraksts izgūts (%s, pieprasījumu skaits: %d)", format, len(out)),
			Details: map[string]any{"closed": q.Closed, "status": q.Status}})
	})
	return out, err
}

// ScheduledInterviews are the interviews agreed from a month back on, for
// the calendar.
func (s *Store) ScheduledInterviews(ctx context.Context) ([]Interview, error) {
	rows, _ := s.pool.Query(ctx, `select `+interviewColumns+` from press_interviews i
		where i.agreed_at >= $1 and i.status in ('scheduled', 'done') order by i.agreed_at, i.id limit 1000`, s.now().AddDate(0, -1, 0))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Interview, error) { return scanInterview(row) })
}

// InterviewTimeline is the request's history, newest first.
func (s *Store) InterviewTimeline(ctx context.Context, id int64) ([]TimelineLine, error) {
	rows, _ := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = 'press_interview' and entity_id = $1
		order by id desc limit 200`, strconv.FormatInt(id, 10))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}

// agreedEnd is when an agreed interview ends.
func agreedEnd(i Interview) time.Time {
	m := 60
	if i.AgreedMinutes != nil {
		m = *i.AgreedMinutes
	}
	return i.AgreedAt.Add(time.Duration(m) * time.Minute)
}
