package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// A session unused for an hour is signed out; using it within the hour keeps it,
// and the session is written at most once a minute.
func TestIdleTimeout(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	var id int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
		id, err = Insert(ctx, tx, &User{Username: "idle-user", FullName: "Ilze Dīka", Roles: []Role{RoleStaff}, Active: true}, "x", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// apptest makes its accounts only in a database without any.
	t.Cleanup(func() { pool.Exec(ctx, "delete from users where id = $1", id) })
	sm := scs.New()
	clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	h := NewHandler(Deps{Pool: pool, Sessions: sm, Now: func() time.Time { return clock }})
	commits := 0
	app := sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/signin" {
			sm.Put(r.Context(), sessionUserID, id)
			sm.Put(r.Context(), sessionLastSeen, clock.Unix())
			return
		}
		if sm.Status(r.Context()) == scs.Modified {
			commits++
		}
		h.LoadUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if UserFrom(r.Context()) == nil {
				w.WriteHeader(http.StatusUnauthorized)
			}
		})).ServeHTTP(w, r)
		if sm.Status(r.Context()) == scs.Modified {
			commits++
		}
	}))
	var cookie *http.Cookie
	do := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			cookie = c
		}
		return rec
	}
	do("/signin")
	commits = 0
	for i := 0; i < 5; i++ {
		clock = clock.Add(10 * time.Second)
		if rec := do("/"); rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	if commits != 0 {
		t.Errorf("the session was written %d times within a minute", commits)
	}
	clock = clock.Add(59 * time.Minute) // an hour after sign-in, 59 minutes after the last write
	if rec := do("/"); rec.Code != http.StatusOK {
		t.Fatalf("within the idle time: %d", rec.Code)
	}
	clock = clock.Add(61 * time.Minute)
	rec := do("/")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2F" {
		t.Errorf("after 61 idle minutes: %d %q, want a redirect to sign in", rec.Code, rec.Header().Get("Location"))
	}
}
