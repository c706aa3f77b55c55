package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
)

// Two `prdesk serve` behind one proxy must behave as one: each server here
// has its own pool, its own in-memory state and its own job client, and
// shares with the other only the database.
func TestTwoInstancesOnOneDatabase(t *testing.T) {
	smtp := mailtest.Start(t, mailtest.Options{})
	config := func(c *app.Config) { c.SMTPURL = smtp.URL() }
	a := apptest.NewInstance(t, config)
	b := apptest.NewInstance(t, config)

	t.Run("a session started on one is valid on the other", func(t *testing.T) {
		onA := a.SignIn(t, "staff", "demo")
		res := onA.On(b).Get(t, "/petitions")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("the session from A on B: %d, want 200", res.StatusCode)
		}
		// Signing out on B ends the session on A too.
		if res := onA.On(b).PostForm(t, "/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-out on B: %d", res.StatusCode)
		}
		if res := onA.Get(t, "/petitions"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("after signing out on B, A answers %d, want a redirect to sign in", res.StatusCode)
		}
	})

	t.Run("an account deactivated through one is refused by the other at once", func(t *testing.T) {
		id := createAccount(t, a, "instances.ozola", auth.RoleStaff)
		user := b.SignIn(t, "instances.ozola", "instances password")
		if res := user.Get(t, "/petitions"); res.StatusCode != http.StatusOK {
			t.Fatalf("before: %d", res.StatusCode)
		}
		admin := a.SignIn(t, "admin", "demo")
		if res := admin.PostForm(t, "/admin/users/"+strconv.FormatInt(id, 10)+"/deactivate", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("deactivate on A: %d %s", res.StatusCode, res.Body)
		}
		if res := user.Get(t, "/petitions"); res.StatusCode == http.StatusOK {
			t.Error("B still serves the account A deactivated")
		}
	})

	t.Run("a calendar changed through one is the other's at the next request", func(t *testing.T) {
		admin := a.SignIn(t, "admin", "demo")
		before := workingDays(t, admin.On(b), 2043)
		// Wednesday 11 March 2043 made a day off through A.
		res := admin.PostForm(t, "/admin/calendar/days", url.Values{"day": {"11.03.2043."}, "kind": {"moved_day_off"},
			"name_lv": {"Pārcelta brīvdiena"}, "year": {"2043"}, "order_number": {"412"},
			"order_title": {"Par darba dienu pārcelšanu 2043. gadā"}, "order_date": {"10.06.2042."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add on A: %d %s", res.StatusCode, res.Body)
		}
		if after := workingDays(t, admin.On(b), 2043); after != before-1 {
			t.Errorf("B counts %d working days in 2043 after A's change, want %d", after, before-1)
		}
	})

	t.Run("the sign-in wait counts the failures made on both", func(t *testing.T) {
		at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		a.Clock.Set(t, at)
		b.Clock.Set(t, at)
		for i := range auth.FreeFailures {
			srv := []*apptest.Server{a, b}[i%2]
			res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"instances.guess"}, "password": {fmt.Sprint("guess ", i)}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d: %d, want 422", i+1, res.StatusCode)
			}
		}
		for _, srv := range []*apptest.Server{a, b} {
			res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"instances.guess"}, "password": {"one more"}})
			if res.StatusCode != http.StatusTooManyRequests {
				t.Errorf("a guess after %d failures spread over both: %d, want 429", auth.FreeFailures, res.StatusCode)
			}
		}
	})

	t.Run("a mail queued once is sent once while both work the queue", func(t *testing.T) {
		ctx := context.Background()
		for _, srv := range []*apptest.Server{a, b} {
			if err := srv.App.Jobs().Start(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = jobs.Stop(context.Background(), srv.App.Jobs()) })
		}
		const n = 40
		var ms []mail.Message
		for i := range n {
			ms = append(ms, mail.Message{To: fmt.Sprintf("instances.%d@example.lv", i), Subject: "Abas instances",
				Body: "Viena vēstule.", Entity: "test", EntityID: i})
		}
		var ids []int64
		err := pgx.BeginFunc(ctx, a.Pool, func(tx pgx.Tx) error {
			var err error
			ids, err = mail.EnqueueMany(ctx, tx, a.App.Jobs(), ms)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "every mail sent", func() bool {
			var pending int
			if err := a.Pool.QueryRow(ctx, `select count(*) from mail_outbox where id = any($1) and status <> 'sent'`, ids).Scan(&pending); err != nil {
				t.Fatal(err)
			}
			return pending == 0
		})
		for i := range n {
			if got := len(smtp.To(fmt.Sprintf("instances.%d@example.lv", i))); got != 1 {
				t.Errorf("mail %d arrived %d times, want once", i, got)
			}
		}
	})
}

// createAccount is a new account with roles, its password "instances password".
func createAccount(t *testing.T, srv *apptest.Server, username string, roles ...auth.Role) int64 {
	t.Helper()
	hash, err := auth.HashPassword("instances password")
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = pgx.BeginFunc(context.Background(), srv.Pool, func(tx pgx.Tx) error {
		id, err = auth.Insert(context.Background(), tx, &auth.User{Username: username, FullName: "Inese Ozola", Roles: roles, Active: true}, hash, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var workingDaysText = regexp.MustCompile(`data-testid="working-days"><strong>[^<]*?(\d+)`)

// workingDays is the count the calendar's page shows for year.
func workingDays(t *testing.T, c *apptest.Client, year int) int {
	t.Helper()
	res := c.Get(t, "/admin/calendar?year="+strconv.Itoa(year))
	m := workingDaysText.FindStringSubmatch(res.Body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("calendar page: %d, no working days shown", res.StatusCode)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// waitFor waits until ok holds, polling; it fails the test after a generous
// minute, which only a broken server reaches.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
