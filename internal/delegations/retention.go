package delegations

import (
	"context"
	"net/http"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/web"
)

// RetentionArgs is the nightly job that empties the protocol details of
// the people of visits past the head's period.
type RetentionArgs struct{}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "delegations_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	store *Store
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := w.store.RunRetention(ctx)
	return err
}

// retentionNightly fires at 03:35 in Riga.
type retentionNightly struct{}

func (retentionNightly) Next(t time.Time) time.Time {
	l := t.In(i18n.Riga)
	n := time.Date(l.Year(), l.Month(), l.Day(), 3, 35, 0, 0, i18n.Riga)
	if !n.After(t) {
		n = time.Date(l.Year(), l.Month(), l.Day()+1, 3, 35, 0, 0, i18n.Riga)
	}
	return n
}

// RegisterRetention makes the job client run the retention every night,
// through the area's store (made with NewStore).
func RegisterRetention(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &retentionWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(retentionNightly{},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}

type retentionView struct {
	Preview Cleared
	Days    int
}

func (h *Handler) retentionPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := h.store.RetentionPreview(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	st, err := h.store.Settings(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, retentionPage(retentionView{Preview: p, Days: st.RetentionDays}))
}

func (h *Handler) runRetention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.store.RunRetention(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/delegations/retention", i18n.T(ctx, "delegations.retention.done", c.Delegations, c.People))
}
