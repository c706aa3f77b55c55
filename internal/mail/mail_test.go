package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	latvianSubject = "Iesniegums reģistrēts — Nr. 1-12/2026/7"
	latvianBody    = "Labdien, Jāna!\n\nJūsu iesniegums Nr. 1-12/2026/7 ir reģistrēts; atbilde līdz 15.12.2026.\n\nAr cieņu —\nSabiedrisko attiecību un mārketinga nodaļa\n"
	mailFrom       = "PR Desk <prdesk@daugavpils.lv>"
)

// clockAt is a clock stopped at the machine's time of the call (to the
// microsecond PostgreSQL keeps), so that what the worker schedules from it
// is due when the machine says so and exactly known to the test.
func clockAt() (time.Time, func() time.Time) {
	now := time.Now().Truncate(time.Microsecond)
	return now, func() time.Time { return now }
}

// newClient registers mail with cfg and builds an unstarted job client.
func newClient(t *testing.T, cfg mail.Config) (*pgxpool.Pool, *jobs.Client) {
	t.Helper()
	pool := dbtest.Pool(t)
	if cfg.From == "" {
		cfg.From = mailFrom
	}
	if cfg.Now == nil {
		_, cfg.Now = clockAt()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	reg := jobs.NewRegistry()
	if err := mail.Register(reg, pool, cfg); err != nil {
		t.Fatal(err)
	}
	client, err := jobs.New(pool, reg, jobs.Options{
		Logger: slog.New(slog.DiscardHandler), FetchPollInterval: 50 * time.Millisecond, TestOnly: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return pool, client
}

func enqueue(t *testing.T, pool *pgxpool.Pool, client *jobs.Client, m mail.Message) int64 {
	t.Helper()
	var id int64
	err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) (err error) {
		id, err = mail.Enqueue(context.Background(), tx, client, m)
		return err
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

func work(t *testing.T, client *jobs.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := jobs.WorkDue(ctx, client, mail.Queue); err != nil {
		t.Fatalf("work jobs: %v", err)
	}
}

func outbox(t *testing.T, pool *pgxpool.Pool, id int64) mail.Outbox {
	t.Helper()
	o, err := mail.Get(context.Background(), pool, id)
	if err != nil {
		t.Fatalf("outbox %d: %v", id, err)
	}
	return o
}

func jobOf(t *testing.T, pool *pgxpool.Pool, outboxID int64) (id int64, state string, scheduled time.Time) {
	t.Helper()
	err := pool.QueryRow(context.Background(), `
		select id, state::text, scheduled_at from river_job
		where kind = 'mail_send' and (args->>'outbox_id')::bigint = $1`, outboxID).Scan(&id, &state, &scheduled)
	if err != nil {
		t.Fatalf("job of outbox %d: %v", outboxID, err)
	}
	return id, state, scheduled
}

func TestSendsLatvianMailOverSMTP(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{User: "prdesk", Pass: "slepena parole ā@:"})
	pool, client := newClient(t, mail.Config{SMTPURL: srv.URL()})
	id := enqueue(t, pool, client, mail.Message{
		To: "jana.ozola@example.lv", ToName: "Jāna Ozola", Subject: latvianSubject, Body: latvianBody,
		Entity: "petition", EntityID: int64(7),
	})

	// Queued, not sent, while no client runs.
	if o := outbox(t, pool, id); o.Status != mail.StatusPending || o.Attempts != 0 || o.Entity != "petition" || o.EntityID != "7" {
		t.Fatalf("before sending: %+v", o)
	}
	if _, state, _ := jobOf(t, pool, id); state != "available" {
		t.Fatalf("job state %s, want available", state)
	}
	if got := srv.To("jana.ozola@example.lv"); len(got) != 0 {
		t.Fatalf("sent before the client ran: %d", len(got))
	}

	work(t, client)

	got := srv.To("jana.ozola@example.lv")
	if len(got) != 1 {
		t.Fatalf("received %d messages, want 1; outbox: %+v", len(got), outbox(t, pool, id))
	}
	if got[0].From != "prdesk@daugavpils.lv" {
		t.Errorf("MAIL FROM %q", got[0].From)
	}
	d := got[0]
	if d.Subject != latvianSubject {
		t.Errorf("subject %q, want %q", d.Subject, latvianSubject)
	}
	if to, err := netmail.ParseAddress(d.Header.Get("To")); err != nil || to.Address != "jana.ozola@example.lv" || to.Name != "Jāna Ozola" {
		t.Errorf("To %q: %v", d.Header.Get("To"), err)
	}
	if !strings.Contains(d.Body, "Jūsu iesniegums Nr. 1-12/2026/7 ir reģistrēts; atbilde līdz 15.12.2026.") ||
		strings.TrimRight(d.Body, "\n") != strings.TrimRight(latvianBody, "\n") {
		t.Errorf("body:\n%s\nwant:\n%s", d.Body, latvianBody)
	}
	from, err := netmail.ParseAddress(d.Header.Get("From"))
	if err != nil || from.Name != "PR Desk" || from.Address != "prdesk@daugavpils.lv" {
		t.Errorf("From %q (%v)", d.Header.Get("From"), err)
	}
	if mid := d.Header.Get("Message-Id"); !strings.Contains(mid, fmt.Sprintf("prdesk.outbox.%d.", id)) {
		t.Errorf("Message-ID %q", mid)
	}
	if v := d.Header.Get("Auto-Submitted"); v != "auto-generated" {
		t.Errorf("Auto-Submitted %q", v)
	}
	// A mail without attachments is the one text part it always was.
	if ct := d.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || len(d.Attachments) != 0 {
		t.Errorf("a mail without attachments: Content-Type %q, %d attachments", ct, len(d.Attachments))
	}

	o := outbox(t, pool, id)
	if o.Status != mail.StatusSent || o.SentAt == nil || o.Attempts != 1 || o.LastError != "" {
		t.Fatalf("after sending: %+v", o)
	}
	if _, state, _ := jobOf(t, pool, id); state != "completed" {
		t.Errorf("job state %s, want completed", state)
	}
	list, err := mail.ForEntity(context.Background(), pool, "petition", 7)
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("ForEntity: %v %+v", err, list)
	}
}

func TestTemporaryFailureIsRecordedAndRetried(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Reject(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Mailbox busy, try later"})
	now, clock := clockAt()
	pool, client := newClient(t, mail.Config{SMTPURL: srv.URL(), Now: clock})
	id := enqueue(t, pool, client, mail.Message{To: "retry@example.lv", Subject: latvianSubject, Body: latvianBody})

	work(t, client)
	o := outbox(t, pool, id)
	if o.Status != mail.StatusPending || o.Attempts != 1 || !strings.Contains(o.LastError, "451") {
		t.Fatalf("after the refusal: %+v", o)
	}
	jobID, state, scheduled := jobOf(t, pool, id)
	if state != "retryable" {
		t.Fatalf("job state %s, want retryable", state)
	}
	// The first retry waits a minute from the failed attempt.
	if want := now.Add(time.Minute); !scheduled.Equal(want) {
		t.Errorf("retry scheduled at %v, want %v", scheduled, want)
	}
	if len(srv.To("retry@example.lv")) != 0 {
		t.Fatal("a refused mail was received")
	}

	// The server recovers; retrying now instead of in a minute.
	srv.Accept()
	if _, err := client.JobRetry(context.Background(), jobID); err != nil {
		t.Fatal(err)
	}
	work(t, client)
	o = outbox(t, pool, id)
	if o.Status != mail.StatusSent || o.Attempts != 2 || o.LastError != "" || o.SentAt == nil {
		t.Fatalf("after the retry: %+v", o)
	}
	if got := srv.To("retry@example.lv"); len(got) != 1 || got[0].Subject != latvianSubject {
		t.Fatalf("received %d", len(got))
	}
}

func TestLastAttemptMarksFailed(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Reject(&smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 4, 5}, Message: "Too busy"})
	pool, client := newClient(t, mail.Config{SMTPURL: srv.URL()})
	id := enqueue(t, pool, client, mail.Message{To: "last@example.lv", Subject: "Pēdējais mēģinājums", Body: "Teksts"})
	jobID, _, _ := jobOf(t, pool, id)
	// Two attempts instead of eight keeps the test short.
	if _, err := pool.Exec(context.Background(), `update river_job set max_attempts = 2 where id = $1`, jobID); err != nil {
		t.Fatal(err)
	}
	work(t, client)
	if o := outbox(t, pool, id); o.Status != mail.StatusPending || o.Attempts != 1 {
		t.Fatalf("after attempt 1: %+v", o)
	}
	if _, err := client.JobRetry(context.Background(), jobID); err != nil {
		t.Fatal(err)
	}
	work(t, client)
	o := outbox(t, pool, id)
	if o.Status != mail.StatusFailed || o.Attempts != 2 || !strings.Contains(o.LastError, "421") || o.SentAt != nil {
		t.Fatalf("after the last attempt: %+v", o)
	}
	if _, state, _ := jobOf(t, pool, id); state != "discarded" {
		t.Errorf("job state %s, want discarded", state)
	}
}

func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Reject(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"})
	pool, client := newClient(t, mail.Config{SMTPURL: srv.URL()})
	id := enqueue(t, pool, client, mail.Message{To: "nobody@example.lv", Subject: "Temats", Body: "Teksts"})
	work(t, client)
	o := outbox(t, pool, id)
	if o.Status != mail.StatusFailed || o.Attempts != 1 || !strings.Contains(o.LastError, "550") {
		t.Fatalf("after a 550: %+v", o)
	}
	if _, state, _ := jobOf(t, pool, id); state != "cancelled" {
		t.Errorf("job state %s, want cancelled", state)
	}
}

func TestUnreachableServerIsRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connections are refused
	pool, client := newClient(t, mail.Config{SMTPURL: "smtp://" + addr + "?tls=none"})
	id := enqueue(t, pool, client, mail.Message{To: "unreachable@example.lv", Subject: "Temats", Body: "Teksts"})
	work(t, client)
	o := outbox(t, pool, id)
	if o.Status != mail.StatusPending || o.Attempts != 1 || !strings.Contains(o.LastError, "dial") {
		t.Fatalf("after a refused connection: %+v", o)
	}
	jobID, state, _ := jobOf(t, pool, id)
	if state != "retryable" {
		t.Fatalf("job state %s, want retryable", state)
	}

	// The mail server comes up (here: the app restarts pointing at one).
	srv := mailtest.Start(t, mailtest.Options{})
	_, client = newClient(t, mail.Config{SMTPURL: srv.URL()})
	if _, err := client.JobRetry(context.Background(), jobID); err != nil {
		t.Fatal(err)
	}
	work(t, client)
	if o := outbox(t, pool, id); o.Status != mail.StatusSent || o.Attempts != 2 {
		t.Fatalf("after the server came up: %+v", o)
	}
	if len(srv.To("unreachable@example.lv")) != 1 {
		t.Fatal("not received")
	}
}

