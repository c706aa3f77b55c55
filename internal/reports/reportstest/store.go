// Package reportstest builds what the reports' tests need on top of each
// area's fixtures, and gives the route × role test a real path for every
// route of the package with a parameter.
package reportstest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// RouteSamples are real paths for the package's routes with a parameter:
// an official's agenda feed, and a submitted weekly report with its
// actions (posted empty, they are refused as forms, not as routes; a
// draft is not there for those who do not write reports).
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	o := visitorstest.AddOfficial(t, pool, visitors.Official{Name: "Aldis Darbakārtība", Position: "Domes deputāts"},
		visitorstest.Weekly(time.Wednesday, visitors.At(10, 0), visitors.At(12, 0)))
	r := "/reports/periodic/" + strconv.FormatInt(SubmittedReport(t, pool, time.Date(2090, 1, 2, 0, 0, 0, 0, time.UTC)), 10)
	return []apptest.RouteSample{
		{Pattern: "/reports/agenda/{official}/calendar.ics", Path: "/reports/agenda/" + strconv.FormatInt(o, 10) + "/calendar.ics"},
		{Pattern: "/reports/periodic/{id}", Path: r},
		{Pattern: "/reports/periodic/{id}/submit", Path: r + "/submit"},
		{Pattern: "/reports/periodic/{id}/comments", Path: r + "/comments"},
		{Pattern: "/reports/periodic/{id}/read", Path: r + "/read"},
		{Pattern: "/reports/periodic/{id}.pdf", Path: r + ".pdf"},
		{Pattern: "/reports/periodic/{id}.xlsx", Path: r + ".xlsx"},
	}
}

// SubmittedReport is the weekly report of the week from monday (a Monday,
// midnight UTC of the date), submitted with no figures kept, made unless
// it is there.
func SubmittedReport(t testing.TB, pool *pgxpool.Pool, monday time.Time) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `insert into department_reports (kind, period_start, period_end, status, content,
			submitted_at, highlights, created_at, updated_at)
		values ('weekly', $1, $2, 'submitted', '{}', now(), 'Nedēļa bez starpgadījumiem.', now(), now())
		on conflict (kind, period_start) do update set kind = excluded.kind returning id`,
		monday, monday.AddDate(0, 0, 6)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// LinkContact says that official is the directory's contact (migration
// 00190): the press and the awards name officials so.
func LinkContact(t testing.TB, pool *pgxpool.Pool, official, contact int64) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `update visit_officials set contact_id = $2 where id = $1`, official, contact); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := pool.Exec(context.Background(), `update visit_officials set contact_id = null where id = $1`, official); err != nil {
			t.Error(err)
		}
	})
}

// SetCeremony moves round's award ceremony to day (midnight UTC of the date).
func SetCeremony(t testing.TB, pool *pgxpool.Pool, round int64, day time.Time) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `update award_rounds set ceremony_on = $2 where id = $1`, round, day); err != nil {
		t.Fatal(err)
	}
}

// AddCeremonyGuest invites the directory's contact to round's ceremony.
func AddCeremonyGuest(t testing.TB, pool *pgxpool.Pool, round, contact int64) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `insert into award_guests (round_id, contact_id, kind) values ($1, $2, 'guest')`, round, contact); err != nil {
		t.Fatal(err)
	}
}
