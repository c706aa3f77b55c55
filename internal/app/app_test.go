package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/press/presstest"
	"github.com/daugavpils/prdesk/internal/privacy/privacytest"
	"github.com/daugavpils/prdesk/internal/reports/reportstest"
	"github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var param = regexp.MustCompile(`\{[^}]+\}`)

// Every route answers every role as the permission table says, on real
// records: 403 without the permission, or where the route's own check on
// the record refuses the account (an official opening another official's
// booking); with it, anything but 403, 404 or a server error, so an
// allowed route cannot pass on a record that does not exist. Every role in
// auth has a demo account, the deputy too.
func TestEveryRouteForEveryRole(t *testing.T) {
	srv := apptest.New(t)
	routes := srv.App.Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	samples := map[string][]apptest.RouteSample{}
	for _, area := range routeSamples {
		for _, s := range area(t, srv.Pool) {
			samples[s.Pattern] = append(samples[s.Pattern], s)
		}
	}
	var checked int
	validated := map[string]bool{} // pages whose HTML was checked (htmlProblems), once each
	for _, role := range auth.Roles {
		acc, ok := accountOf(role)
		if !ok {
			t.Errorf("no demo account holds the role %s", role)
			continue
		}
		client := srv.Client(t, acc.Username)
		for _, rt := range routes {
			if rt.Perm == auth.Public {
				continue // signing out here would sign the client out
			}
			cases := samples[rt.Pattern]
			if len(cases) == 0 && !param.MatchString(rt.Pattern) {
				cases = []apptest.RouteSample{{Pattern: rt.Pattern, Path: rt.Pattern}}
			}
			if param.MatchString(rt.Pattern) {
				if len(cases) == 0 {
					if role == auth.Roles[0] {
						t.Errorf("%s %s: no route sample with a real record (the area's <area>test.RouteSamples gives them)", rt.Method, rt.Pattern)
					}
					continue
				}
			}
			for _, c := range cases {
				var res *apptest.Response
				if rt.Method == http.MethodGet {
					res = client.Get(t, c.Path)
				} else {
					res = client.PostForm(t, c.Path, c.Form)
				}
				checked++
				allowed := auth.Can(acc.Roles, rt.Perm) && !slices.Contains(c.Refused, acc.Username)
				if res.StatusCode == http.StatusOK && strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && !validated[c.Path] {
					validated[c.Path] = true
					for _, p := range htmlProblems(res.Body) {
						t.Errorf("%s %s as %s: %s", rt.Method, c.Path, acc.Username, p)
					}
				}
				// Each role sees its own page (the home page's tiles, the
				// actions offered): every one is read for words not Latvian.
				if res.StatusCode == http.StatusOK && strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					for _, p := range latvianProblems(res.Body) {
						t.Errorf("%s %s as %s: %s", rt.Method, c.Path, acc.Username, p)
					}
				}
				switch {
				case allowed && (res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound || res.StatusCode >= 500):
					t.Errorf("%s %s %s: status %d, want access", acc.Username, rt.Method, c.Path, res.StatusCode)
				case allowed && strings.HasPrefix(res.Header.Get("Location"), "/login"):
					t.Errorf("%s %s %s: sent to sign in", acc.Username, rt.Method, c.Path)
				case !allowed && res.StatusCode != http.StatusForbidden:
					t.Errorf("%s %s %s: status %d, want 403", acc.Username, rt.Method, c.Path, res.StatusCode)
				}
			}
		}
	}
	for pattern := range samples {
		if !slices.ContainsFunc(routes, func(rt auth.Route) bool { return rt.Pattern == pattern }) {
			t.Errorf("a sample of %s, which is no route", pattern)
		}
	}
	t.Logf("%d requests over %d routes and %d roles", checked, len(routes), len(auth.Roles))
}

// routeSamples give the routes with a path parameter a real record, an
// area's function each; the platform's own (accounts, calendar) are here.
var routeSamples = []func(testing.TB, *pgxpool.Pool) []apptest.RouteSample{
	platformRouteSamples,
	petitionstest.RouteSamples,
	visitorstest.RouteSamples,
	privacytest.RouteSamples,
	contactstest.RouteSamples,
	contactstest.ListRouteSamples,
	twincitiestest.RouteSamples,
	presstest.RouteSamples,
	monitoringtest.RouteSamples,
	delegationstest.RouteSamples,
	awardstest.RouteSamples,
	reportstest.RouteSamples,
}