// The mail server is down for a while: twenty mails wait in the outbox,
// each attempt recorded, and none is lost or sent; when the server is back
// at the same address each goes once, and a job that runs again after the
// mail went (a worker restarted, a retry by hand) sends nothing more.
func TestMailWaitsForTheServerAndGoesOnce(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // the mail server is down
	pool, client := newClient(t, mail.Config{SMTPURL: "smtp://" + addr + "?tls=none"})
	ctx := context.Background()
	var ms []mail.Message
	for i := range 20 {
		ms = append(ms, mail.Message{To: fmt.Sprintf("adresats%d@example.lv", i), Subject: latvianSubject, Body: latvianBody})
	}
	var ids []int64
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
		ids, err = mail.EnqueueMany(ctx, tx, client, ms)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	retryAll := func() {
		t.Helper()
		for _, id := range ids {
			jobID, _, _ := jobOf(t, pool, id)
			if _, err := client.JobRetry(ctx, jobID); err != nil {
				t.Fatal(err)
			}
		}
	}
	work(t, client)
	retryAll() // the minute to the next attempt passes, and the server is still down
	work(t, client)
	for _, id := range ids {
		if o := outbox(t, pool, id); o.Status != mail.StatusPending || o.Attempts != 2 || o.LastError == "" {
			t.Fatalf("while the server is down: %+v", o)
		}
	}

	srv := mailtest.StartAt(t, addr, mailtest.Options{})
	retryAll()
	work(t, client)
	for _, id := range ids {
		if o := outbox(t, pool, id); o.Status != mail.StatusSent || o.Attempts != 3 {
			t.Errorf("after the server came back: %+v", o)
		}
	}
	retryAll() // every job once more, as if the worker had not seen it done
	work(t, client)
	for _, m := range ms {
		if got := srv.To(m.To); len(got) != 1 {
			t.Errorf("%s received %d mails, want 1", m.To, len(got))
		}
	}
	if n := len(srv.All()); n != len(ms) {
		t.Errorf("%d mails received in all, want %d", n, len(ms))
	}
}

