package ldapauth_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/jimlambrt/gldap"
	"github.com/jimlambrt/gldap/testdirectory"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/ldapauth"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	people     = "ou=people,dc=daugavpils,dc=lv"
	groups     = "ou=groups,dc=daugavpils,dc=lv"
	staffGroup = "CN=PR Desk darbinieki,OU=groups,DC=daugavpils,DC=lv"
	headGroup  = "CN=PR Desk vadītājs,OU=groups,DC=daugavpils,DC=lv"
	serviceDN  = "cn=prdesk-svc," + people
)

// person is a directory user with the attributes Active Directory gives.
func person(cn, name, password string, memberOf ...string) *gldap.Entry {
	attrs := map[string][]string{"cn": {cn}, "displayName": {name}, "mail": {cn + "@daugavpils.lv"}, "password": {password}}
	if len(memberOf) > 0 {
		attrs["memberOf"] = memberOf
	}
	return gldap.NewEntry("cn="+cn+","+people, attrs)
}

// directory is a real LDAP server in the test: the service account, a
// specialist in the staff group, and a clerk of another department in a
// group that gives no role here.
func directory(t *testing.T) *testdirectory.Directory {
	t.Helper()
	return testdirectory.Start(t, testdirectory.WithNoTLS(t), testdirectory.WithLogger(t, hclog.NewNullLogger()),
		testdirectory.WithDefaults(t, &testdirectory.Defaults{
			UserAttr: "cn", UserDN: people, GroupDN: groups,
			Users: []*gldap.Entry{
				person("prdesk-svc", "PR Desk", "servisa-parole"),
				person("ilze.ozola", "Ilze Ozola", "Ziema-2026", strings.ToLower(staffGroup)),
				person("janis.kalns", "Jānis Kalns", "Vasara-2026", "CN=Būvvalde,OU=groups,DC=daugavpils,DC=lv"),
			},
		}))
}

func serve(t *testing.T, d *testdirectory.Directory) *apptest.Server {
	t.Helper()
	return serveAt(t, fmt.Sprintf("ldap://%s:%d?starttls=false", d.Host(), d.Port()))
}

// serveAt is an app of its own whose directory is at ldapURL.
func serveAt(t *testing.T, ldapURL string) *apptest.Server {
	t.Helper()
	groupsSetting := "staff:" + staffGroup + ";head:" + headGroup
	parsed, err := ldapauth.ParseGroups(groupsSetting)
	if err != nil {
		t.Fatal(err)
	}
	return apptest.NewWithConfig(t, func(c *app.Config) {
		c.LDAP = ldapauth.Config{
			URL: ldapURL, BindDN: serviceDN, BindPassword: "servisa-parole",
			BaseDN: people, UserFilter: "(cn=%s)", Groups: parsed,
		}
	})
}

func signIn(t *testing.T, srv *apptest.Server, username, password string) *apptest.Response {
	t.Helper()
	return srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {username}, "password": {password}})
}

type account struct {
	Source, Name, Email string
	Roles               []string
}

func load(t *testing.T, srv *apptest.Server, username string) account {
	t.Helper()
	var a account
	err := srv.Pool.QueryRow(context.Background(), `select source, full_name, email, roles from users where username = $1`, username).
		Scan(&a.Source, &a.Name, &a.Email, &a.Roles)
	if err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	return a
}

func count(t *testing.T, srv *apptest.Server, q string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.Pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSignInWithTheDirectory(t *testing.T) {
	d := directory(t)
	srv := serve(t, d)

	// The first sign-in creates the account from the directory.
	if res := signIn(t, srv, "ilze.ozola", "Ziema-2026"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("a directory user's first sign-in: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	a := load(t, srv, "ilze.ozola")
	if a.Source != auth.SourceDirectory || a.Name != "Ilze Ozola" || a.Email != "ilze.ozola@daugavpils.lv" || !slices.Equal(a.Roles, []string{"staff"}) {
		t.Errorf("the account made at sign-in: %+v", a)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'user' and action = 'create' and summary like 'Konts izveidots, piesakoties ar pašvaldības katalogu%'`); n != 1 {
		t.Errorf("%d audit entries of the account's creation", n)
	}

	// The directory's password, not any other.
	if res := signIn(t, srv, "ilze.ozola", "Ziema-2025"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Nepareizs lietotājvārds vai parole.") {
		t.Errorf("a wrong password: %d", res.StatusCode)
	}
	if res := signIn(t, srv, "ilze.ozola", ""); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty password (an anonymous bind): %d, want 422", res.StatusCode)
	}
	if n := count(t, srv, `select count(*) from login_attempts where username = 'ilze.ozola' and outcome = 'failure'`); n != 2 {
		t.Errorf("%d failures recorded, want 2", n)
	}

	// In no group that gives a role: the password is right, the door shut.
	res := signIn(t, srv, "janis.kalns", "Vasara-2026")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "nav piešķirta piekļuve šai sistēmai") {
		t.Errorf("a user in no group of ours: %d", res.StatusCode)
	}
	if n := count(t, srv, `select count(*) from users where username = 'janis.kalns'`); n != 0 {
		t.Error("an account was made for a user in no group of ours")
	}

	// Moved to the head's group in the directory: the next sign-in says so.
	users := d.Users()
	for i, u := range users {
		if strings.HasPrefix(u.DN, "cn=ilze.ozola,") {
			users[i] = person("ilze.ozola", "Ilze Ozola-Liepa", "Ziema-2026", headGroup)
		}
	}
	d.SetUsers(users...)
	if res := signIn(t, srv, "ilze.ozola", "Ziema-2026"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in after the move: %d", res.StatusCode)
	}
	if a := load(t, srv, "ilze.ozola"); !slices.Equal(a.Roles, []string{"head"}) || a.Name != "Ilze Ozola-Liepa" {
		t.Errorf("after the move: %+v", a)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'user' and summary like '%lomas: head (bija: staff)'`); n != 1 {
		t.Errorf("%d audit entries of the roles' change", n)
	}

	// Local accounts sign in as before, the directory not asked.
	if res := signIn(t, srv, "clerk", demo.Password); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a local account with a directory: %d", res.StatusCode)
	}

	// The directory down (nothing listens where it was): its users are
	// told so, local accounts go on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	srv = serveAt(t, "ldap://"+l.Addr().String()+"?starttls=false")
	res = signIn(t, srv, "ilze.ozola", "Ziema-2026")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "nevar sazināties ar pašvaldības lietotāju katalogu") {
		t.Errorf("the directory down: %d", res.StatusCode)
	}
	if res := signIn(t, srv, "clerk", demo.Password); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a local account with the directory down: %d", res.StatusCode)
	}
}

func TestParseGroups(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]auth.Role
		ok   bool
	}{
		{"staff:CN=A,DC=lv; head:CN=B,DC=lv", map[string]auth.Role{"cn=a,dc=lv": "staff", "cn=b,dc=lv": "head"}, true},
		{"chief:CN=A,DC=lv", nil, false},
		{"staff", nil, false},
		{"staff:", nil, false},
		{"", nil, false},
	} {
		got, err := ldapauth.ParseGroups(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseGroups(%q): %v", tc.in, err)
			continue
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("ParseGroups(%q)[%q] = %q, want %q", tc.in, k, got[k], v)
			}
		}
	}
}
