package petitions

// Retention: once a case's retention period has run out, the personal data
// of its finished submissions is removed and the statistics stay. What goes:
// the person's name, personal code, address, e-mail and phone; the summary
// (written from the person's letter, it names people and addresses); the
// answer's text and files and the scans (letters to and from the person);
// and the recipient and text of the mail sent to them. What stays: number,
// case, type, channel, dates, state, addressee, executors, the answer's
// number, date and channel, the timeline, and the notices' fate, so Summary
// and the lists count the same after as before. The audit log records, for
// each submission, which fields and files went, never their content.

import (
	"context"
	"net/http"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/web"
)

// retentionDue is a finished submission whose personal data is due for removal.
type retentionDue struct {
	ID             int64     `db:"id"`
	RegNumber      string    `db:"reg_number"`
	CaseID         int64     `db:"case_id"`
	CaseIndex      string    `db:"case_index"`
	CaseTitle      string    `db:"case_title"`
	RetentionYears int       `db:"retention_years"`
	EndedAt        time.Time `db:"ended_at"`
	Files          int       `db:"files"`
}

// retentionCutoff is the first moment a submission of a case kept for years
// may not have ended at to be due at asOf. Archives count a retention
// period from 1 January of the year after the case was finished, so a
// submission closed on any day of 2020 and kept 5 years is due from
// 1 January 2026: due when it ended before 1 January of (asOf's year − years).
func retentionCutoff(asOf time.Time, years int) time.Time {
	return time.Date(asOf.In(i18n.Riga).Year()-years, time.January, 1, 0, 0, 0, 0, i18n.Riga)
}

// retentionCase is one case's share of what the job will remove.
type retentionCase struct {
	CaseIndex, Title string
	Years            int
	Cutoff           time.Time
	Items            []retentionDue
	Files            int
}

// retentionShown caps the numbers listed for one case; the count is always whole.
const retentionShown = 200

// retentionView is the preview of the next run.
type retentionView struct {
	AsOf    time.Time
	Cases   []retentionCase
	Total   int
	Files   int
	LastRun *lastRetentionRun
}

type lastRetentionRun struct {
	At      time.Time `db:"created_at"`
	Actor   string    `db:"actor_name"`
	Summary string    `db:"summary"`
}

func groupRetention(due []retentionDue, asOf time.Time) []retentionCase {
	var out []retentionCase
	for _, d := range due {
		if len(out) == 0 || out[len(out)-1].CaseIndex != d.CaseIndex {
			out = append(out, retentionCase{CaseIndex: d.CaseIndex, Title: d.CaseTitle, Years: d.RetentionYears,
				Cutoff: retentionCutoff(asOf, d.RetentionYears)})
		}
		c := &out[len(out)-1]
		c.Items = append(c.Items, d)
		c.Files += d.Files
	}
	return out
}

// retention shows what the job will remove if it runs now.
func (h *Handler) retention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := retentionView{AsOf: h.deps.Now()}
	due, err := h.store.retentionDueAt(ctx, v.AsOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Cases = groupRetention(due, v.AsOf)
	for _, c := range v.Cases {
		v.Total += len(c.Items)
		v.Files += c.Files
	}
	if v.LastRun, err = h.store.lastRetentionRun(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, retentionPage(v))
}

// retentionStale is how old a preview may be when its button is pressed.
const retentionStale = time.Hour

// retentionRun removes now what the preview showed: the run is as of the
// moment the preview was drawn, so nothing that page did not list goes.
func (h *Handler) retentionRun(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	asOf, err := time.Parse(time.RFC3339Nano, f.Raw("as_of"))
	now := h.deps.Now()
	if err != nil || asOf.After(now) {
		web.Error(w, r, errs.Invalid)
		return
	}
	if now.Sub(asOf) > retentionStale {
		web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/retention", i18n.T(ctx, "petitions.data.retention_stale"))
		return
	}
	due, err := h.store.retentionDueAt(ctx, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if len(due) > retentionInline {
		// The first run after years of keeping everything can be thousands of
		// transactions: the job client does it, as of the same moment, in the
		// name of whoever pressed the button.
		if err := h.store.ScheduleRetention(ctx, asOf); err != nil {
			web.Error(w, r, err)
			return
		}
		web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/retention",
			i18n.T(ctx, "petitions.data.retention_queued", i18n.Number(int64(len(due)))))
		return
	}
	res, err := h.store.RemoveExpiredPersonalData(ctx, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/retention",
		i18n.T(ctx, "petitions.data.retention_done", i18n.M{"n": i18n.Number(int64(res.Petitions)), "files": i18n.Number(int64(res.Files))}))
}

// retentionInline is how many submissions the button clears while the
// person waits; more go to the job client.
const retentionInline = 300

// RetentionArgs is the job removing expired personal data: nightly as of
// its run, or as of a preview a user confirmed.
type RetentionArgs struct {
	AsOf   time.Time `json:"as_of,omitzero"`
	UserID int64     `json:"user_id,omitempty"` // who confirmed it; 0: the system
}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "petitions_retention" }

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
	_, err := w.store.RemoveExpiredPersonalData(ctx, asOf)
	return err
}

// Timeout leaves a first run over a large registry time to finish; what it
// does not finish, the next run does.
func (w *retentionWorker) Timeout(*river.Job[RetentionArgs]) time.Duration { return time.Hour }

// RegisterRetention makes the job client remove expired personal data every
// night, when nobody is working in the registry.
// It needs d's Pool, Files and Now.
func RegisterRetention(reg *jobs.Registry, d Deps) {
	jobs.Add(reg, &retentionWorker{store: NewStore(d), users: auth.NewUsers(d.Pool)})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: 3, Minute: 15},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
