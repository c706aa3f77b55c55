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

// The accounts' revision travels with the session: read in the session's
// query, handed to LoadUser inside the session's values, never stored.
// While it stands, LoadUser answers from the account it kept (the same
// *User, no query); a change to the account moves it on and the next
// request reads the account again.
func TestLoadUserAnswersFromTheKeptAccount(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	var id int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
		id, err = Insert(ctx, tx, &User{Username: "kept-user", FullName: "Kārlis Krūmiņš", Roles: []Role{RoleStaff}, Active: true}, "x", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// apptest seeds its accounts only into a database without any.
	t.Cleanup(func() { pool.Exec(ctx, "delete from users where id = $1", id) })
	sm := scs.New()
	sm.Store = NewSessionStore(pool)
	sm.Codec = SessionCodec{}
	clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	h := NewHandler(Deps{Pool: pool, Sessions: sm, Now: func() time.Time { return clock }})
	var seen []*User
	var revisions []int64
	app := sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/signin" {
			sm.Put(r.Context(), sessionUserID, id)
			sm.Put(r.Context(), sessionLastSeen, clock.Unix())
			return
		}
		h.LoadUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = append(seen, UserFrom(r.Context()))
			n, ok := UsersRevision(r.Context())
			if !ok {
				t.Error("no accounts' revision with a signed-in user")
			}
			revisions = append(revisions, n)
		})).ServeHTTP(w, r)
	}))
	var cookie *http.Cookie
	do := func(path string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			cookie = c
		}
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, rec.Code)
		}
	}
	do("/signin")
	do("/")
	do("/")
	if len(seen) != 2 || seen[0] == nil || seen[0] != seen[1] || revisions[0] != revisions[1] {
		t.Fatalf("the second request did not get the kept account: %v at %v", seen, revisions)
	}
	if _, err := pool.Exec(ctx, "update users set full_name = 'Kārlis Ozols' where id = $1", id); err != nil {
		t.Fatal(err)
	}
	do("/")
	if u := seen[2]; u == seen[1] || u.FullName != "Kārlis Ozols" || revisions[2] <= revisions[1] {
		t.Errorf("after the change: %q at revision %d (before: %d)", u.FullName, revisions[2], revisions[1])
	}

	// The revision is never stored with the session.
	var data []byte
	if err := pool.QueryRow(ctx, "select data from sessions where token = $1", cookie.Value).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if data[0] == usersRevisionFrame {
		t.Fatal("a stored session is framed with a revision")
	}
	if _, values, err := (SessionCodec{}).Decode(data); err != nil || values[sessionUserID] != id {
		t.Fatalf("stored session: %v %v", values, err)
	} else if _, ok := values[sessionUsersRevision]; ok {
		t.Error("the accounts' revision was stored with the session")
	}
}

func TestSessionCodecTakesTheRevisionFrame(t *testing.T) {
	deadline := time.Date(2026, 11, 27, 22, 15, 0, 0, time.UTC)
	stored, err := SessionCodec{}.Encode(deadline, map[string]any{"user_id": int64(7), sessionUsersRevision: int64(3)})
	if err != nil {
		t.Fatal(err)
	}
	_, values, err := SessionCodec{}.Decode(stored)
	if err != nil || len(values) != 1 {
		t.Fatalf("Encode kept the revision: %v %v", values, err)
	}
	for _, b := range [][]byte{stored, mustGob(t, deadline)} {
		d, values, err := SessionCodec{}.Decode(withUsersRevision(b, 41))
		if err != nil || !d.Equal(deadline) || values[sessionUsersRevision] != int64(41) || values["user_id"] != int64(7) {
			t.Errorf("framed session: %v %v %v", d, values, err)
		}
	}
	if _, _, err := (SessionCodec{}).Decode([]byte{usersRevisionFrame}); err == nil {
		t.Error("a frame without a revision decoded")
	}
}

func mustGob(t *testing.T, deadline time.Time) []byte {
	t.Helper()
	b, err := scs.GobCodec{}.Encode(deadline, map[string]any{"user_id": int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
