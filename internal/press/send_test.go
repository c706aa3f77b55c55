package press_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// audience is a mailing list of three journalists (one reads only
// Russian, one opted out), another list sharing one of them, and a
// journalist picked one by one.
type audience struct {
	lists            []int64
	picked           int64
	lv, ru, out, one string // their addresses
}

func newAudience(t *testing.T, pool *pgxpool.Pool) audience {
	t.Helper()
	n := contactstest.Unique()
	a := audience{lv: fmt.Sprintf("lv%d@example.lv", n), ru: fmt.Sprintf("ru%d@example.lv", n),
		out: fmt.Sprintf("out%d@example.lv", n), one: fmt.Sprintf("one%d@example.lv", n)}
	lv := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Anna", Family: fmt.Sprintf("Bērziņa %d", n), Emails: []string{a.lv}, Languages: []string{"lv", "en"}})
	ru := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Дмитрий", Family: fmt.Sprintf("Иванов %d", n), Emails: []string{a.ru}, Languages: []string{"ru"}})
	out := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Oļegs", Family: fmt.Sprintf("Smirnovs %d", n), Emails: []string{a.out}, OptOut: true})
	a.picked = contactstest.AddPerson(t, pool, contactstest.Person{Given: "Līga", Family: fmt.Sprintf("Kalniņa %d", n), Emails: []string{a.one}})
	a.lists = []int64{
		contactstest.StaticList(t, pool, fmt.Sprintf("Latgales mediji %d", n), lv, ru, out),
		contactstest.StaticList(t, pool, fmt.Sprintf("Ziņu aģentūras %d", n), lv),
	}
	return a
}

// approved is an approved release with a Russian translation ready, an
// embargo and the title given.
func approved(t *testing.T, s presstest.Sender, pool *pgxpool.Pool, title string, embargo *time.Time) int64 {
	t.Helper()
	in := input(title, press.Text{Lang: press.Russian, Status: press.TextReady, Title: "Русский " + title, Body: "Текст."})
	in.EmbargoUntil = embargo
	id := presstest.AddRelease(t, pool, in)
	presstest.Approve(t, pool, id)
	return id
}

func version(t *testing.T, s presstest.Sender, id int64) int {
	t.Helper()
	r, err := s.Release(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Version
}

func TestSendingReachesEachOnceInTheirLanguage(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	srv := mailtest.Start(t, mailtest.Options{})
	s := presstest.NewSender(t, pool, srv.URL())
	a := newAudience(t, pool)
	embargo := time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)
	title := unique(t, "Tilts")
	id := approved(t, s, pool, title, &embargo)

	p, err := s.Preview(ctx, id, a.lists, []int64{a.picked})
	if err != nil {
		t.Fatal(err)
	}
	if p.Set.Reach.Reachable != 3 || p.Set.Reach.Left["opted_out"] != 1 || p.Set.Reach.Repeated != 1 ||
		p.Langs[press.Latvian] != 2 || p.Langs[press.Russian] != 1 {
		t.Fatalf("preview: %+v, langs %v", p.Set.Reach, p.Langs)
	}
	// Only an approved release, as the page drew it, goes out.
	if _, err := s.Send(ctx, id, version(t, s, id)-1, a.lists, nil, time.Time{}); !errors.Is(err, errs.Conflict) {
		t.Fatalf("a stale page sends: %v", err)
	}
	res, err := s.Send(ctx, id, version(t, s, id), a.lists, []int64{a.picked}, time.Time{})
	if err != nil || res.Mails != 3 || res.LeftOut != 1 || res.Planned {
		t.Fatalf("send: %+v, %v", res, err)
	}
	// A double click sends nothing more.
	if _, err := s.Send(ctx, id, version(t, s, id), a.lists, nil, time.Time{}); !errors.Is(err, errs.Conflict) {
		t.Fatalf("sent twice: %v", err)
	}
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := jobs.WorkDue(wctx, s.Jobs, mail.Queue); err != nil {
		t.Fatal(err)
	}
	if got := srv.To(a.out); len(got) != 0 {
		t.Fatalf("the opted-out journalist got %d mails", len(got))
	}
	lv, ru := srv.To(a.lv), srv.To(a.ru)
	if len(lv) != 1 || len(ru) != 1 || len(srv.To(a.one)) != 1 {
		t.Fatalf("mails: lv %d, ru %d, picked %d", len(lv), len(ru), len(srv.To(a.one)))
	}
	if !strings.HasPrefix(lv[0].Subject, "[EMBARGO līdz 15.12.2026. 10:00] "+title) || !strings.Contains(lv[0].Body, "Labdien!") {
		t.Errorf("Latvian mail: %q\n%s", lv[0].Subject, lv[0].Body)
	}
	if !strings.HasPrefix(ru[0].Subject, "[ЭМБАРГО до 15.12.2026. 10:00] Русский") || !strings.Contains(ru[0].Body, "Здравствуйте!") {
		t.Errorf("Russian mail: %q\n%s", ru[0].Subject, ru[0].Body)
	}
	r, _ := s.Release(ctx, id)
	if r.Status != press.Sent || r.SentAt == nil {
		t.Fatalf("after sending: %+v", r)
	}
	sendings, err := s.Sendings(ctx, id)
	if err != nil || len(sendings) != 1 || sendings[0].Counts[press.Done] != 3 || sendings[0].LeftOut != 1 {
		t.Fatalf("sendings: %+v, %v", sendings, err)
	}
	ds, err := s.Deliveries(ctx, id, press.Done, 0)
	if err != nil || len(ds) != 3 {
		t.Fatalf("deliveries: %d, %v", len(ds), err)
	}
}

