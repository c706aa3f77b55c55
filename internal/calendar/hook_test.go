package calendar

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/migrations"
)

// Every change that may move working days tells the hook, inside its
// transaction: a hook's error rolls the change back.
func TestChangesTellTheHook(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))
	var heard []Change
	fail := false
	s.OnChange(func(ctx context.Context, tx pgx.Tx, ch Change) error {
		if fail {
			return errors.New("the listener failed")
		}
		heard = append(heard, ch)
		return nil
	})
	id, err := s.Add(ctx, NewDay{Date: d("2035-03-14"), Kind: Holiday, NameLV: "Pārbaude"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(ctx, id, 1, DayChange{Kind: Holiday, NameLV: "Pārbaude, labota"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Remove(ctx, id, 2); err != nil {
		t.Fatal(err)
	}
	if len(heard) != 3 || heard[0].Action != "create" || heard[1].Action != "update" || heard[2].Action != "delete" {
		t.Fatalf("heard %+v", heard)
	}
	for _, ch := range heard {
		if ymd(ch.From) != "2035-03-14" || ymd(ch.To) != "2035-03-14" {
			t.Errorf("%s: from %s to %s", ch.Action, ymd(ch.From), ymd(ch.To))
		}
	}
	if heard[1].Before.NameLV != "Pārbaude" || heard[1].After.NameLV != "Pārbaude, labota" || heard[2].Before == nil || heard[2].After != nil {
		t.Errorf("before and after: %+v", heard)
	}
	if _, err := s.FillYear(ctx, 2035); err != nil || len(heard) != 4 || heard[3].Action != "fill" || ymd(heard[3].From) != "2035-01-01" {
		t.Errorf("fill: %v %+v", err, heard)
	}

	fail = true
	if _, err := s.Add(ctx, NewDay{Date: d("2035-03-15"), Kind: Holiday, NameLV: "Atcelta"}); err == nil {
		t.Error("the hook's failure did not fail the change")
	}
	if days, _ := s.Year(ctx, 2035); len(days) != len(HolidaysByLaw(2035)) {
		t.Errorf("a change whose hook failed was saved: %d entries", len(days))
	}
}

// The migration that ships the Cabinet's moves upserts them by day: on a
// database where an administrator entered some of them by hand it neither
// fails nor adds a second row, and keeps what the person entered.
func TestCabinetMovesMigrationKeepsWhatAPersonEntered(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	src, err := fs.ReadFile(migrations.FS, "00030_calendar_cabinet_orders.sql")
	if err != nil {
		t.Fatal(err)
	}
	up := string(src)
	up = up[strings.Index(up, "with moves"):strings.Index(up, "-- +goose Down")]
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	// As if before the migration: the days entered by hand, one differently.
	if _, err := tx.Exec(ctx, `delete from calendar_days where day in ('2025-05-02', '2025-05-10', '2025-11-17', '2025-11-08',
		'2026-01-02', '2026-01-17', '2026-06-22', '2026-06-27')`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `insert into calendar_days (day, kind, name_lv, source, order_number) values
		('2026-06-22', 'moved_day_off', 'Jāņu brīvdiena (ievadīts ar roku)', 'manual', '369'),
		('2026-06-27', 'moved_working_day', 'Darba sestdiena (ar roku)', 'manual', ''),
		('2025-05-02', 'holiday', 'Iestādes brīvdiena', 'manual', '')`); err != nil {
		t.Fatal(err)
	}
	for range 2 { // twice: a second run changes nothing either
		if _, err := tx.Exec(ctx, up); err != nil {
			t.Fatalf("the migration's upsert: %v", err)
		}
	}
	type row struct{ kind, name, source, number, title string }
	get := func(day string) (row, int) {
		var r row
		var n int
		if err := tx.QueryRow(ctx, `select max(kind), max(name_lv), max(source), max(order_number), max(order_title), count(*)
			from calendar_days where day = $1`, day).Scan(&r.kind, &r.name, &r.source, &r.number, &r.title, &n); err != nil {
			t.Fatal(err)
		}
		return r, n
	}
	for day, want := range map[string]row{
		"2026-06-22": {"moved_day_off", "Jāņu brīvdiena (ievadīts ar roku)", "manual", "369", ""},
		"2026-06-27": {"moved_working_day", "Darba sestdiena (ar roku)", "manual", "", "Par darba dienu pārcelšanu 2026. gadā"},
		"2025-05-02": {"holiday", "Iestādes brīvdiena", "manual", "", ""},
		"2026-01-02": {"moved_day_off", "Darba diena pārcelta uz sestdienu, 17. janvāri", "cabinet", "", "Par darba dienu pārcelšanu 2026. gadā"},
	} {
		got, n := get(day)
		if n != 1 || got != want {
			t.Errorf("%s: %d rows, %+v; want %+v", day, n, got, want)
		}
	}
}