func TestRollbackLeavesNothing(t *testing.T) {
	pool, client := newClient(t, mail.Config{Demo: true})
	count := func() (rows, jobs int) {
		t.Helper()
		err := pool.QueryRow(context.Background(), `
			select (select count(*) from mail_outbox), (select count(*) from river_job)`).Scan(&rows, &jobs)
		if err != nil {
			t.Fatal(err)
		}
		return rows, jobs
	}
	rows0, jobs0 := count()
	errWrite := errors.New("the area's write failed")
	err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		if _, err := mail.Enqueue(context.Background(), tx, client, mail.Message{
			To: "rollback@example.lv", Subject: latvianSubject, Body: latvianBody,
		}); err != nil {
			return err
		}
		return errWrite
	})
	if !errors.Is(err, errWrite) {
		t.Fatalf("transaction: %v", err)
	}
	if rows, jobs := count(); rows != rows0 || jobs != jobs0 {
		t.Fatalf("after rollback: %d outbox rows (was %d), %d jobs (was %d)", rows, rows0, jobs, jobs0)
	}
}

// syncWriter lets the test read a log that job goroutines write.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestDemoModeWritesMailToTheLog(t *testing.T) {
	logBuf := &syncWriter{}
	logger := slog.New(slog.NewJSONHandler(logBuf, nil))
	pool, client := newClient(t, mail.Config{Demo: true, Logger: logger})
	id := enqueue(t, pool, client, mail.Message{To: "demo@example.lv", ToName: "Dēmo", Subject: latvianSubject, Body: latvianBody})
	work(t, client)
	if o := outbox(t, pool, id); o.Status != mail.StatusSent || o.SentAt == nil {
		t.Fatalf("demo mail: %+v", o)
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(logBuf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["to"] == "demo@example.lv" {
			found = rec["subject"] == latvianSubject && rec["body"] == latvianBody
		}
	}
	if !found {
		t.Fatalf("mail not in the log:\n%s", logBuf.String())
	}
}