// platformRouteSamples: an account nobody signs in with (the routes would
// otherwise deactivate or reset a demo account), and a day of the calendar
// far ahead; each call (each test that walks the routes) its own.
func platformRouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	ctx := context.Background()
	n := platformSamplesMade.Add(1)
	username := "routes.sample"
	if n > 1 {
		username += strconv.FormatInt(n, 10)
	}
	sampleDay := time.Date(2090, 3, 15+7*int(n-1), 0, 0, 0, 0, time.UTC)
	var user, day int64
	err := db.InTx(ctx, pool, func(tx pgx.Tx) (err error) {
		if user, err = auth.Insert(ctx, tx, &auth.User{Username: username, FullName: "Paraugs Maršruts",
			Roles: []auth.Role{auth.RoleStaff}, Active: true}, "x", nil); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `insert into calendar_days (day, kind, name_lv, name_en, source)
			values ($1, 'holiday', 'Parauga svētki', 'Sample holiday', 'manual') returning id`, sampleDay).Scan(&day)
	})
	if err != nil {
		t.Fatal(err)
	}
	u, d := "/admin/users/"+strconv.FormatInt(user, 10), "/admin/calendar/days/"+strconv.FormatInt(day, 10)
	return []apptest.RouteSample{
		{Pattern: "/admin/users/{id}", Path: u},
		{Pattern: "/admin/users/{id}/activate", Path: u + "/activate"},
		{Pattern: "/admin/users/{id}/deactivate", Path: u + "/deactivate"},
		{Pattern: "/admin/users/{id}/password", Path: u + "/password"},
		{Pattern: "/admin/users/{id}/two-factor/reset", Path: u + "/two-factor/reset"},
		{Pattern: "/admin/calendar/days/{id}", Path: d},
		{Pattern: "/admin/calendar/days/{id}/remove", Path: d + "/remove"},
	}
}

var platformSamplesMade atomic.Int64

func accountOf(role auth.Role) (demo.Account, bool) {
	for _, a := range demo.Accounts {
		if slices.Contains(a.Roles, role) {
			return a, true
		}
	}
	return demo.Account{}, false
}

