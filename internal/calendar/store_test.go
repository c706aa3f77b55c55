package calendar

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
)

// One TestMain for the package's internal and external tests (one binary).
func TestMain(m *testing.M) { dbtest.Main(m) }

// The store tests use years of their own (2031–2039): the HTTP tests in this
// binary share the database and the demo data fills the years around now.

func auditCount(t *testing.T, s *Store, entity, id string) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(),
		`select count(*) from audit_log where entity = $1 and entity_id = $2`, entity, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStoreAddListRemove(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))

	id, err := s.Add(ctx, NewDay{Date: d("2031-05-02"), Kind: MovedDayOff, NameLV: "Pārcelta brīvdiena", NameEN: "Moved day off"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, NewDay{Date: d("2031-05-10"), Kind: MovedWorkingDay, NameLV: "Darba sestdiena"}); err != nil {
		t.Fatal(err)
	}
	days, err := s.Year(ctx, 2031)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[0].ID != id || ymd(days[0].Date) != "2031-05-02" || days[1].NameEN != "" {
		t.Fatalf("Year(2031) = %+v", days)
	}
	if days[0].Source != SourceCabinet || days[0].Version != 1 {
		t.Errorf("a moved day comes from the Cabinet, version 1: %+v", days[0])
	}
	if n := auditCount(t, s, "calendar_day", itoa(id)); n != 1 {
		t.Errorf("%d audit entries for the new day", n)
	}

	// The same date again, even given with a clock part in Riga.
	_, err = s.Add(ctx, NewDay{Date: d("2031-05-02").Add(15 * time.Hour), Kind: Holiday, NameLV: "Cits"})
	if !errors.Is(err, ErrDayTaken) {
		t.Errorf("duplicate date: %v, want ErrDayTaken", err)
	}

	if _, err := s.Remove(ctx, id, 7); !errors.Is(err, errs.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	removed, err := s.Remove(ctx, id, 1)
	if err != nil || removed.NameLV != "Pārcelta brīvdiena" {
		t.Fatalf("Remove = %+v, %v", removed, err)
	}
	if _, err := s.Remove(ctx, id, 1); !errors.Is(err, errs.NotFound) {
		t.Errorf("removing twice: %v", err)
	}
	if n := auditCount(t, s, "calendar_day", itoa(id)); n != 2 {
		t.Errorf("%d audit entries after removal, want 2", n)
	}
	if days, _ := s.Year(ctx, 2031); len(days) != 1 {
		t.Errorf("after removal: %+v", days)
	}
}

func TestStoreConstraints(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))
	bad := []NewDay{
		{Date: d("2032-05-03"), Kind: MovedWorkingDay, NameLV: "Pirmdiena"}, // a Monday
		{Date: d("2032-05-01"), Kind: MovedDayOff, NameLV: "Sestdiena"},     // a Saturday
		{Date: d("2032-05-04"), Kind: "party", NameLV: "Balle"},
		{Date: d("2032-05-04"), Kind: Holiday, NameLV: ""},
		{Date: d("1999-05-04"), Kind: Holiday, NameLV: "Pagātne"},
	}
	for _, in := range bad {
		if _, err := s.Add(ctx, in); err == nil || errors.Is(err, ErrDayTaken) {
			t.Errorf("Add(%+v) = %v, want a constraint error", in, err)
		}
	}
	if days, _ := s.Year(ctx, 2032); len(days) != 0 {
		t.Errorf("saved: %+v", days)
	}
}

