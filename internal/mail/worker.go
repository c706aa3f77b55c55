package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// MailWorkers is how many mails are sent at once; SMTP relays throttle
// clients that open many connections.
const MailWorkers = 2

// Register adds the mail worker to reg. How mail leaves depends on cfg:
//
//   - SMTPURL set: over SMTP.
//   - no SMTPURL, demo mode: each mail is written to the log and marked sent.
//   - no SMTPURL otherwise: a warning is logged and the mail queue is not
//     worked, so mail stays pending (outbox row and job both wait) until the
//     server is restarted with SMTP_URL. Refusing to start would take the
//     whole intranet down for want of mail; marking mail sent would lie.
func Register(reg *jobs.Registry, pool *pgxpool.Pool, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	from, _ := netmail.ParseAddress(cfg.From)
	w := &worker{pool: pool, logger: logger, now: cfg.Now}
	switch {
	case cfg.SMTPURL != "":
		s, _ := ParseSMTPURL(cfg.SMTPURL)
		w.sender = smtpSender{settings: s, from: from}
	case cfg.Demo:
		w.sender = logSender{logger: logger}
	default:
		logger.Warn("SMTP_URL is not set: outgoing mail stays pending in mail_outbox until the server restarts with it")
	}
	// The worker is registered even when it cannot send, so that Enqueue's
	// InsertTx accepts the job kind.
	jobs.Add(reg, w)
	if w.sender != nil {
		reg.Queue(Queue, MailWorkers)
	}
	return nil
}

type worker struct {
	river.WorkerDefaults[SendArgs]
	pool   *pgxpool.Pool
	logger *slog.Logger
	sender sender
	now    func() time.Time
}

// retryDelays are the waits after attempts 1, 2, …: quick at first for a
// blip, then longer for a mail server that is down.
var retryDelays = [...]time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour,
}

func (w *worker) NextRetry(job *river.Job[SendArgs]) time.Time {
	if w.now == nil {
		return time.Time{} // River's default policy
	}
	i := min(max(job.Attempt-1, 0), len(retryDelays)-1)
	return w.now().Add(retryDelays[i])
}

func (w *worker) Timeout(*river.Job[SendArgs]) time.Duration { return 2 * time.Minute }

func (w *worker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	if w.sender == nil {
		// Only reachable if another client works the mail queue; wait for one that can send.
		return river.JobSnooze(time.Hour)
	}
	o, err := Get(ctx, w.pool, job.Args.OutboxID)
	if errors.Is(err, errs.NotFound) {
		return river.JobCancel(fmt.Errorf("outbox row %d does not exist", job.Args.OutboxID))
	}
	if err != nil {
		return err
	}
	if o.Status != StatusPending {
		// An earlier run sent it (or gave up) and the job ran again.
		return nil
	}
	atts, err := Attachments(ctx, w.pool, o.ID)
	if err != nil {
		return err
	}
	for _, a := range atts {
		if a.Content == nil {
			// Only a pending row keeps its bytes; one without them cannot be sent as queued.
			return river.JobCancel(fmt.Errorf("outbox row %d: the bytes of attachment %q are gone", o.ID, a.Name))
		}
	}
	sendErr := w.sender.send(ctx, o, atts)
	// The bookkeeping must happen even when the job's context has run out.
	dbCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if sendErr == nil {
		if err := markSent(dbCtx, w.pool, o.ID, job.Attempt); err != nil {
			// The retry sends the mail a second time (with the same Message-ID):
			// twice is better than a row that says pending forever.
			w.logger.ErrorContext(ctx, "mail sent but not marked sent", "outbox_id", o.ID, "err", err)
			return fmt.Errorf("mark outbox row %d sent: %w", o.ID, err)
		}
		w.logger.InfoContext(ctx, "mail sent", "outbox_id", o.ID, "entity", o.Entity, "entity_id", o.EntityID, "attempt", job.Attempt)
		return nil
	}
	var perm permanentError
	permanent := errors.As(sendErr, &perm)
	final := permanent || job.Attempt >= job.MaxAttempts
	status := StatusPending
	if final {
		status = StatusFailed
	}
	if err := markAttempt(dbCtx, w.pool, o.ID, status, job.Attempt, truncate(sendErr.Error(), 2000)); err != nil {
		return errors.Join(sendErr, err)
	}
	w.logger.WarnContext(ctx, "mail not sent", "outbox_id", o.ID, "attempt", job.Attempt,
		"max_attempts", job.MaxAttempts, "final", final, "err", sendErr)
	if permanent {
		return river.JobCancel(sendErr)
	}
	return sendErr
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
