package visitors

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/web"
)

// RetentionKey is the settings row holding how many days after a visit the
// visitor's personal details are kept.
const RetentionKey = "visitors.retention_days"

// Bounds of the retention period staff may set; the default is a year.
const (
	DefaultRetentionDays = 365
	MinRetentionDays     = 30
	MaxRetentionDays     = 3650
)

// Retention is the setting with its version, for the form.
type Retention struct {
	Days    int
	Version int
}

// Retention reads the setting; a missing row is the default.
func (s *Store) Retention(ctx context.Context) (Retention, error) {
	return retention(ctx, s.pool)
}

func retention(ctx context.Context, q db.Querier) (Retention, error) {
	r := Retention{Days: DefaultRetentionDays}
	err := q.QueryRow(ctx, `select value::int, version from settings where key = $1`, RetentionKey).Scan(&r.Days, &r.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	return r, err
}

// SetRetention stores days if the setting is still at version, with its
// audit record; a changed one gives errs.Conflict.
func (s *Store) SetRetention(ctx context.Context, days, version int) error {
	if days < MinRetentionDays || days > MaxRetentionDays {
		return fmt.Errorf("retention of %d days: %w", days, errs.Invalid)
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var before int
		err := tx.QueryRow(ctx, `select value::int from settings where key = $1 and version = $2 for update`,
			RetentionKey, version).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return errs.Conflict
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			update settings set value = to_jsonb($2::int), version = version + 1, updated_at = now(), updated_by = $3
			where key = $1`, RetentionKey, days, actorID(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Entity: "setting", EntityID: RetentionKey, Action: "update",
			Summary: fmt.Sprintf("Apmeklētāju personas datu glabāšanas termiņš: %d dienas", days),
			Details: audit.Diff([][3]any{{"value", before, days}}),
		})
	})
}

// Cleared is what one retention run removed the details of, by kind.
type Cleared struct {
	Bookings int `json:"bookings"`
	Log      int `json:"log_entries"`
	Queue    int `json:"queue_tickets"`
	Waitlist int `json:"waitlist_entries"`
	Mail     int `json:"mails"`
}

// clearedKind is one line of the preview.
type clearedKind struct {
	Key string
	N   int
}

// kinds lists the counts in the order the page shows them.
func (c Cleared) kinds() []clearedKind {
	return []clearedKind{{"bookings", c.Bookings}, {"log", c.Log}, {"queue", c.Queue}, {"waitlist", c.Waitlist}, {"mail", c.Mail}}
}

// cutoff is the moment before which visits lose their personal details.
func retentionCutoff(now time.Time, days int) time.Time { return now.AddDate(0, 0, -days) }

// mailRemoved replaces the recipient of a mail whose details were removed,
// as the petitions' retention does: the outbox's check wants an address.
const mailRemoved = "dzēsts"

// What is due at the cutoff $1, by kind; the preview counts with the same
// conditions the run updates with.
const (
	dueBookings = `anonymized_at is null and upper(slot) < $1`
	dueLog      = `anonymized_at is null and came_at < $1`
	// Every ticket of a day before the cutoff, booked or walk-in: a walk-in's
	// name and topic are on the ticket, and anyone's outcome.
	dueQueue = `anonymized_at is null and checked_in_at < $1`
	// An entry taken off the list goes a period after it was taken off; any
	// other (waiting, or served by a booking) a period after it joined. A
	// booking that served an entry was made after it joined, and its visit
	// came later still, so an entry never outlives the contacts its booking
	// is matched by (see waiting): it cannot come back onto the list.
	dueWaitlist = `anonymized_at is null and coalesce(removed_at, created_at) < $1`
	// Visitors' mail that went out (or gave up) before the cutoff: the
	// confirmations, reminders and notices about bookings. Pending mail is
	// left to be sent.
	dueMail = `entity = 'booking' and status <> 'pending' and to_address <> '` + mailRemoved + `' and created_at < $1`
)

// RetentionPreview counts what a run at now would clear.
func (s *Store) RetentionPreview(ctx context.Context) (Cleared, Retention, error) {
	var c Cleared
	r, err := s.Retention(ctx)
	if err != nil {
		return c, r, err
	}
	before := retentionCutoff(s.now(), r.Days)
	err = s.pool.QueryRow(ctx, `
		select (select count(*) from visit_bookings where `+dueBookings+`),
		       (select count(*) from visit_log where `+dueLog+`),
		       (select count(*) from visit_queue where `+dueQueue+`),
		       (select count(*) from visit_waitlist where `+dueWaitlist+`),
		       (select count(*) from mail_outbox where `+dueMail+`)`, before).
		Scan(&c.Bookings, &c.Log, &c.Queue, &c.Waitlist, &c.Mail)
	return c, r, err
}

// Anonymize blanks the personal details of visits older than the retention
// period, keeping the rows (and so every count), in one transaction with one
// audit entry holding the counts of each kind. Bookings lose name, phone,
// e-mail, topic, personal code, the help needed, the override reason and the
// notes of their history; log entries lose the person's name and purpose;
// queue tickets the walk-in's name and topic and the outcome; waiting-list
// entries name, phone, e-mail, topic and the reason they were taken off
// (an entry still waiting leaves the list); visitors' mail its recipient,
// text and last error.
func Anonymize(ctx context.Context, pool *pgxpool.Pool, now time.Time) (Cleared, error) {
	var c Cleared
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		r, err := retention(ctx, tx)
		if err != nil {
			return err
		}
		before := retentionCutoff(now, r.Days)
		rows, _ := tx.Query(ctx, `
			update visit_bookings set visitor_name = '', phone = '', email = '', topic = '', accessibility = '',
			       person_code = '', override_reason = '', anonymized_at = $2, updated_at = $2, version = version + 1
			where `+dueBookings+` returning id`, before, now)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("anonymize bookings: %w", err)
		}
		c.Bookings = len(ids)
		if _, err := tx.Exec(ctx, `update visit_booking_events set note = '' where booking_id = any($1) and note <> ''`, ids); err != nil {
			return fmt.Errorf("anonymize booking history: %w", err)
		}
		for _, u := range []struct {
			what, sql string
			n         *int
		}{
			{"visitor log", `update visit_log set person_name = '', purpose = '', anonymized_at = $2, updated_at = $2,
				version = version + 1 where ` + dueLog, &c.Log},
			{"queue", `update visit_queue set visitor_name = '', topic = '', outcome = '', anonymized_at = $2,
				updated_at = $2, version = version + 1 where ` + dueQueue, &c.Queue},
			{"waiting list", `update visit_waitlist set visitor_name = '', phone = '', email = '', topic = '',
				removed_reason = '', anonymized_at = $2, updated_at = $2, version = version + 1 where ` + dueWaitlist, &c.Waitlist},
			{"mail", `update mail_outbox set to_address = '` + mailRemoved + `', to_name = '', body_text = '', last_error = '',
				updated_at = $2 where ` + dueMail, &c.Mail},
		} {
			tag, err := tx.Exec(ctx, u.sql, before, now)
			if err != nil {
				return fmt.Errorf("anonymize %s: %w", u.what, err)
			}
			*u.n = int(tag.RowsAffected())
		}
		return audit.RecordAs(ctx, tx, audit.System, audit.Entry{
			Entity: "visitors_retention", EntityID: now.Unix(), Action: "anonymize",
			Summary: fmt.Sprintf("Dzēsti apmeklētāju personas dati, kas vecāki par %d dienām: %d pieraksti, %d žurnāla ieraksti, "+
				"%d rindas biļetes, %d gaidītāju saraksta ieraksti, %d e-pasta vēstules",
				r.Days, c.Bookings, c.Log, c.Queue, c.Waitlist, c.Mail),
			Details: c,
		})
	})
	return c, err
}

// RetentionArgs is the retentionNightly job that removes visitors' details past the period.
type RetentionArgs struct{}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "visitors_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	pool *pgxpool.Pool
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := Anonymize(ctx, w.pool, time.Now())
	return err
}

// retentionNightly fires at 03:15 in Riga, when no one is at the front desk; a fixed
// time of day, unlike an interval, still comes round when the server is
// restarted more often than daily.
type retentionNightly struct{}

func (retentionNightly) Next(t time.Time) time.Time {
	l := t.In(i18n.Riga)
	n := time.Date(l.Year(), l.Month(), l.Day(), 3, 15, 0, 0, i18n.Riga)
	if !n.After(t) {
		n = time.Date(l.Year(), l.Month(), l.Day()+1, 3, 15, 0, 0, i18n.Riga)
	}
	return n
}

// RegisterRetention makes the job client clear visitors' details every night.
func RegisterRetention(reg *jobs.Registry, pool *pgxpool.Pool) {
	jobs.Add(reg, &retentionWorker{pool: pool})
	reg.Periodic(river.NewPeriodicJob(retentionNightly{},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}

type retentionView struct {
	Retention Retention
	DaysText  string
	Preview   Cleared
	Cutoff    time.Time
	Errors    form.Errors
}

func (h *Handler) retentionPage(w http.ResponseWriter, r *http.Request) {
	h.renderRetention(w, r, http.StatusOK, retentionView{})
}

func (h *Handler) renderRetention(w http.ResponseWriter, r *http.Request, status int, v retentionView) {
	ctx := r.Context()
	prev, cur, err := h.store.RetentionPreview(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Preview, v.Cutoff = prev, retentionCutoff(h.store.now(), cur.Days)
	switch {
	case !v.Errors.Any():
		v.Retention, v.DaysText = cur, strconv.Itoa(cur.Days)
	case status == http.StatusConflict:
		// What was typed stays, against the value now stored.
		v.Retention = cur
	}
	web.Render(w, r, status, retentionPage(v))
}

func (h *Handler) setRetention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := retentionView{DaysText: f.Text("days", true, 5), Retention: Retention{Version: f.Version()}}
	days, convErr := strconv.Atoi(v.DaysText)
	if f.Errors.Get("days") == "" && (convErr != nil || days < MinRetentionDays || days > MaxRetentionDays) {
		f.Add("days", "visitors.log.err_days", i18n.M{"min": MinRetentionDays, "max": MaxRetentionDays})
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.SetRetention(ctx, days, v.Retention.Version)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/retention", i18n.T(ctx, "visitors.log.retention_saved", i18n.M{"days": days}))
			return
		case errors.Is(err, errs.Conflict):
			f.Add("days", "visitors.log.err_stale")
			status = http.StatusConflict
		default:
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	h.renderRetention(w, r, status, v)
}
