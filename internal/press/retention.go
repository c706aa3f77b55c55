package press

// Retention: the area removes the personal data it holds after the periods
// the head sets: the journalists' accreditations some months after their
// event, and whom a statement in an emergency was entered for some years
// after the emergency. The head sees the counts a run would remove first,
// then runs it by hand; a job runs it every night. See RemoveExpired for
// what goes and what stays. The delivery records' addresses stay as long
// as the release's sending record.

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/web"
)

// retentionView is the settings form and the counts of the next run.
type retentionView struct {
	RetentionDue
	MonthsText, YearsText string
	Errors                form.Errors
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
	months, years := v.MonthsText, v.YearsText
	v.RetentionDue = p
	if v.Errors.Any() {
		v.MonthsText, v.YearsText = months, years
	} else {
		v.MonthsText, v.YearsText = strconv.Itoa(p.Retention.AccreditationMonths), strconv.Itoa(p.Retention.StatementYears)
	}
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
	f.Messages("press.retention.form")
	v := retentionView{MonthsText: f.Raw("accreditation_months"), YearsText: f.Raw("statement_years")}
	ret := Retention{
		AccreditationMonths: f.Int("accreditation_months", true, MinAccreditationMonths, MaxAccreditationMonths),
		StatementYears:      f.Int("statement_years", true, MinStatementYears, MaxStatementYears),
		Version:             f.Version(),
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.SetRetention(ctx, ret)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/press/retention", i18n.T(ctx, "press.retention.saved"))
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

// retentionStale is how old the counts may be when their button is pressed.
const retentionStale = time.Hour

// retentionRun removes what the page counted, as of the moment it was
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
		web.RedirectWithFlash(w, r, h.sessions, "/press/retention", i18n.T(ctx, "press.retention.stale"))
		return
	}
	res, err := h.store.RemoveExpired(ctx, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/press/retention",
		i18n.T(ctx, "press.retention.done", i18n.Number(int64(res.Accreditations)), i18n.Number(int64(res.Statements))))
}

// RetentionArgs is the nightly job removing the area's expired personal
// data as of its run.
type RetentionArgs struct{}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "press_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	store *Store
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := w.store.RemoveExpired(ctx, w.store.now())
	return err
}

// RegisterRetention makes the job client remove the area's expired
// personal data every night at 03:45, after the directory's run.
func RegisterRetention(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &retentionWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: 3, Minute: 45},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
