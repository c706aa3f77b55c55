package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/backup"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/reports"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// buildJobs registers every area's workers and builds the job client,
// without starting it: handlers insert jobs through it from the first
// request, while only Serve works them.
func (a *App) buildJobs() error {
	reg := jobs.NewRegistry()
	if err := mail.Register(reg, a.pool, mail.Config{SMTPURL: a.cfg.SMTPURL, From: a.cfg.MailFrom, Demo: a.cfg.Demo, Now: a.cfg.Now, Logger: a.cfg.Logger}); err != nil {
		return err
	}
	files.RegisterSweep(reg, a.files)
	audit.RegisterSealing(reg, a.pool)
	petitions.RegisterRetention(reg, petitions.Deps{Pool: a.pool, Files: a.files, Calendar: a.calendar, Now: a.cfg.Now,
		BaseURL: a.cfg.JobBaseURL()})
	petitions.RegisterDeadlines(reg, petitions.Deps{Pool: a.pool, Calendar: a.calendar, Now: a.cfg.Now})
	// The jobs' store sends no mail of its own: the reminders go through the client that runs them.
	vs := visitors.NewStore(visitors.Deps{Pool: a.pool, Calendar: a.calendar, Now: a.cfg.Now})
	visitors.RegisterRetention(reg, vs)
	visitors.RegisterReminders(reg, vs)
	twincities.RegisterReminders(reg, twincities.NewStore(twincities.Deps{Pool: a.pool, Files: a.files, Now: a.cfg.Now}))
	contacts.RegisterRetention(reg, contacts.NewStore(contacts.Deps{Pool: a.pool, Now: a.cfg.Now}))
	press.RegisterSending(reg, press.NewStore(press.Deps{Pool: a.pool, Now: a.cfg.Now}))
	press.RegisterRetention(reg, press.NewStore(press.Deps{Pool: a.pool, Now: a.cfg.Now}))
	press.RegisterReminders(reg, press.NewStore(press.Deps{Pool: a.pool, Now: a.cfg.Now}))
	monitoring.RegisterSchedule(reg, monitoring.NewStore(monitoring.Deps{Pool: a.pool, Now: a.cfg.Now, BaseURL: a.cfg.JobBaseURL()}))
	reports.RegisterSchedule(reg, reports.Deps{Pool: a.pool, Now: a.cfg.Now, BaseURL: a.cfg.JobBaseURL()})
	// The demo's feeds are of real sites: it reads one only when a person asks.
	monitoring.RegisterFeedReads(reg, monitoring.NewStore(monitoring.Deps{Pool: a.pool, Feeds: a.cfg.Feeds, Now: a.cfg.Now}), !a.cfg.Demo)
	awards.RegisterRetention(reg, awards.NewStore(awards.Deps{Pool: a.pool, Files: a.files, Now: a.cfg.Now}))
	delegations.RegisterRetention(reg, delegations.NewStore(delegations.Deps{Pool: a.pool, Now: a.cfg.Now}))
	// Backups write to a folder and run pg_dump: not for the demo.
	backup.Register(reg, a.BackupConfig(), a.cfg.BackupAt, a.cfg.BackupNightly && !a.cfg.Demo)
	a.jobQueues = reg.Queues()
	c, err := jobs.New(a.pool, reg, jobs.Options{})
	if err != nil {
		return err
	}
	a.jobClient = c
	// A change to the calendar queues, in its own transaction, the
	// recomputation of the registry's due dates.
	a.calendar.OnChange(petitions.CalendarHook(c))
	return nil
}

// Jobs is the job client: areas pass it to mail.Enqueue or InsertTx, and
// tests work queued jobs with jobs.WorkDue(ctx, a.Jobs(), queue).
func (a *App) Jobs() *jobs.Client { return a.jobClient }

// startJobs starts working jobs. The client outlives ctx on purpose:
// cancelling the context given to Start would cancel running jobs (a mail
// half sent), so shutdown goes through stopJobs instead.
func (a *App) startJobs(ctx context.Context) error {
	return a.jobClient.Start(context.WithoutCancel(ctx))
}

// stopJobs lets running jobs finish (River cancels any still running after
// its soft-stop timeout); jobs not yet started stay queued for the next start.
func (a *App) stopJobs() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	slog.Info("shutting down: finishing background jobs")
	if err := jobs.Stop(ctx, a.jobClient); err != nil {
		slog.Warn("background jobs did not stop cleanly", "err", err)
	}
}

// BackupConfig is where the nightly backup (and prdesk backup) reads and writes.
func (a *App) BackupConfig() backup.Config {
	return a.cfg.BackupConfig(a.pool)
}
