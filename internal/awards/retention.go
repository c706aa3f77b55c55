package awards

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

type retentionView struct {
	P         RetentionPreview
	YearsText string
	Errors    form.Errors
}

func (h *Handler) retentionPage(w http.ResponseWriter, r *http.Request) {
	h.renderRetention(w, r, http.StatusOK, retentionView{})
}

func (h *Handler) renderRetention(w http.ResponseWriter, r *http.Request, status int, v retentionView) {
	p, err := h.store.Preview(r.Context(), h.now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.P = p
	if !v.Errors.Any() {
		v.YearsText = strconv.Itoa(p.Years)
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
	f.Messages("awards.retention")
	years := f.Int("years", true, 1, 50)
	version := f.Version()
	status, done := web.SaveEdit(w, r, h.sessions, f, "/awards/retention", "awards.retention.saved", func() error {
		return h.store.SetRetentionYears(ctx, years, version)
	})
	if done {
		return
	}
	h.renderRetention(w, r, status, retentionView{YearsText: f.Raw("years"), Errors: f.Errors})
}

// retentionStale is how old the counts may be when their button is pressed.
const retentionStale = time.Hour

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
		web.RedirectWithFlash(w, r, h.sessions, "/awards/retention", i18n.T(ctx, "awards.retention.stale"))
		return
	}
	n, err := h.store.RemoveExpired(ctx, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/awards/retention", i18n.T(ctx, "awards.retention.done", i18n.Number(int64(n))))
}

// RetentionArgs is the nightly job removing nominations' expired personal data.
type RetentionArgs struct{}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "awards_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	store *Store
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := w.store.RemoveExpired(ctx, w.store.now())
	return err
}

// RegisterRetention makes the job client remove the nominations' expired
// personal data every night at 04:05.
func RegisterRetention(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &retentionWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: 4, Minute: 5},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