func TestWithoutSMTPOutsideDemoMailWaits(t *testing.T) {
	logBuf := &syncWriter{}
	logger := slog.New(slog.NewJSONHandler(logBuf, nil))
	pool := dbtest.Pool(t)
	reg := jobs.NewRegistry()
	if err := mail.Register(reg, pool, mail.Config{From: mailFrom, Logger: logger}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logBuf.String(), `"level":"WARN"`) || !strings.Contains(logBuf.String(), "SMTP_URL") {
		t.Errorf("no warning logged: %s", logBuf.String())
	}
	if q := reg.Queues(); len(q) != 1 || q[0] != river.QueueDefault {
		t.Fatalf("queues %v: the mail queue must not be worked", q)
	}
	client, err := jobs.New(pool, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler), FetchPollInterval: 50 * time.Millisecond, TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	id := enqueue(t, pool, client, mail.Message{To: "waits@example.lv", Subject: "Gaida", Body: "Teksts"})
	t.Cleanup(func() {
		// Later tests work the mail queue; this mail is not theirs to send.
		pool.Exec(context.Background(), `delete from river_job where (args->>'outbox_id')::bigint = $1`, id) //nolint:errcheck
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := jobs.WorkDue(ctx, client, river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	if o := outbox(t, pool, id); o.Status != mail.StatusPending || o.Attempts != 0 {
		t.Fatalf("mail without SMTP: %+v", o)
	}
	if _, state, _ := jobOf(t, pool, id); state != string(rivertype.JobStateAvailable) {
		t.Fatalf("job state %s, want available", state)
	}
}

func TestEnqueueRefusesBadMessages(t *testing.T) {
	pool, client := newClient(t, mail.Config{Demo: true})
	for name, m := range map[string]mail.Message{
		"no address":        {To: "", Subject: "S", Body: "B"},
		"not an address":    {To: "jana ozola", Subject: "S", Body: "B"},
		"name in address":   {To: "Jana <jana@example.lv>", Subject: "S", Body: "B"},
		"empty subject":     {To: "jana@example.lv", Subject: " ", Body: "B"},
		"two-line subject":  {To: "jana@example.lv", Subject: "S\r\nBcc: x@example.lv", Body: "B"},
		"two-line name":     {To: "jana@example.lv", ToName: "J\nBcc: x@example.lv", Subject: "S", Body: "B"},
		"long subject":      {To: "jana@example.lv", Subject: strings.Repeat("ā", 301), Body: "B"},
		"empty body":        {To: "jana@example.lv", Subject: "S", Body: "\n"},
		"invalid utf-8":     {To: "jana@example.lv", Subject: "S", Body: "\xff"},
		"address too long?": {To: strings.Repeat("a", 250) + "@example.lv", Subject: "S", Body: "B"},
		"attachment without a name": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: " ", ContentType: "application/pdf", Content: []byte("x")}}},
		"attachment name on two lines": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: "a\r\nb.pdf", ContentType: "application/pdf", Content: []byte("x")}}},
		"attachment name too long": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: strings.Repeat("ā", 151), ContentType: "application/pdf"}}},
		"attachment type with parameters": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: "a.txt", ContentType: "text/plain; charset=utf-8"}}},
		"attachment type missing": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: "a.pdf"}}},
		"attachments too large": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: "a.pdf", ContentType: "application/pdf", Content: make([]byte, mail.MaxAttachmentsBytes+1)}}},
		"empty attachment": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: []mail.Attachment{{Name: "a.pdf", ContentType: "application/pdf"}}},
		"too many attachments": {To: "jana@example.lv", Subject: "S", Body: "B",
			Attachments: make([]mail.Attachment, mail.MaxAttachments+1)},
	} {
		err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
			_, err := mail.Enqueue(context.Background(), tx, client, m)
			return err
		})
		if !errors.Is(err, mail.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", name, err)
		}
	}
}

