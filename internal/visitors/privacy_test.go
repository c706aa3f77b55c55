package visitors_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/visitors"
)

// The audit log outlives the retention period of visitors' details, so it
// records what was done, to which booking, ticket or entry and when, and
// never the visitor's name, contacts, topic, outcome or the reasons typed
// about them (those stay on the booking's history until the period ends).
func TestAuditKeepsNoVisitorDetails(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Ligita Zvaigzne")
	// Every text below holds "Zelm", and nothing in the audit log may.
	nb := visitors.NewBooking{OfficialID: f.official, VisitorName: "Zelma Ķirsone", Phone: "+37129990001",
		Email: "zelma.kirsone@example.lv", Topic: "Zelmas kaimiņš trokšņo", Language: "lv",
		OverrideReason: "Zelmas meita zvanīja"}
	book := func(start int) int64 {
		t.Helper()
		b := nb
		b.Start = wednesday(10, start)
		id, err := f.store.Book(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	moved, checkedIn, cancelled, noShow := book(0), book(15), book(30), book(45)
	if err := f.store.Move(ctx, moved, f.version(t, moved), wednesday(11, 0), "Zelma lūdza vēlāk"); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Cancel(ctx, cancelled, f.version(t, cancelled), "Zelmai slims bērns"); err != nil {
		t.Fatal(err)
	}
	// The reminder of the working day before.
	reminded := nb
	reminded.Start = riga(2027, 6, 16, 10, 0)
	remindedID, err := f.store.Book(ctx, reminded)
	if err != nil {
		t.Fatal(err)
	}
	f.at(riga(2027, 6, 15, 8, 0))
	if n, err := f.store.SendReminders(ctx, f.jobs); err != nil || n != 1 {
		t.Fatalf("%d reminders, %v", n, err)
	}

	// The day: a check-in, a walk-in, both called; an outcome, a leaver, a no-show.
	f.at(wednesday(10, 5))
	booked, err := f.store.CheckIn(ctx, checkedIn, f.version(t, checkedIn))
	if err != nil {
		t.Fatal(err)
	}
	walk, err := f.store.WalkIn(ctx, f.official, "Zelma Ķirsone", "Zelmas suns")
	if err != nil {
		t.Fatal(err)
	}
	first, err := f.store.CallNext(ctx, f.official)
	if err != nil || first.ID != walk.ID {
		t.Fatalf("called %+v %v", first, err)
	}
	if err := f.store.RecordOutcome(ctx, walk.ID, f.ticketVersion(t, walk.ID), "Zelmas lietu nodos policijai", true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CallNext(ctx, f.official); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Leave(ctx, booked.ID, f.ticketVersion(t, booked.ID)); err != nil {
		t.Fatal(err)
	}
	f.at(wednesday(10, 50))
	if err := f.store.NoShow(ctx, noShow, f.version(t, noShow), "Zelma neatbild uz zvanu"); err != nil {
		t.Fatal(err)
	}

	// The waiting list.
	entry, err := f.store.AddWaiting(ctx, visitors.WaitEntry{OfficialID: f.official, VisitorName: "Zelma Ķirsone",
		Phone: "+37129990002", Topic: "Zelmas jumts tek"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.RemoveWaiting(ctx, entry, 1, "Zelma atrisināja pati"); err != nil {
		t.Fatal(err)
	}

	// Each of those is in the audit log, by its id.
	for _, e := range []struct {
		entity, action string
		id             int64
	}{
		{"booking", "create", moved}, {"booking", "move", moved}, {"booking", "cancel", cancelled},
		{"booking", "remind", remindedID}, {"booking", "check_in", checkedIn}, {"booking", "no_show", noShow},
		{"visit_queue", "walk_in", walk.ID}, {"visit_queue", "call", walk.ID}, {"visit_queue", "outcome", walk.ID},
		{"visit_queue", "left", booked.ID}, {"visit_waitlist", "create", entry}, {"visit_waitlist", "remove", entry},
	} {
		var summary string
		err := f.pool.QueryRow(ctx, `select summary from audit_log where entity = $1 and action = $2 and entity_id = $3`,
			e.entity, e.action, fmt.Sprint(e.id)).Scan(&summary)
		if err != nil {
			t.Errorf("%s %s %d: %v", e.entity, e.action, e.id, err)
			continue
		}
		if e.entity != "visit_queue" || e.action == "outcome" {
			if !strings.Contains(summary, fmt.Sprintf("#%d", e.id)) {
				t.Errorf("%s %s: %q does not name #%d", e.entity, e.action, summary, e.id)
			}
		}
	}
	rows, err := f.pool.Query(ctx, `select entity, action, summary, coalesce(details::text, '') from audit_log
		where (summary || coalesce(details::text, '')) ~* 'zelm|ķirson|kirson|2999000'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var entity, action, summary, details string
		if err := rows.Scan(&entity, &action, &summary, &details); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s %s keeps the visitor's details: %q %s", entity, action, summary, details)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// Text typed about a reception day, a unit and a search (the reason a day
// was cancelled, the unit a visitor came to, what the log export searched
// for) and the officials' names stay out of the summaries the
// administrator reads: they are in the details, which the administrator
// opens for the office's own arrangements only.
func TestAuditSummariesKeepNoTypedText(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Ludmila Ščerbakova")
	b, err := f.store.Book(ctx, visitors.NewBooking{OfficialID: f.official, Start: wednesday(10, 0),
		VisitorName: "Ilga Ozola", Phone: "+37129990003", Email: "ilga@example.lv", Topic: "Ceļš", Language: "lv"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CancelSession(ctx, f.official, wednesday(0, 0), "Ščerbakovas slimības lapa"); err != nil {
		t.Fatal(err)
	}
	f.at(wednesday(10, 5))
	if _, err := f.store.LogVisit(ctx, visitors.NewLogEntry{PersonName: "Ilga Ozola", Unit: "Ščerbakovas birojs", Purpose: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.LogExport(ctx, wednesday(0, 0), wednesday(23, 0), "Ščerbakov", func(visitors.LogEntry) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var cancelled string
	if err := f.pool.QueryRow(ctx, `select summary from audit_log where entity = 'booking' and entity_id = $1 and action = 'cancel'`,
		fmt.Sprint(b)).Scan(&cancelled); err != nil || !strings.Contains(cancelled, fmt.Sprintf("#%d", b)) {
		t.Errorf("the booking cancelled with its day: %q %v", cancelled, err)
	}
	rows, err := f.pool.Query(ctx, `select entity, action, summary from audit_log where summary ~* 'ščerbakov|slimīb|birojs'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var entity, action, summary string
		if err := rows.Scan(&entity, &action, &summary); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s %s: the summary keeps typed text: %q", entity, action, summary)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// The details keep it, for those who may open them.
	var n int
	if err := f.pool.QueryRow(ctx, `select count(*) from audit_log where details::text ~ 'Ščerbakov'`).Scan(&n); err != nil || n < 3 {
		t.Errorf("%d entries keep the typed text in their details (%v)", n, err)
	}
	// Every entity the area writes is declared (the area's entities are
	// named booking, visit_… and visitors_…).
	declared := visitors.AuditEntities()
	erows, err := f.pool.Query(ctx, `select distinct entity from audit_log where entity = 'booking' or entity like 'visit%'`)
	if err != nil {
		t.Fatal(err)
	}
	entities, err := pgx.CollectRows(erows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entities {
		if _, ok := declared[e]; !ok {
			t.Errorf("entity %q is not declared in visitors.AuditEntities", e)
		}
	}
}
