package drafts_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/drafts"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// signedIn is ctx with a new account of its own signed in.
func signedIn(t *testing.T, pool *pgxpool.Pool, username string) context.Context {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		id, err = auth.Insert(ctx, tx, &auth.User{Username: username, FullName: "Anna Melnraksta", Roles: []auth.Role{auth.RoleClerk}, Active: true}, "x", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth.WithUser(ctx, &auth.User{ID: id, Username: username})
}

func keep(t *testing.T, pool *pgxpool.Pool, ctx context.Context, form string, v url.Values, now time.Time) string {
	t.Helper()
	var key string
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		key, err = drafts.Keep(ctx, tx, form, v, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// A draft is taken once, by the account that kept it, for its form, before
// it expires; the person's details never need the address.
func TestADraftIsTakenOnceByItsOwnerBeforeItExpires(t *testing.T) {
	pool := dbtest.Pool(t)
	clerk, other := signedIn(t, pool, "draft.clerk"), signedIn(t, pool, "draft.other")
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	v := url.Values{"person_name": {"Elza Kārkliņa"}, "person_code": {"150805-21238"}}
	count := func() int {
		var n int
		if err := pool.QueryRow(context.Background(), `select count(*) from form_drafts`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	key := keep(t, pool, clerk, "petitions.register", v, now)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		form string
		key  string
	}{
		{"another account", other, "petitions.register", key},
		{"another form", clerk, "other.form", key},
		{"no key", clerk, "petitions.register", ""},
		{"a made-up key", clerk, "petitions.register", "../../etc/passwd"},
	} {
		got, err := drafts.Take(tc.ctx, pool, tc.form, tc.key, now)
		if err != nil || len(got) != 0 {
			t.Errorf("%s: %v %v", tc.name, got, err)
		}
	}
	got, err := drafts.Take(clerk, pool, "petitions.register", key, now.Add(time.Minute))
	if err != nil || got.Get("person_name") != "Elza Kārkliņa" || got.Get("person_code") != "150805-21238" {
		t.Fatalf("the owner's draft: %v %v", got, err)
	}
	if again, _ := drafts.Take(clerk, pool, "petitions.register", key, now.Add(time.Minute)); len(again) != 0 {
		t.Error("a draft was read twice")
	}

	// Expired: not given, and swept at the next draft kept.
	old := keep(t, pool, clerk, "petitions.register", v, now)
	if got, _ := drafts.Take(clerk, pool, "petitions.register", old, now.Add(drafts.TTL+time.Second)); len(got) != 0 {
		t.Error("an expired draft was given")
	}
	keep(t, pool, clerk, "petitions.register", v, now)
	keep(t, pool, clerk, "petitions.register", v, now.Add(2*drafts.TTL))
	if n := count(); n != 1 {
		t.Errorf("%d drafts left after the sweep, want the last one", n)
	}
	var audits int
	if err := pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'form_draft' and action = 'take'`).Scan(&audits); err != nil || audits != 1 {
		t.Errorf("%d audit entries of a draft taken (%v)", audits, err)
	}
}