func TestEnqueueManyQueuesEachInOrderAndSendsThem(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	pool, client := newClient(t, mail.Config{SMTPURL: srv.URL()})
	ctx := context.Background()
	var ms []mail.Message
	for i := range 3 {
		ms = append(ms, mail.Message{To: fmt.Sprintf("zurnalists%d@example.lv", i), ToName: fmt.Sprintf("Žurnālists %d", i),
			Subject: fmt.Sprintf("Relīze %d", i), Body: "Teksts", Entity: "press_release", EntityID: int64(40 + i)})
	}
	var ids []int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
		ids, err = mail.EnqueueMany(ctx, tx, client, ms)
		return err
	})
	if err != nil || len(ids) != 3 {
		t.Fatalf("enqueue: %v, %v", ids, err)
	}
	for i, id := range ids {
		o := outbox(t, pool, id)
		if o.ToAddress != ms[i].To || o.Subject != ms[i].Subject || o.EntityID != fmt.Sprint(40+i) || o.Status != mail.StatusPending {
			t.Errorf("row %d: %+v", i, o)
		}
		jobOf(t, pool, id)
	}
	// One bad message refuses them all, and nothing is queued.
	bad := append(ms[:1:1], mail.Message{To: "not an address", Subject: "x", Body: "y"})
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := mail.EnqueueMany(ctx, tx, client, bad)
		return err
	})
	if !errors.Is(err, mail.ErrInvalid) {
		t.Fatalf("a bad message: %v", err)
	}
	work(t, client)
	for _, m := range ms {
		if got := srv.To(m.To); len(got) != 1 {
			t.Errorf("%s received %d", m.To, len(got))
		}
	}
	if n := len(srv.All()); n != 3 {
		t.Errorf("%d mails in all, want 3", n)
	}
}