func TestSignedOutIsSentToSignIn(t *testing.T) {
	srv := apptest.New(t)
	anon := srv.Anonymous(t)
	for _, rt := range srv.App.Routes() {
		if rt.Perm == auth.Public || rt.Method != http.MethodGet {
			continue
		}
		path := param.ReplaceAllString(rt.Pattern, "1")
		res := anon.Get(t, path)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s signed out: %d %q, want 303 to /login", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func TestNavigationShowsEachRoleItsAreas(t *testing.T) {
	srv := apptest.New(t)
	want := map[string][]string{
		"admin":    {"/admin/users", "/admin/audit", "/admin/calendar"},
		"head":     {"/petitions", "/visitors", "/press", "/monitoring", "/delegations", "/awards", "/twincities", "/contacts", "/marketing", "/publishing", "/materials", "/archive", "/tasks", "/reports"},
		"staff":    {"/petitions", "/visitors", "/press", "/tasks"},
		"clerk":    {"/visitors", "/petitions"},
		"director": {"/reports", "/petitions"},
		"chair":    {"/petitions", "/visitors"},
	}
	notWant := map[string][]string{
		"admin":    {"/petitions", "/visitors", "/reports"},
		"staff":    {"/admin/users", "/reports"},
		"clerk":    {"/press", "/reports", "/admin/users"},
		"director": {"/press", "/admin/users"},
		"chair":    {"/press", "/admin/users", "/reports"},
	}
	nav := regexp.MustCompile(`(?s)<nav class="sidenav".*?</nav>`)
	for user, paths := range want {
		body := nav.FindString(srv.Client(t, user).Get(t, "/").Body)
		for _, p := range paths {
			if !strings.Contains(body, `href="`+p+`"`) {
				t.Errorf("%s's navigation lacks %s", user, p)
			}
		}
		for _, p := range notWant[user] {
			if strings.Contains(body, `href="`+p+`"`) {
				t.Errorf("%s's navigation shows %s", user, p)
			}
		}
	}
}

func TestSecurityHeadersAndHealth(t *testing.T) {
	srv := apptest.New(t)
	res := srv.Anonymous(t).Get(t, "/login")
	if res.StatusCode != 200 {
		t.Fatalf("/login: %d", res.StatusCode)
	}
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	if got := res.Header.Get("Referrer-Policy"); got != "same-origin" {
		t.Errorf("Referrer-Policy = %q", got)
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
	if strings.Contains(res.Body, "<script>") || regexp.MustCompile(`<script[^>]*>[^<]+</script>`).MatchString(res.Body) {
		t.Error("the page has an inline script")
	}
	if h := srv.Anonymous(t).Get(t, "/healthz"); h.StatusCode != 200 {
		t.Errorf("/healthz = %d", h.StatusCode)
	}
}

func TestHealthWithoutDatabase(t *testing.T) {
	pool, err := db.Open(context.Background(), dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := app.FromEnv(func(string) string { return "" })
	a, err := app.New(cfg, pool)
	if err != nil {
		t.Fatal(err)
	}
	pool.Close()
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/healthz without a database = %d, want 503", rec.Code)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "head")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/lang", strings.NewReader("lang=en"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.Do(t, req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
}

func TestBodyLimit(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Anonymous(t)
	res := c.PostForm(t, "/login", url.Values{"username": {strings.Repeat("a", 2<<20)}, "password": {"x"}})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body: %d, want 413", res.StatusCode)
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	if !strings.Contains(c.Get(t, "/").Body, `lang="lv"`) {
		t.Fatal("default language is not Latvian")
	}
	res := c.PostForm(t, "/lang", url.Values{"lang": {"en"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	body := c.Get(t, "/press").Body
	if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "Sign out") {
		t.Error("English was not remembered")
	}
}

// HEAD works wherever GET does, with GET's headers and no body, and a
// method a route does not take answers 405 naming the ones it does.
func TestHeadAndMethodNotAllowed(t *testing.T) {
	srv := apptest.New(t)
	for _, path := range []string{"/login", "/healthz", "/readyz"} {
		req, _ := http.NewRequest(http.MethodHead, srv.URL+path, nil)
		res := srv.Anonymous(t).Do(t, req)
		if res.StatusCode != http.StatusOK || res.Body != "" || res.Header.Get("Content-Type") == "" {
			t.Errorf("HEAD %s: %d, %d bytes, Content-Type %q", path, res.StatusCode, len(res.Body), res.Header.Get("Content-Type"))
		}
	}
	head := srv.Client(t, "head")
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/petitions", nil)
	if res := head.Do(t, req); res.StatusCode != http.StatusOK {
		t.Errorf("HEAD /petitions signed in: %d", res.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPut, srv.URL+"/login", nil)
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res := srv.Anonymous(t).Do(t, req)
	allow := strings.Join(res.Header.Values("Allow"), ", ")
	if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("PUT /login: %d, Allow %q", res.StatusCode, allow)
	}
}

// A record that does not exist is not found, on every route that names one
// and for everyone the route lets in: a store that let pgx.ErrNoRows
// through would answer 500 (web.Error knows nothing of pgx).
func TestUnknownRecordsAreNotFound(t *testing.T) {
	srv := apptest.New(t)
	for _, role := range auth.Roles {
		acc, ok := accountOf(role)
		if !ok {
			continue
		}
		client := srv.Client(t, acc.Username)
		for _, rt := range srv.App.Routes() {
			if !param.MatchString(rt.Pattern) || !auth.Can(acc.Roles, rt.Perm) || rt.Perm == auth.Public {
				continue
			}
			path := param.ReplaceAllString(rt.Pattern, "999999999")
			var res *apptest.Response
			if rt.Method == http.MethodGet {
				res = client.Get(t, path)
			} else {
				res = client.PostForm(t, path, url.Values{"version": {"1"}})
			}
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s %s: status %d, want 404", acc.Username, rt.Method, path, res.StatusCode)
			}
		}
	}
}