func TestAResendGoesOnlyToThoseItFailedFor(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	srv := mailtest.Start(t, mailtest.Options{})
	s := presstest.NewSender(t, pool, srv.URL())
	a := newAudience(t, pool)
	id := approved(t, s, pool, unique(t, "Atkārtoti"), nil)
	res, err := s.Send(ctx, id, version(t, s, id), a.lists[1:], []int64{a.picked}, time.Time{})
	if err != nil || res.Mails != 2 {
		t.Fatalf("send: %+v, %v", res, err)
	}
	// The server refuses the first mail for good, then takes the rest.
	srv.Reject(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"})
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := jobs.WorkDue(wctx, s.Jobs, mail.Queue); err != nil {
		t.Fatal(err)
	}
	sendings, _ := s.Sendings(ctx, id)
	if len(sendings) != 1 || sendings[0].Counts[press.Refused] != 2 || sendings[0].Unfinished() != 2 {
		t.Fatalf("after the refusal: %+v", sendings)
	}
	srv.Accept()
	n, err := s.Resend(ctx, id, sendings[0].ID)
	if err != nil || n != 2 {
		t.Fatalf("resend: %d, %v", n, err)
	}
	if err := jobs.WorkDue(wctx, s.Jobs, mail.Queue); err != nil {
		t.Fatal(err)
	}
	if len(srv.To(a.lv)) != 1 || len(srv.To(a.one)) != 1 {
		t.Fatalf("after the resend: %d and %d", len(srv.To(a.lv)), len(srv.To(a.one)))
	}
	sendings, _ = s.Sendings(ctx, id)
	if len(sendings) != 2 || sendings[0].ResendOf == nil || sendings[0].Counts[press.Done] != 2 {
		t.Fatalf("sendings: %+v", sendings)
	}
	// Nothing failed in the resend: nothing to resend again.
	if _, err := s.Resend(ctx, id, sendings[0].ID); !errors.Is(err, errs.Conflict) {
		t.Fatalf("a resend of nothing: %v", err)
	}
}

func TestAPlannedSendingWaitsAndRespectsLaterOptOuts(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.NewSender(t, pool, "")
	a := newAudience(t, pool)
	id := approved(t, s, pool, unique(t, "Plānota"), nil)
	at := s.Clock.Now().Add(2 * time.Hour)
	res, err := s.Send(ctx, id, version(t, s, id), a.lists, nil, at)
	if err != nil || !res.Planned || res.Mails != 0 {
		t.Fatalf("plan: %+v, %v", res, err)
	}
	var scheduled time.Time
	if err := pool.QueryRow(ctx, `select scheduled_at from river_job where kind = 'press_send' and (args->>'sending_id')::bigint = $1`,
		res.SendingID).Scan(&scheduled); err != nil || !scheduled.Equal(at) {
		t.Fatalf("the job is scheduled at %v (%v), want %v", scheduled, err, at)
	}
	if r, _ := s.Release(ctx, id); r.Status != press.Scheduled || r.Status.Editable() {
		t.Fatalf("planned: %+v", r)
	}
	// Meanwhile a journalist on the list opts out.
	if _, err := pool.Exec(ctx, `update contacts set opt_out = true, opt_out_at = now() where $1 = any(emails)`, a.ru); err != nil {
		t.Fatal(err)
	}
	if err := s.SendPlanned(ctx, s.Jobs, res.SendingID); err != nil {
		t.Fatal(err)
	}
	sendings, _ := s.Sendings(ctx, id)
	if len(sendings) != 1 || sendings[0].Status != press.SendingSent || sendings[0].Recipients != 1 || sendings[0].LeftOut != 2 {
		t.Fatalf("sent at its time: %+v", sendings)
	}
	// The job running again sends nothing twice.
	if err := s.SendPlanned(ctx, s.Jobs, res.SendingID); err != nil {
		t.Fatal(err)
	}
	if sendings, _ := s.Sendings(ctx, id); sendings[0].Recipients != 1 {
		t.Fatal("sent twice")
	}

	// A cancelled plan sends nothing when its time comes.
	other := approved(t, s, pool, unique(t, "Atcelta"), nil)
	res, err = s.Send(ctx, other, version(t, s, other), a.lists, nil, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CancelPlanned(ctx, other, version(t, s, other)); err != nil {
		t.Fatal(err)
	}
	if err := s.SendPlanned(ctx, s.Jobs, res.SendingID); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Release(ctx, other)
	sendings, _ = s.Sendings(ctx, other)
	if r.Status != press.Approved || len(sendings) != 1 || sendings[0].Status != press.SendingCancelled || sendings[0].Recipients != 0 {
		t.Fatalf("cancelled: %s, %+v", r.Status, sendings)
	}
}
