package users_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
)

const adminWithPersonalData = "Sistēmas administratora lomu nevar apvienot ar lomām, kurās redz personas datus."

// The administrator could tick the staff role on their own account and
// then read the whole registry. Their own form no longer offers their
// roles, and the store refuses them changed whatever is posted.
func TestNobodyChangesTheirOwnRoles(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	self := create(t, srv, admin, "own.roles", "Valda Kļava", "admin")
	me := srv.SignIn(t, "own.roles", goodPassword)

	page := me.Get(t, path(self, ""))
	if strings.Contains(page.Body, `name="roles"`) {
		t.Error("one's own form offers one's roles")
	}
	if own := regexp.MustCompile(`data-testid="own-roles">([^<]*)<`).FindStringSubmatch(page.Body); own == nil || own[1] != "Sistēmas administrators" ||
		!strings.Contains(page.Body, "Savas lomas mainīt nevar; tās var mainīt cits sistēmas administrators.") {
		t.Error("one's own form does not show one's roles as text with why")
	}
	entries := len(auditOf(t, srv, self.ID))

	for _, roles := range [][]string{{"admin", "staff"}, {"staff"}, {"head"}, {"admin", "clerk"}} {
		v := editForm(self)
		v["roles"] = roles
		res := me.PostForm(t, path(self, ""), v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("posting own roles %v: %d, want 422", roles, res.StatusCode)
			continue
		}
		wantFieldError(t, res, "roles", "Savas lomas mainīt nevar.")
		if !strings.Contains(regexp.MustCompile(`data-testid="own-roles">[^<]*<`).FindString(res.Body), ">Sistēmas administrators<") {
			t.Error("the refused form shows other roles than the account's")
		}
	}
	if b := load(t, srv, "own.roles"); strings.Join(b.Roles, ",") != "admin" || b.Version != self.Version || len(auditOf(t, srv, self.ID)) != entries {
		t.Errorf("own roles changed: %+v", b)
	}

	// The form as it is (no roles posted) saves the rest, the roles kept.
	v := editForm(self)
	v.Del("roles")
	v.Set("full_name", "Valda Kļaviņa")
	if res := me.PostForm(t, path(self, ""), v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving one's own name: %d", res.StatusCode)
	}
	if b := load(t, srv, "own.roles"); b.FullName != "Valda Kļaviņa" || strings.Join(b.Roles, ",") != "admin" {
		t.Errorf("stored %+v", b)
	}

	// Another administrator may change them.
	b := load(t, srv, "own.roles")
	v = editForm(b)
	v["roles"] = []string{"director"}
	if res := admin.PostForm(t, path(b, ""), v); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another administrator changing the roles: %d", res.StatusCode)
	}
}

// No account holds the administrator's role with one that reads personal
// data: not when made, not when edited, not through prdesk user create.
func TestAdministratorHoldsNoRoleThatReadsPersonalData(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	before := userCount(t, srv)
	for _, r := range auth.Roles {
		if r == auth.RoleAdmin {
			continue
		}
		res := admin.PostForm(t, "/admin/users/new", url.Values{
			"username": {"both." + string(r)}, "full_name": {"Divas Lomas"}, "roles": {"admin", string(r)}, "password": {goodPassword},
		})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("admin and %s: %d, want 422", r, res.StatusCode)
			continue
		}
		wantFieldError(t, res, "roles", adminWithPersonalData)
	}
	if after := userCount(t, srv); after != before {
		t.Errorf("%d accounts made with both", after-before)
	}

	other := create(t, srv, admin, "other.admin", "Ivars Egle", "admin")
	staff := create(t, srv, admin, "plain.staff", "Ilona Egle", "staff")
	for _, c := range []struct {
		a     account
		roles []string
	}{{other, []string{"admin", "staff"}}, {other, []string{"admin", "deputy"}}, {staff, []string{"staff", "admin"}}} {
		v := editForm(c.a)
		v["roles"] = c.roles
		res := admin.PostForm(t, path(c.a, ""), v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s given %v: %d, want 422", c.a.Username, c.roles, res.StatusCode)
			continue
		}
		wantFieldError(t, res, "roles", adminWithPersonalData)
		if !strings.Contains(res.Body, `name="roles" value="admin" checked`) {
			t.Error("the refused form lost the roles ticked")
		}
	}
	if a, s := load(t, srv, "other.admin"), load(t, srv, "plain.staff"); strings.Join(a.Roles, ",") != "admin" || strings.Join(s.Roles, ",") != "staff" {
		t.Errorf("roles changed: %v, %v", a.Roles, s.Roles)
	}

	// The way prdesk user create and the demo data write accounts.
	err := pgx.BeginFunc(context.Background(), srv.Pool, func(tx pgx.Tx) error {
		_, err := auth.Insert(context.Background(), tx, &auth.User{Username: "cli.both", FullName: "Komandrinda", Roles: []auth.Role{auth.RoleAdmin, auth.RoleHead}, Active: true}, "x", nil)
		return err
	})
	if fe, ok := errs.AsField(err); !ok || fe.Field != "roles" {
		t.Errorf("auth.Insert of admin and head: %v, want the roles field's refusal", err)
	}
}

