package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Args is the nightly backup job.
type Args struct{}

// Kind names the job in River's table.
func (Args) Kind() string { return "backup" }

// InsertOpts: a failed night is tried twice more, then left for the next
// night (and the log); never two backups queued at once.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
}

type worker struct {
	river.WorkerDefaults[Args]
	cfg Config
}

func (w *worker) Work(ctx context.Context, _ *river.Job[Args]) error {
	dir, m, err := Run(ctx, w.cfg)
	if errors.Is(err, ErrIncomplete) {
		// Written, and as good as FILES_DIR allows: trying again would
		// only push a good old backup out.
		slog.Error("backup written without some stored files", "dir", dir, "missing", len(m.Files.Missing), "err", err)
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	slog.Info("backup written", "dir", dir, "dump_bytes", m.Database.Size, "files", m.Files.Count,
		"files_bytes", m.Files.Size, "seconds", m.Seconds)
	return nil
}

// Timeout leaves a large database hours to dump and copy.
func (w *worker) Timeout(*river.Job[Args]) time.Duration { return 6 * time.Hour }

// At is a time of day in Riga.
type At struct{ Hour, Minute int }

// DefaultAt is when the nightly backup runs unless BACKUP_AT says otherwise:
// before the registry's and the other areas' nightly runs.
var DefaultAt = At{2, 30}

// ParseAt reads BACKUP_AT: "HH:MM" (Riga time), or "off" for no nightly
// backup (false).
func ParseAt(s string) (At, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultAt, true, nil
	}
	if strings.EqualFold(s, "off") {
		return At{}, false, nil
	}
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(mm) != 2 {
		return At{}, false, fmt.Errorf("want a time of day such as 02:30, or off, not %q", s)
	}
	return At{h, m}, true, nil
}

// Next is the schedule's next time after t.
func (a At) Next(t time.Time) time.Time {
	l := t.In(i18n.Riga)
	next := time.Date(l.Year(), l.Month(), l.Day(), a.Hour, a.Minute, 0, 0, i18n.Riga)
	if !next.After(t) {
		next = time.Date(l.Year(), l.Month(), l.Day()+1, a.Hour, a.Minute, 0, 0, i18n.Riga)
	}
	return next
}

// Register adds the backup job's worker, and, when scheduled, makes the
// job client run it every night at at.
func Register(reg *jobs.Registry, cfg Config, at At, scheduled bool) {
	jobs.Add(reg, &worker{cfg: cfg})
	if scheduled {
		reg.Periodic(river.NewPeriodicJob(at,
			func() (river.JobArgs, *river.InsertOpts) { return Args{}, nil },
			&river.PeriodicJobOpts{RunOnStart: false}))
	}
}
