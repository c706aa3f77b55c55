package audit_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func record(t *testing.T, srv *apptest.Server, actor audit.Actor, e audit.Entry) {
	t.Helper()
	err := pgx.BeginFunc(context.Background(), srv.Pool, func(tx pgx.Tx) error {
		return audit.RecordAs(context.Background(), tx, actor, e)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecordIsPartOfTheTransaction(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	boom := fmt.Errorf("the change failed")
	err := pgx.BeginFunc(ctx, srv.Pool, func(tx pgx.Tx) error {
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "rollback-test", EntityID: 1, Action: "update", Summary: "x"}); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("err = %v", err)
	}
	var n int
	srv.Pool.QueryRow(ctx, "select count(*) from audit_log where entity = 'rollback-test'").Scan(&n)
	if n != 0 {
		t.Errorf("a rolled-back change left %d audit entries", n)
	}
}

func TestLogPageFiltersAndPages(t *testing.T) {
	srv := apptest.New(t)
	var staffID int64
	srv.Pool.QueryRow(context.Background(), "select id from users where username = 'staff'").Scan(&staffID)
	for i := 0; i < 60; i++ {
		record(t, srv, audit.Actor{ID: staffID, Name: "staff"}, audit.Entry{Entity: "press_release", EntityID: i, Action: "update", Summary: fmt.Sprintf("Relīze %d <b>labota</b>", i)})
	}
	record(t, srv, audit.System, audit.Entry{Entity: "other_thing", EntityID: 7, Action: "create", Summary: "Cits ieraksts"})
	admin := srv.Client(t, "admin")

	res := admin.Get(t, "/admin/audit?entity=press_release")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "Cits ieraksts") {
		t.Error("the entity filter let another entity through")
	}
	if !strings.Contains(res.Body, "Relīze 59 &lt;b&gt;labota&lt;/b&gt;") {
		t.Error("the newest entry is missing or its summary is not escaped")
	}
	if strings.Contains(res.Body, "Relīze 9 ") {
		t.Error("the first page holds more than 50 entries")
	}
	i := strings.Index(res.Body, `rel="next"`)
	if i < 0 {
		t.Fatal("no next page link")
	}
	href := res.Body[strings.LastIndex(res.Body[:i], `href="`)+6:]
	href = strings.ReplaceAll(href[:strings.Index(href, `"`)], "&amp;", "&")
	next := admin.Get(t, "/admin/audit"+href)
	if !strings.Contains(next.Body, "Relīze 9 ") || strings.Contains(next.Body, "Relīze 59 ") {
		t.Errorf("the second page (%s) is wrong", href)
	}
	byUser := admin.Get(t, fmt.Sprintf("/admin/audit?user=%d", staffID))
	if strings.Contains(byUser.Body, "Cits ieraksts") {
		t.Error("the user filter let the system's entry through")
	}
	if bad := admin.Get(t, "/admin/audit?from=31.02.2026"); bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "dd.mm.gggg") {
		t.Errorf("a bad date: %d", bad.StatusCode)
	}
	future := admin.Get(t, "/admin/audit?from=01.01.2099")
	if !strings.Contains(future.Body, "Atlasei neatbilst neviens ieraksts.") {
		t.Error("a date range with nothing in it does not say so")
	}
	if res := srv.Client(t, "head").Get(t, "/admin/audit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("head sees the audit log: %d", res.StatusCode)
	}
}
