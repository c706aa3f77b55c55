package visitors

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

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

// RetentionCutoff is the moment before which visits lose their personal
// details, at now with a period of days.
func RetentionCutoff(now time.Time, days int) time.Time { return now.AddDate(0, 0, -days) }

// MailRemoved replaces the recipient of a mail whose details were removed,
// as the petitions' retention does: the outbox's check wants an address.
const MailRemoved = "dzēsts"

// RetentionArgs is the nightly job that removes visitors' details past the period.
type RetentionArgs struct{}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "visitors_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	store *Store
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := w.store.Anonymize(ctx)
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

// RegisterRetention makes the job client clear visitors' details every
// night, through the area's store (made with NewStore).
func RegisterRetention(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &retentionWorker{store: store})
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
	prev, cur, err := h.store.RetentionPreview(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Preview, v.Cutoff = prev, RetentionCutoff(h.now(), cur.Days)
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
	f.Messages("visitors.retention_form")
	v := retentionView{DaysText: f.Text("days", true, 5), Retention: Retention{Version: f.Version()}}
	days := 0
	if f.Errors.Get("days") == "" {
		// A number out of bounds gets the same words as no number at all.
		if days, err = strconv.Atoi(v.DaysText); err != nil {
			days = -1
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.SetRetention(ctx, days, v.Retention.Version)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/retention", i18n.T(ctx, "visitors.log.retention_saved", i18n.M{"days": days}))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	h.renderRetention(w, r, status, v)
}