// TestAttachmentsGoAsMultipartMixed: a mail with attachments reaches the
// reader as its text and each file, named with its Latvian letters both
// ways readers decode (RFC 2231 and RFC 2047), once; the outbox keeps the
// bytes only while the mail waits.
func TestAttachmentsGoAsMultipartMixed(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	pool, client := newClient(t, mail.Config{SMTPURL: srv.URL()})
	ctx := context.Background()
	pdfBytes := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 0xff, 'a', '\n'}, 5000)...)
	long := "Pārskats izpilddirektoram par 2026. gada novembri — Žēļi, Čiekuri un Ģirtiņš ĶŅŠ.pdf"
	atts := []mail.Attachment{
		{Name: long, ContentType: "application/pdf", Content: pdfBytes},
		{Name: "figures.csv", ContentType: "text/csv", Content: []byte("a;b\n1;2\n")},
		{Name: `Atskaite "2026"/12.pdf`, ContentType: "application/pdf", Content: []byte("%PDF-1.4\n")},
	}
	var ids []int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
		ids, err = mail.EnqueueMany(ctx, tx, client, []mail.Message{
			{To: "direktors@example.lv", Subject: "Pārskats", Body: latvianBody, Attachments: atts},
			{To: "vietnieks@example.lv", Subject: "Pārskats", Body: latvianBody, Attachments: atts[:1]},
			{To: "bez@example.lv", Subject: "Bez pielikuma", Body: latvianBody},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := mail.Attachments(ctx, pool, ids[0])
	if err != nil || len(kept) != 3 || kept[0].Name != long || !bytes.Equal(kept[0].Content, pdfBytes) || kept[1].Size != 8 {
		t.Fatalf("kept while waiting: %v %+v", err, kept)
	}

	work(t, client)
	work(t, client) // a second run sends nothing again

	got := srv.To("direktors@example.lv")
	if len(got) != 1 {
		t.Fatalf("received %d, want 1", len(got))
	}
	d := got[0]
	if ct := d.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/mixed") {
		t.Errorf("Content-Type %q", ct)
	}
	if strings.TrimRight(d.Body, "\n") != strings.TrimRight(latvianBody, "\n") {
		t.Errorf("body:\n%s", d.Body)
	}
	want := []struct{ name, ctype string }{
		{long, "application/pdf"}, {"figures.csv", "text/csv"}, {"Atskaite _2026__12.pdf", "application/pdf"},
	}
	if len(d.Attachments) != len(want) {
		t.Fatalf("%d attachments, want %d:\n%s", len(d.Attachments), len(want), d.Raw)
	}
	for i, w := range want {
		a := d.Attachments[i]
		if a.Name != w.name || a.TypeName != w.name || a.ContentType != w.ctype || !bytes.Equal(a.Content, atts[i].Content) {
			t.Errorf("attachment %d: name %q, type's name %q, %s, %d bytes; want %q, %s, %d bytes",
				i, a.Name, a.TypeName, a.ContentType, len(a.Content), w.name, w.ctype, len(atts[i].Content))
		}
	}
	raw := string(d.Raw)
	for _, s := range []string{"filename*0*=UTF-8''P%C4%81rskats", `name="=?UTF-8?q?P=C4=81rskats`, `filename="figures.csv"`} {
		if !strings.Contains(raw, s) {
			t.Errorf("the mail does not carry %s", s)
		}
	}
	for _, line := range strings.Split(raw, "\r\n") {
		if len(line) > 998 {
			t.Errorf("a line of %d characters", len(line))
		}
	}
	if got := srv.To("vietnieks@example.lv"); len(got) != 1 || len(got[0].Attachments) != 1 || got[0].Attachments[0].Name != long {
		t.Errorf("the second recipient: %+v", got)
	}
	if got := srv.To("bez@example.lv"); len(got) != 1 || len(got[0].Attachments) != 0 ||
		!strings.HasPrefix(got[0].Header.Get("Content-Type"), "text/plain") {
		t.Errorf("the mail without attachments: %+v", got)
	}

	// Sent: the name, type and size stay, the bytes are gone.
	kept, err = mail.Attachments(ctx, pool, ids[0])
	if err != nil || len(kept) != 3 || kept[0].Content != nil || kept[0].Size != len(pdfBytes) || kept[0].Name != long {
		t.Errorf("kept once sent: %v %+v", err, kept)
	}

	// Given up for good: the bytes are gone too.
	srv.Reject(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"})
	id := enqueue(t, pool, client, mail.Message{To: "nobody@example.lv", Subject: "S", Body: "B", Attachments: atts[1:2]})
	work(t, client)
	if o := outbox(t, pool, id); o.Status != mail.StatusFailed {
		t.Fatalf("after a 550: %+v", o)
	}
	if kept, err := mail.Attachments(ctx, pool, id); err != nil || len(kept) != 1 || kept[0].Content != nil || kept[0].Size != 8 {
		t.Errorf("kept once failed: %v %+v", err, kept)
	}
}