// Giving a role that reads personal data, and setting the password of an
// account that holds one, is written down for the head, who sees it on
// /admin/access and on the home page; the administrator does not.
func TestGrantsOfPersonalDataAreShownToTheHead(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	head := srv.SignIn(t, "head", "demo")
	a := create(t, srv, admin, "grant.staff", "Edgars Priede", "staff")
	b := create(t, srv, admin, "grant.director", "Laura Priede", "director")
	c := create(t, srv, admin, "grant.admin", "Juris Priede", "admin")

	v := editForm(b)
	v["roles"] = []string{"director", "clerk"}
	if res := admin.PostForm(t, path(b, ""), v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding a role: %d", res.StatusCode)
	}
	b = load(t, srv, "grant.director")
	v = editForm(b)
	v["roles"] = []string{"clerk"}
	if res := admin.PostForm(t, path(b, ""), v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing a role: %d", res.StatusCode)
	}
	for _, x := range []account{a, c} {
		if res := admin.PostForm(t, path(x, "/password"), url.Values{"new_password": {goodPassword + "2"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("setting a password: %d", res.StatusCode)
		}
	}

	res := head.Get(t, "/admin/access")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the head's list: %d", res.StatusCode)
	}
	rows := regexp.MustCompile(`(?s)<tr>\s*<td>.*?</tr>`).FindAllString(res.Body, -1)
	var mine []string
	for _, r := range rows {
		if strings.Contains(r, "grant.") {
			mine = append(mine, strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(r, " ")), " "))
		}
	}
	want := []string{
		"Edgars Priede (grant.staff) Iestatīta jauna parole (lomas: Nodaļas speciālists) Jānis Ozols",
		"Laura Priede (grant.director) Piešķirtas lomas: Apmeklētāju reģistrators Jānis Ozols",
		"Laura Priede (grant.director) Piešķirtas lomas: Izpilddirektors Jānis Ozols",
		"Edgars Priede (grant.staff) Piešķirtas lomas: Nodaļas speciālists Jānis Ozols",
	}
	if len(mine) != len(want) {
		t.Fatalf("the head's list shows %d rows of these accounts, want %d:\n%s", len(mine), len(want), strings.Join(mine, "\n"))
	}
	for i, w := range want {
		if !strings.HasSuffix(mine[i], w) {
			t.Errorf("row %d: %q, want it to end %q", i, mine[i], w)
		}
	}
	if home := head.Get(t, "/"); !regexp.MustCompile(`Pēdējās 14 dienās piešķirtas piekļuves personas datiem: \d+\.`).MatchString(home.Body) ||
		!strings.Contains(home.Body, `href="/admin/access"`) {
		t.Error("the head's home page does not say access was given")
	}
	for _, who := range []string{"admin", "staff", "director"} {
		if res := srv.Client(t, who).Get(t, "/admin/access"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s opens the list: %d, want 403", who, res.StatusCode)
		}
	}
	if home := admin.Get(t, "/"); strings.Contains(home.Body, "piešķirtas piekļuves") {
		t.Error("the administrator's home page shows the grants")
	}
}
