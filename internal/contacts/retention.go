package contacts

// Retention: people (never organisations) whose legal basis has lapsed lose
// their personal data: those whose consent is older than the period staff
// set, and those nobody has used or updated for the years staff set. The
// head sees a preview first (the counts and who would go), then runs it by
// hand; a job runs it every night. See EraseLapsed for what goes and what
// stays.

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/web"
)

// retentionView is the settings form and the preview of the next run.
type retentionView struct {
	Preview
	ConsentText, IdleText string
	Errors                form.Errors
	CanRun                bool // the head's: change the periods and run
	CanSeeNames           bool
	LastRun               *LastRetentionRun
}

func (h *Handler) retentionPage(w http.ResponseWriter, r *http.Request) {
	h.renderRetention(w, r, http.StatusOK, retentionView{})
}

func (h *Handler) renderRetention(w http.ResponseWriter, r *http.Request, status int, v retentionView) {
	ctx := r.Context()
	p, err := h.store.RetentionPreview(ctx, h.now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	typed := v.Errors.Any()
	consent, idle := v.ConsentText, v.IdleText
	v.Preview = p
	if typed {
		v.ConsentText, v.IdleText = consent, idle
	} else {
		v.ConsentText, v.IdleText = strconv.Itoa(p.Retention.ConsentYears), strconv.Itoa(p.Retention.IdleYears)
	}
	u := auth.UserFrom(ctx)
	v.CanRun, v.CanSeeNames = u.Can(auth.ContactsRetention), u.Can(auth.AreaContacts)
	if v.LastRun, err = h.store.lastRetentionRun(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, retentionPage(v))
}

// setRetention saves both periods.
func (h *Handler) setRetention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.retention.form")
	v := retentionView{ConsentText: f.Raw("consent_years"), IdleText: f.Raw("idle_years")}
	ret := Retention{
		ConsentYears: f.Int("consent_years", true, MinRetentionYears, MaxRetentionYears),
		IdleYears:    f.Int("idle_years", true, MinRetentionYears, MaxRetentionYears),
		Version:      f.Version(),
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.SetRetention(ctx, ret)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/contacts/retention", i18n.T(ctx, "contacts.retention.saved"))
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

// retentionStale is how old a preview may be when its button is pressed.
const retentionStale = time.Hour

// retentionInline is how many people the button clears while the head
// waits; more go to the job client.
const retentionInline = 2000

// retentionRun removes what the preview showed, as of the moment it was
// drawn.
func (h *Handler) retentionRun(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	now := h.now()
	asOf, err := time.Parse(time.RFC3339Nano, f.Raw("as_of"))
	if err != nil || asOf.After(now) {
		web.Error(w, r, errs.Invalid)
		return
	}
	if now.Sub(asOf) > retentionStale {
		web.RedirectWithFlash(w, r, h.sessions, "/contacts/retention", i18n.T(ctx, "contacts.retention.stale"))
		return
	}
	p, err := h.store.RetentionPreview(ctx, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if p.Total() > retentionInline && h.jobs != nil {
		if err := h.store.ScheduleRetention(ctx, h.jobs, asOf); err != nil {
			web.Error(w, r, err)
			return
		}
		web.RedirectWithFlash(w, r, h.sessions, "/contacts/retention",
			i18n.T(ctx, "contacts.retention.queued", i18n.Number(int64(p.Total()))))
		return
	}
	res, err := h.store.EraseLapsed(ctx, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/contacts/retention",
		i18n.T(ctx, "contacts.retention.done", i18n.Number(int64(res.Total()))))
}

// RetentionArgs is the job removing lapsed people's data: nightly as of
// its run, or as of a preview the head confirmed.
type RetentionArgs struct {
	AsOf   time.Time `json:"as_of,omitzero"`
	UserID int64     `json:"user_id,omitempty"` // who confirmed it; 0: the system
}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "contacts_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	store *Store
	users *auth.Users
}

func (w *retentionWorker) Work(ctx context.Context, job *river.Job[RetentionArgs]) error {
	asOf := job.Args.AsOf
	if asOf.IsZero() {
		asOf = w.store.now()
	}
	if job.Args.UserID != 0 {
		u, err := w.users.ByID(ctx, job.Args.UserID)
		if err != nil {
			return err
		}
		ctx = auth.WithUser(ctx, u)
	}
	_, err := w.store.EraseLapsed(ctx, asOf)
	return err
}

// Timeout leaves a first run over a large directory time to finish.
func (w *retentionWorker) Timeout(*river.Job[RetentionArgs]) time.Duration { return time.Hour }

// RegisterRetention makes the job client remove lapsed people's data every
// night at 03:30, after the registry's and the visitors' runs.
func RegisterRetention(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &retentionWorker{store: store, users: auth.NewUsers(store.pool)})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: 3, Minute: 30},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}

// lapsedReasonText names why a person goes.
func lapsedReasonText(ctx context.Context, l Lapsed) string {
	if l.Reason == "consent" && l.ConsentDate != nil {
		return i18n.T(ctx, "contacts.retention.reason_consent", i18n.Date(*l.ConsentDate))
	}
	return i18n.T(ctx, "contacts.retention.reason_idle", i18n.Date(l.LastActive))
}
