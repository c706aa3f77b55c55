package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func createUser(t *testing.T, srv *apptest.Server, username, password string, roles ...auth.Role) int64 {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = pgx.BeginFunc(context.Background(), srv.Pool, func(tx pgx.Tx) error {
		id, err = auth.Insert(context.Background(), tx, &auth.User{Username: username, FullName: "Anna Test", Roles: roles, Active: true}, hash, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func login(t *testing.T, c *apptest.Client, username, password string) *apptest.Response {
	t.Helper()
	return c.PostForm(t, "/login", url.Values{"username": {username}, "password": {password}})
}

func TestSignInAndOut(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Anonymous(t)
	res := login(t, c, "staff", "demo")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	cookie := res.Header.Get("Set-Cookie")
	for _, want := range []string{"prdesk_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if home := c.Get(t, "/"); home.StatusCode != 200 || !strings.Contains(home.Body, "Mārtiņš Bērziņš") {
		t.Fatalf("home after sign-in: %d", home.StatusCode)
	}
	before := sessionRows(t, srv)
	out := c.PostForm(t, "/logout", nil)
	if out.StatusCode != http.StatusSeeOther || out.Header.Get("Location") != "/login?signed_out" {
		t.Fatalf("sign-out: %d %q", out.StatusCode, out.Header.Get("Location"))
	}
	if n := sessionRows(t, srv); n != before-1 {
		t.Errorf("sessions stored: %d before signing out, %d after; want one fewer", before, n)
	}
	if page := c.Get(t, "/login?signed_out"); !strings.Contains(page.Body, `<div class="flash" role="status">Jūs izgājāt no sistēmas.</div>`) {
		t.Error("the sign-in page does not say the person signed out")
	}
	if res := c.Get(t, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("home after sign-out: %d, want a redirect to sign in", res.StatusCode)
	}
}

// Signing out when nobody is signed in stores nothing: 200 such posts
// used to leave 200 session rows for eight hours.
func TestAnonymousSignOutStoresNoSession(t *testing.T) {
	srv := apptest.New(t)
	before := sessionRows(t, srv)
	for range 20 {
		anon := srv.Anonymous(t)
		if res := anon.PostForm(t, "/logout", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("anonymous sign-out: %d", res.StatusCode)
		}
		if res := anon.Get(t, "/login?signed_out"); res.StatusCode != http.StatusOK {
			t.Fatalf("the sign-in page after it: %d", res.StatusCode)
		}
	}
	if n := sessionRows(t, srv); n != before {
		t.Errorf("sessions stored: %d before, %d after 20 anonymous sign-outs", before, n)
	}
}

func sessionRows(t *testing.T, srv *apptest.Server) int {
	t.Helper()
	var n int
	if err := srv.Pool.QueryRow(context.Background(), "select count(*) from sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func sessionToken(res *apptest.Response) string {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "prdesk_session" {
			return c.Value
		}
	}
	return ""
}

func TestSessionTokenIsRenewedAtSignIn(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Anonymous(t)
	// A browser that already holds a session (here, someone else's sign-in
	// on a shared computer) signs in: the token it held must not go on.
	before := sessionToken(login(t, c, "clerk", "demo"))
	if before == "" {
		t.Fatal("no session after the first sign-in")
	}
	after := sessionToken(login(t, c, "staff", "demo"))
	if after == "" || after == before {
		t.Errorf("sign-in kept the session token %q", before)
	}
}

func TestUnknownUserAndWrongPasswordLookAlike(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Anonymous(t)
	wrong := login(t, c, "staff", "not the password")
	unknown := login(t, c, "nobody-here", "demo")
	if wrong.StatusCode != http.StatusUnprocessableEntity || unknown.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("statuses %d and %d, want 422", wrong.StatusCode, unknown.StatusCode)
	}
	const msg = "Nepareizs lietotājvārds vai parole."
	if !strings.Contains(wrong.Body, msg) || !strings.Contains(unknown.Body, msg) {
		t.Error("the two failures do not show the same message")
	}
	if !strings.Contains(wrong.Body, `value="staff"`) {
		t.Error("the user name typed was lost")
	}
}

// A change to an account made anywhere (here by psql's way, around the
// server) shows at the account's next request, though the server keeps the
// accounts it has read.
func TestAccountChangesShowAtNextRequest(t *testing.T) {
	srv := apptest.New(t)
	id := createUser(t, srv, "renamed", "correct horse battery", auth.RoleStaff)
	c := srv.SignIn(t, "renamed", "correct horse battery")
	for range 2 {
		if res := c.Get(t, "/"); res.StatusCode != 200 || !strings.Contains(res.Body, "Anna Test") {
			t.Fatalf("home: %d", res.StatusCode)
		}
	}
	if _, err := srv.Pool.Exec(context.Background(), "update users set full_name = 'Pārdēvēta Persona' where id = $1", id); err != nil {
		t.Fatal(err)
	}
	if res := c.Get(t, "/"); !strings.Contains(res.Body, "Pārdēvēta Persona") {
		t.Error("the new name is not shown at the next request")
	}
}

func TestDeactivatedUserIsSignedOutAtNextRequest(t *testing.T) {
	srv := apptest.New(t)
	id := createUser(t, srv, "leaving", "correct horse battery", auth.RoleStaff)
	c := srv.SignIn(t, "leaving", "correct horse battery")
	// Twice: the second answer comes from the account the server kept.
	for range 2 {
		if res := c.Get(t, "/"); res.StatusCode != 200 {
			t.Fatalf("home: %d", res.StatusCode)
		}
	}
	srv.Pool.Exec(context.Background(), "update users set active = false where id = $1", id)
	res := c.Get(t, "/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("after deactivation: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	srv.Pool.Exec(context.Background(), "update users set active = true where id = $1", id)
	if res := c.Get(t, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the session survived deactivation: %d", res.StatusCode)
	}
	if res := login(t, srv.Anonymous(t), "leaving", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("reactivated user cannot sign in: %d", res.StatusCode)
	}
}

func TestNextIsKeptOnSite(t *testing.T) {
	srv := apptest.New(t)
	for next, want := range map[string]string{
		"/press": "/press", "/petitions?state=registered&sort=due": "/petitions?state=registered&sort=due",
		"//evil.example/": "/", "https://evil.example": "/", "/\\evil": "/",
		// A browser drops tabs and line breaks, leaving //other.host.
		"/\t/other.host/page": "/", "/\n/other.host": "/", "/\r\n/other.host": "/", "/\x00/other.host": "/",
		"/%2F/other.host":     "/", // a path of ours to a browser, but refused rather than reasoned about
		"javascript:alert(1)": "/", " /press": "/", "/login?next=//x": "/",
	} {
		c := srv.Anonymous(t)
		res := c.PostForm(t, "/login", url.Values{"username": {"staff"}, "password": {"demo"}, "next": {next}})
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}

func TestRouteWithoutPermissionStopsStart(t *testing.T) {
	m := auth.NewMux(chi.NewRouter())
	m.Get("/x", auth.Permission("made.up"), func(http.ResponseWriter, *http.Request) {})
	if err := m.Check(); err == nil {
		t.Error("an unknown permission passed the check")
	}
	r := chi.NewRouter()
	m = auth.NewMux(r)
	m.Get("/ok", auth.SignedIn, func(http.ResponseWriter, *http.Request) {})
	r.Get("/sneaky", func(http.ResponseWriter, *http.Request) {})
	if err := m.Check(); err == nil || !strings.Contains(err.Error(), "/sneaky") {
		t.Errorf("a route registered around the Mux passed the check: %v", err)
	}
}

func TestPasswordHashing(t *testing.T) {
	h, err := auth.HashPassword("pareizā parole ā")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Errorf("hash %q is not argon2id", h)
	}
	if !auth.CheckPassword("pareizā parole ā", h) || auth.CheckPassword("pareiza parole a", h) {
		t.Error("password check is wrong")
	}
	if auth.ValidatePassword("īsa") == nil || auth.ValidatePassword("divpadsmit zī") != nil {
		t.Error("length rule is wrong")
	}
}

// Read from the permission table: the administrator reads no residents'
// personal data, every other role does, and so cannot go with it.
func TestWhichRolesReadPersonalData(t *testing.T) {
	for _, r := range auth.Roles {
		if got, want := auth.ReadsPersonalData(r), r != auth.RoleAdmin; got != want {
			t.Errorf("%s reads personal data: %v, want %v", r, got, want)
		}
		if r != auth.RoleAdmin && auth.CheckRoles([]auth.Role{auth.RoleAdmin, r}) == nil {
			t.Errorf("admin and %s together pass", r)
		}
		if auth.CheckRoles([]auth.Role{r}) != nil {
			t.Errorf("%s alone is refused", r)
		}
	}
}