func TestStoreFillYear(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))
	// A hand-made entry on a holiday's date stays as it is.
	if _, err := s.Add(ctx, NewDay{Date: d("2033-06-23"), Kind: Holiday, NameLV: "Līgo (ar roku)"}); err != nil {
		t.Fatal(err)
	}
	n, err := s.FillYear(ctx, 2033)
	if err != nil {
		t.Fatal(err)
	}
	law := HolidaysByLaw(2033)
	if n != len(law)-1 {
		t.Errorf("FillYear added %d, want %d", n, len(law)-1)
	}
	days, err := s.Year(ctx, 2033)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != len(law) {
		t.Fatalf("%d entries, want %d", len(days), len(law))
	}
	for i, day := range days {
		if !day.Date.Equal(law[i].Date) {
			t.Errorf("entry %d on %s, want %s", i, ymd(day.Date), ymd(law[i].Date))
		}
		if ymd(day.Date) == "2033-06-23" {
			if day.NameLV != "Līgo (ar roku)" || day.Source != SourceManual {
				t.Errorf("the manual entry changed: %+v", day)
			}
		} else if day.Source != SourceLaw || day.NameLV != law[i].NameLV || day.NameEN != law[i].NameEN {
			t.Errorf("entry %+v, want %+v", day, law[i])
		}
	}
	if again, err := s.FillYear(ctx, 2033); err != nil || again != 0 {
		t.Errorf("filling again: %d, %v", again, err)
	}
	var audits int
	if err := s.pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'calendar_day' and action = 'create'
		and summary like '%.2033.%' and actor_name = 'system'`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != len(law) {
		t.Errorf("%d audit entries for 2033, want %d", audits, len(law))
	}
	if _, err := s.FillYear(ctx, 1990); err == nil {
		t.Error("FillYear(1990) accepted")
	}
}

func TestStoreLoadAndSetting(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))
	if _, err := s.FillYear(ctx, 2034); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, NewDay{Date: d("2034-11-21"), Kind: MovedDayOff, NameLV: "Pārcelta brīvdiena"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, NewDay{Date: d("2034-12-02"), Kind: MovedWorkingDay, NameLV: "Darba sestdiena"}); err != nil {
		t.Fatal(err)
	}
	st, err := s.FollowCabinet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cur, _ := s.FollowCabinet(ctx)
		if err := s.SetFollowCabinet(ctx, st.FollowCabinet, cur.Version); err != nil {
			t.Errorf("restoring the setting: %v", err)
		}
	}()
	if err := s.SetFollowCabinet(ctx, true, st.Version); err != nil {
		t.Fatal(err)
	}
	c, err := s.Load(ctx, s.pool)
	if err != nil {
		t.Fatal(err)
	}
	if !c.FollowsCabinet() || !c.Filled(2034) || c.IsWorkingDay(d("2034-11-21")) || !c.IsWorkingDay(d("2034-12-02")) ||
		c.IsWorkingDay(d("2034-06-23")) {
		t.Error("loaded calendar, following the Cabinet")
	}

	cur, _ := s.FollowCabinet(ctx)
	if err := s.SetFollowCabinet(ctx, false, cur.Version-1); !errors.Is(err, errs.Conflict) {
		t.Errorf("stale setting: %v", err)
	}
	if err := s.SetFollowCabinet(ctx, false, cur.Version); err != nil {
		t.Fatal(err)
	}
	after, _ := s.FollowCabinet(ctx)
	if after.FollowCabinet || after.Version != cur.Version+1 {
		t.Errorf("setting after the change: %+v", after)
	}
	c, err = s.Load(ctx, s.pool)
	if err != nil {
		t.Fatal(err)
	}
	if c.FollowsCabinet() || !c.IsWorkingDay(d("2034-11-21")) || c.IsWorkingDay(d("2034-12-02")) {
		t.Error("loaded calendar, not following the Cabinet")
	}
	var summary string
	if err := s.pool.QueryRow(ctx, `select summary from audit_log where entity = 'setting' and entity_id = $1
		order by id desc limit 1`, FollowCabinetKey).Scan(&summary); err != nil {
		t.Fatal(err)
	}
	if summary == "" {
		t.Error("no audit entry for the setting")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Load keeps the built calendar while nothing changes, and sees a change
// made around the store (another server, psql) at its next call.
func TestStoreLoadKeepsUntilChanged(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))
	revisionNow := func() int64 {
		var n int64
		if err := s.pool.QueryRow(ctx, db.RevisionSQL, revision).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	load := func() *Calendar {
		c, err := s.Load(ctx, s.pool)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := revisionNow()
	first, second := load(), load()
	if revisionNow() == before && first != second {
		t.Error("an unchanged calendar was built twice")
	}

	wednesday := d("2038-03-10")
	if !load().IsWorkingDay(wednesday) {
		t.Fatal("2038-03-10 should start as a working day")
	}
	if _, err := s.pool.Exec(ctx, `insert into calendar_days (day, kind, name_lv, name_en, source)
		values ($1, 'holiday', 'Pārbaudes svētki', 'Test holiday', 'manual')`, wednesday); err != nil {
		t.Fatal(err)
	}
	if load().IsWorkingDay(wednesday) {
		t.Error("a holiday inserted around the store was not seen")
	}
	if _, err := s.pool.Exec(ctx, `delete from calendar_days where day = $1`, wednesday); err != nil {
		t.Fatal(err)
	}
	if !load().IsWorkingDay(wednesday) {
		t.Error("a holiday deleted around the store was still counted")
	}

	saturday := d("2038-03-13")
	if _, err := s.pool.Exec(ctx, `insert into calendar_days (day, kind, name_lv, name_en, source)
		values ($1, 'moved_working_day', 'Darba sestdiena', 'Working Saturday', 'cabinet')`, saturday); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.pool.Exec(ctx, `delete from calendar_days where day = $1`, saturday) })
	st, err := s.FollowCabinet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.pool.Exec(ctx, `update settings set value = to_jsonb($2::boolean) where key = $1`, FollowCabinetKey, st.FollowCabinet)
	})
	for _, follow := range []bool{true, false} {
		if _, err := s.pool.Exec(ctx, `update settings set value = to_jsonb($2::boolean) where key = $1`, FollowCabinetKey, follow); err != nil {
			t.Fatal(err)
		}
		if got := load().IsWorkingDay(saturday); got != follow {
			t.Errorf("following the Cabinet %t, set around the store: the moved Saturday working %t", follow, got)
		}
	}
}

// Inside a transaction the kept calendar serves while unchanged; a change
// the transaction made itself is seen there but not kept, so a rollback
// leaves nothing behind.
func TestStoreLoadInTransaction(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t))
	kept, err := s.Load(ctx, s.pool)
	if err != nil {
		t.Fatal(err)
	}
	thursday := d("2038-04-15")
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if c, err := s.Load(ctx, tx); err != nil || (c != kept && c.IsWorkingDay(thursday) != kept.IsWorkingDay(thursday)) {
		t.Fatalf("unchanged, inside a transaction: %v", err)
	}
	if _, err := tx.Exec(ctx, `insert into calendar_days (day, kind, name_lv, name_en, source)
		values ($1, 'holiday', 'Pārbaudes svētki', 'Test holiday', 'manual')`, thursday); err != nil {
		t.Fatal(err)
	}
	c, err := s.Load(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if c.IsWorkingDay(thursday) {
		t.Error("the transaction's own holiday is not seen inside it")
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := s.Load(ctx, s.pool)
	if err != nil {
		t.Fatal(err)
	}
	if !after.IsWorkingDay(thursday) {
		t.Error("a rolled-back holiday was kept")
	}
}
