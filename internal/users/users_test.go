package users_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const goodPassword = "viens-divi-trīs-četri"

var long = strings.Repeat("x", 10000)

type account struct {
	ID       int64
	Username string
	FullName string
	Email    string
	Roles    []string
	Active   bool
	Version  int
	Hash     string
}

func load(t *testing.T, srv *apptest.Server, username string) account {
	t.Helper()
	var a account
	err := srv.Pool.QueryRow(context.Background(), `
		select id, username, full_name, email, roles, active, version, password_hash
		from users where username = $1`, username).
		Scan(&a.ID, &a.Username, &a.FullName, &a.Email, &a.Roles, &a.Active, &a.Version, &a.Hash)
	if err != nil {
		t.Fatalf("load %s: %v", username, err)
	}
	return a
}

func count(t *testing.T, srv *apptest.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func userCount(t *testing.T, srv *apptest.Server) int {
	return count(t, srv, "select count(*) from users")
}

// create makes an account through the form, as the demo administrator.
func create(t *testing.T, srv *apptest.Server, admin *apptest.Client, username, fullName string, roles ...string) account {
	t.Helper()
	res := admin.PostForm(t, "/admin/users/new", url.Values{
		"username": {username}, "full_name": {fullName}, "email": {username + "@daugavpils.lv"},
		"roles": roles, "password": {goodPassword},
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
		t.Fatalf("create %s: %d %q\n%s", username, res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	return load(t, srv, username)
}

func path(a account, suffix string) string {
	return "/admin/users/" + strconv.FormatInt(a.ID, 10) + suffix
}

func editForm(a account) url.Values {
	v := url.Values{"full_name": {a.FullName}, "email": {a.Email}, "roles": a.Roles, "version": {strconv.Itoa(a.Version)}}
	if a.Active {
		v.Set("active", "on")
	}
	return v
}

// wantFieldError checks the GOV.UK pattern: a summary at the top linking to
// the field, and the message beside the field.
func wantFieldError(t *testing.T, res *apptest.Response, field, message string) {
	t.Helper()
	if !strings.Contains(res.Body, `class="error-summary"`) {
		t.Errorf("no error summary")
	}
	if !strings.Contains(res.Body, `href="#`+field+`"`) {
		t.Errorf("the summary does not link to #%s", field)
	}
	if !regexp.MustCompile(`id="` + field + `"`).MatchString(res.Body) {
		t.Errorf("no element with id %q for the summary to link to", field)
	}
	beside := regexp.MustCompile(`(?s)id="` + field + `-error"[^>]*>.*?</p>`).FindString(res.Body)
	if !strings.Contains(beside, message) {
		t.Errorf("message beside %s = %q, want %q", field, beside, message)
	}
}

type auditRow struct {
	Action  string
	Summary string
	Details string
}

func auditOf(t *testing.T, srv *apptest.Server, id int64) []auditRow {
	t.Helper()
	rows, err := srv.Pool.Query(context.Background(), `
		select action, summary, coalesce(details::text, '') from audit_log
		where entity = 'user' and entity_id = $1 order by id`, strconv.FormatInt(id, 10))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.Action, &r.Summary, &r.Details); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func noSecrets(t *testing.T, srv *apptest.Server, a account, passwords ...string) {
	t.Helper()
	for _, r := range auditOf(t, srv, a.ID) {
		for _, s := range append(passwords, "argon2", "password_hash", a.Hash) {
			if strings.Contains(r.Summary, s) || strings.Contains(r.Details, s) {
				t.Errorf("audit entry %s holds %q", r.Action, s)
			}
		}
	}
}

func TestListShowsEveryAccountInLatvianOrder(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	// Byte order would put "Dreimane" before "Čakste"; Latvian puts Č right after C.
	create(t, srv, admin, "list.dreimane", "Dreimane Ilze", "staff")
	c := create(t, srv, admin, "list.cakste", "Čakste Anna", "clerk", "deputy")
	create(t, srv, admin, "list.celms", "Celms Pēteris", "head")

	res := admin.Get(t, "/admin/users")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	ic, iCakste, iD := strings.Index(res.Body, "Celms Pēteris"), strings.Index(res.Body, "Čakste Anna"), strings.Index(res.Body, "Dreimane Ilze")
	if ic < 0 || iCakste < 0 || iD < 0 || !(ic < iCakste && iCakste < iD) {
		t.Errorf("order Celms %d, Čakste %d, Dreimane %d: want Celms < Čakste < Dreimane", ic, iCakste, iD)
	}
	n := userCount(t, srv)
	if !strings.Contains(res.Body, "Kopā: "+strconv.Itoa(n)) {
		t.Errorf("no count of %d", n)
	}
	row := regexp.MustCompile(`(?s)<tr><td><a href="` + path(c, "") + `">.*?</tr>`).FindString(res.Body)
	for _, want := range []string{"list.cakste", "list.cakste@daugavpils.lv", "Apmeklētāju reģistrators, Deputāts", `class="badge ok"`, "Aktīvs"} {
		if !strings.Contains(row, want) {
			t.Errorf("row of list.cakste lacks %q: %s", want, row)
		}
	}
}

func TestAdminCreatesAnAccount(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	if res := admin.Get(t, "/admin/users/new"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="roles" value="staff"`) {
		t.Fatalf("new form: %d", res.StatusCode)
	}
	res := admin.PostForm(t, "/admin/users/new", url.Values{
		"username": {"  Create.Ozola "}, "full_name": {"Līga Ozola"}, "email": {""},
		"roles": {"staff", "head"}, "password": {goodPassword},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
	}
	a := load(t, srv, "create.ozola")
	if a.FullName != "Līga Ozola" || a.Email != "" || strings.Join(a.Roles, ",") != "head,staff" || !a.Active {
		t.Errorf("stored %+v", a)
	}
	if list := admin.Get(t, "/admin/users"); !strings.Contains(list.Body, "Konts izveidots.") {
		t.Error("no flash after creating")
	}
	// The new person can sign in with the initial password.
	if home := srv.SignIn(t, "create.ozola", goodPassword).Get(t, "/"); home.StatusCode != http.StatusOK {
		t.Errorf("new user's home: %d", home.StatusCode)
	}
	entries := auditOf(t, srv, a.ID)
	if len(entries) != 2 || entries[0].Action != "create" || !strings.Contains(entries[0].Summary, "Izveidots lietotājs create.ozola, lomas: Nodaļas vadītājs, Nodaļas speciālists") ||
		strings.Contains(entries[0].Summary, "Līga Ozola") || entries[1].Action != "grant_personal_data" {
		t.Errorf("audit: %+v", entries)
	}
	var details []map[string]any
	if err := json.Unmarshal([]byte(entries[0].Details), &details); err != nil || len(details) == 0 {
		t.Fatalf("details %q: %v", entries[0].Details, err)
	}
	for _, d := range details {
		if d["field"] == "full_name" && (d["before"] != nil || d["after"] != "Līga Ozola") {
			t.Errorf("full_name change %v", d)
		}
	}
	noSecrets(t, srv, a, goodPassword)
}

func TestCreateRefusesBadInput(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	good := func() url.Values {
		return url.Values{"username": {"bad.input"}, "full_name": {"Ieva Priede"}, "email": {"ieva@daugavpils.lv"},
			"roles": {"staff"}, "password": {goodPassword}}
	}
	cases := []struct {
		name    string
		change  func(url.Values)
		field   string
		message string
	}{
		{"empty user name", func(v url.Values) { v.Set("username", " ") }, "username", "Ievadiet lietotājvārdu."},
		{"long user name", func(v url.Values) { v.Set("username", long) }, "username", "Ne vairāk kā 40 rakstzīmes."},
		{"user name with spaces", func(v url.Values) { v.Set("username", "ieva priede") }, "username", "Lietotājvārdā var būt tikai"},
		{"user name taken", func(v url.Values) { v.Set("username", "head") }, "username", "Šāds lietotājvārds jau ir aizņemts."},
		{"empty name", func(v url.Values) { v.Set("full_name", "") }, "full_name", "Ievadiet lietotāja vārdu un uzvārdu."},
		{"long name", func(v url.Values) { v.Set("full_name", long) }, "full_name", "Ne vairāk kā 200 rakstzīmes."},
		{"name with NUL", func(v url.Values) { v.Set("full_name", "Ieva\x00Priede") }, "full_name", "vadības rakstzīmju"},
		{"bad e-mail", func(v url.Values) { v.Set("email", "ieva(at)daugavpils") }, "email", "Ievadiet e-pasta adresi"},
		{"long e-mail", func(v url.Values) { v.Set("email", long+"@daugavpils.lv") }, "email", "Ne vairāk kā 254 rakstzīmes."},
		{"no role", func(v url.Values) { v.Del("roles") }, "roles", "Izvēlieties vismaz vienu lomu."},
		{"bogus role", func(v url.Values) { v.Set("roles", "bogus") }, "roles", "Izvēlieties lomas no saraksta."},
		{"long role", func(v url.Values) { v.Set("roles", long) }, "roles", "Izvēlieties lomas no saraksta."},
		{"no password", func(v url.Values) { v.Set("password", "") }, "password", "Ievadiet sākotnējo paroli."},
		{"short password", func(v url.Values) { v.Set("password", "elevenchars") }, "password", "Vismaz 12 rakstzīmes."},
		{"long password", func(v url.Values) { v.Set("password", long) }, "password", "Ne vairāk kā 256 rakstzīmes."},
	}
	before := userCount(t, srv)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := good()
			c.change(v)
			res := admin.PostForm(t, "/admin/users/new", v)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			wantFieldError(t, res, c.field, c.message)
			if c.field != "full_name" && !strings.Contains(res.Body, `value="Ieva Priede"`) {
				t.Error("the form lost what was typed")
			}
			if strings.Contains(res.Body, goodPassword) {
				t.Error("the password is sent back in the page")
			}
		})
	}
	t.Run("everything empty", func(t *testing.T) {
		res := admin.PostForm(t, "/admin/users/new", url.Values{})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		summary := regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`).FindString(res.Body)
		var order []string
		for _, m := range regexp.MustCompile(`href="#([a-z_]+)"`).FindAllStringSubmatch(summary, -1) {
			order = append(order, m[1])
		}
		if got := strings.Join(order, ","); got != "username,full_name,roles,password" {
			t.Errorf("summary lists %s, want the fields in page order", got)
		}
	})
	if after := userCount(t, srv); after != before {
		t.Errorf("bad input saved %d accounts", after-before)
	}
}

func TestScriptInANameIsShownAsText(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	name := `<script>alert("x")</script><b>Ēvele</b>`
	a := create(t, srv, admin, "script.name", name, "staff")
	if a.FullName != name {
		t.Fatalf("stored %q", a.FullName)
	}
	for _, p := range []string{"/admin/users", path(a, "")} {
		body := admin.Get(t, p).Body
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>Ēvele") {
			t.Errorf("%s renders the name as markup", p)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Ēvele&lt;/b&gt;") {
			t.Errorf("%s does not show the name escaped", p)
		}
	}
}

func TestAdminEditsAnAccount(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "edit.kalns", "Andris Kalns", "staff")

	page := admin.Get(t, path(a, ""))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `name="version" value="`+strconv.Itoa(a.Version)+`"`) {
		t.Fatalf("edit page: %d", page.StatusCode)
	}
	v := editForm(a)
	v.Set("full_name", "Andris Kalniņš")
	v.Set("email", "")
	v["roles"] = []string{"clerk", "head"}
	res := admin.PostForm(t, path(a, ""), v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.Body)
	}
	b := load(t, srv, "edit.kalns")
	if b.FullName != "Andris Kalniņš" || b.Email != "" || strings.Join(b.Roles, ",") != "head,clerk" || !b.Active || b.Version != a.Version+1 {
		t.Errorf("stored %+v", b)
	}
	entries := auditOf(t, srv, a.ID)
	last := entries[len(entries)-2] // the last is the grant of the head's and the clerk's roles
	if last.Action != "update" || last.Summary != "Mainīti lietotāja edit.kalns dati: vārds; e-pasts; lomas: Nodaļas speciālists → Nodaļas vadītājs, Apmeklētāju reģistrators" {
		t.Errorf("audit: %+v", last)
	}
	var changes []struct {
		Field  string `json:"field"`
		Before any    `json:"before"`
		After  any    `json:"after"`
	}
	if err := json.Unmarshal([]byte(last.Details), &changes); err != nil {
		t.Fatal(err)
	}
	fields := map[string]bool{}
	for _, c := range changes {
		fields[c.Field] = true
	}
	if len(changes) != 3 || !fields["full_name"] || !fields["email"] || !fields["roles"] {
		t.Errorf("details list %v, want full_name, email, roles only", changes)
	}

	// Saving the form unchanged writes nothing.
	n := len(auditOf(t, srv, a.ID))
	if res := admin.PostForm(t, path(b, ""), editForm(b)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d", res.StatusCode)
	}
	if load(t, srv, "edit.kalns").Version != b.Version || len(auditOf(t, srv, a.ID)) != n {
		t.Error("an unchanged form wrote something")
	}
	noSecrets(t, srv, b)
}

func TestStaleEditIsAConflict(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "stale.liepa", "Zane Liepa", "staff")

	// Someone else saves first.
	first := editForm(a)
	first.Set("full_name", "Zane Liepiņa")
	if res := admin.PostForm(t, path(a, ""), first); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	for name, version := range map[string]string{"stale": strconv.Itoa(a.Version), "not a number": "abc", "missing": ""} {
		t.Run(name, func(t *testing.T) {
			stale := editForm(a)
			stale.Set("version", version)
			stale.Set("full_name", "Zane Ozoliņa")
			res := admin.PostForm(t, path(a, ""), stale)
			if res.StatusCode != http.StatusConflict {
				t.Fatalf("status %d, want 409", res.StatusCode)
			}
			if !strings.Contains(res.Body, "Kāds cits jau ir mainījis šo ierakstu.") {
				t.Error("no conflict message")
			}
			top := strings.Index(res.Body, `data-testid="conflict"`)
			if top < 0 || top > strings.Index(res.Body, "<form method=\"post\" action=\"/admin/users/") {
				t.Error("the conflict message is not at the top")
			}
			// The page now shows what is stored, with its version.
			b := load(t, srv, "stale.liepa")
			if !strings.Contains(res.Body, `value="Zane Liepiņa"`) || !strings.Contains(res.Body, `name="version" value="`+strconv.Itoa(b.Version)+`"`) {
				t.Error("the conflict page does not show the current data")
			}
			if b.FullName != "Zane Liepiņa" {
				t.Errorf("stale form overwrote: %q", b.FullName)
			}
		})
	}
}

func TestEditRefusesBadInput(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "editbad.vilks", "Oskars Vilks", "staff")
	cases := []struct {
		name    string
		change  func(url.Values)
		field   string
		message string
	}{
		{"empty name", func(v url.Values) { v.Set("full_name", "   ") }, "full_name", "Ievadiet lietotāja vārdu un uzvārdu."},
		{"long name", func(v url.Values) { v.Set("full_name", long) }, "full_name", "Ne vairāk kā 200 rakstzīmes."},
		{"name with a line break", func(v url.Values) { v.Set("full_name", "Oskars\nVilks") }, "full_name", "vadības rakstzīmju"},
		{"bad e-mail", func(v url.Values) { v.Set("email", "<script>") }, "email", "Ievadiet e-pasta adresi"},
		{"long e-mail", func(v url.Values) { v.Set("email", long) }, "email", "Ne vairāk kā 254 rakstzīmes."},
		{"no role", func(v url.Values) { v.Del("roles") }, "roles", "Izvēlieties vismaz vienu lomu."},
		{"bogus role", func(v url.Values) { v["roles"] = []string{"staff", "bogus"} }, "roles", "Izvēlieties lomas no saraksta."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := editForm(a)
			c.change(v)
			res := admin.PostForm(t, path(a, ""), v)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			wantFieldError(t, res, c.field, c.message)
		})
	}
	if b := load(t, srv, "editbad.vilks"); b.Version != a.Version || b.FullName != a.FullName || len(auditOf(t, srv, a.ID)) != 2 {
		t.Errorf("bad input changed the account: %+v", b)
	}
	for _, p := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/users/-1"} {
		if res := admin.Get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
	if res := admin.PostForm(t, "/admin/users/999999", editForm(a)); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST to a missing account: %d, want 404", res.StatusCode)
	}
}

// Deactivation takes effect at the person's next request.
func TestDeactivationSignsOutAtTheNextRequest(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "deact.berza", "Dace Bērza", "staff")
	person := srv.SignIn(t, "deact.berza", goodPassword)
	if res := person.Get(t, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("home before: %d", res.StatusCode)
	}

	res := admin.PostForm(t, path(a, "/deactivate"), url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path(a, "") {
		t.Fatalf("deactivate: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if page := admin.Get(t, path(a, "")); !strings.Contains(page.Body, "Konts deaktivizēts") || !strings.Contains(page.Body, `class="badge bad"`) {
		t.Error("the account page does not show the deactivation")
	}
	if list := admin.Get(t, "/admin/users"); !strings.Contains(list.Body, "Deaktivizēts") {
		t.Error("the list does not show the account as deactivated")
	}
	res = person.Get(t, "/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("next request: %d %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
	}
	if login := person.Get(t, "/login"); !strings.Contains(login.Body, "Jūsu konts ir deaktivizēts.") {
		t.Error("no message why")
	}
	if res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"deact.berza"}, "password": {goodPassword}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a deactivated account signs in: %d", res.StatusCode)
	}

	if res := admin.PostForm(t, path(a, "/activate"), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("activate: %d", res.StatusCode)
	}
	if home := srv.SignIn(t, "deact.berza", goodPassword).Get(t, "/"); home.StatusCode != http.StatusOK {
		t.Errorf("after activation: %d", home.StatusCode)
	}
	var actions []string
	for _, e := range auditOf(t, srv, a.ID) {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, ","); got != "create,grant_personal_data,deactivate,activate" {
		t.Errorf("audit actions %s", got)
	}

	// Deactivating through the edit form works the same way, and an open
	// edit form is stale afterwards.
	b := load(t, srv, "deact.berza")
	v := editForm(b)
	v.Del("active")
	if res := admin.PostForm(t, path(b, ""), v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate by form: %d", res.StatusCode)
	}
	if load(t, srv, "deact.berza").Active {
		t.Error("still active")
	}
	if res := admin.PostForm(t, path(b, ""), editForm(b)); res.StatusCode != http.StatusConflict {
		t.Errorf("stale form after deactivation: %d, want 409", res.StatusCode)
	}
}

func TestAdministratorCannotLockThemselfOut(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	self := create(t, srv, admin, "self.admin", "Rita Sproģe", "admin")
	me := srv.SignIn(t, "self.admin", goodPassword)

	page := me.Get(t, path(self, ""))
	if strings.Contains(page.Body, path(self, "/deactivate")) {
		t.Error("own page offers deactivation")
	}
	res := me.PostForm(t, path(self, "/deactivate"), url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("deactivating self: %d, want 422", res.StatusCode)
	}
	wantFieldErrorSummary(t, res, "deactivate", "Savu kontu deaktivizēt nevar.")

	v := editForm(self)
	v.Del("active")
	res = me.PostForm(t, path(self, ""), v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unticking own active box: %d, want 422", res.StatusCode)
	}
	wantFieldError(t, res, "active", "Savu kontu deaktivizēt nevar.")

	v = editForm(self)
	v["roles"] = []string{"staff"}
	res = me.PostForm(t, path(self, ""), v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("dropping own admin role: %d, want 422", res.StatusCode)
	}
	wantFieldError(t, res, "roles", "Savas lomas mainīt nevar.")

	if b := load(t, srv, "self.admin"); !b.Active || b.Version != self.Version || strings.Join(b.Roles, ",") != "admin" {
		t.Errorf("account changed: %+v", b)
	}
	if res := me.Get(t, "/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("still signed in? %d", res.StatusCode)
	}
}

func wantFieldErrorSummary(t *testing.T, res *apptest.Response, field, message string) {
	t.Helper()
	if !strings.Contains(res.Body, `href="#`+field+`"`) || !strings.Contains(res.Body, `id="`+field+`"`) || !strings.Contains(res.Body, message) {
		t.Errorf("no summary entry for %s with %q", field, message)
	}
}

func TestAdminResetsAPassword(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "reset.eglite", "Marta Eglīte", "clerk")
	const newPassword = "jauna parole 2026!"

	for name, c := range map[string]struct{ pw, msg string }{
		"empty": {"", "Ievadiet jauno paroli."},
		"short": {"īsa parole", "Vismaz 12 rakstzīmes."},
		"long":  {long, "Ne vairāk kā 256 rakstzīmes."},
	} {
		t.Run(name, func(t *testing.T) {
			res := admin.PostForm(t, path(a, "/password"), url.Values{"new_password": {c.pw}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			wantFieldError(t, res, "new_password", c.msg)
		})
	}
	if load(t, srv, "reset.eglite").Hash != a.Hash {
		t.Fatal("bad input changed the password")
	}

	res := admin.PostForm(t, path(a, "/password"), url.Values{"new_password": {newPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d\n%s", res.StatusCode, res.Body)
	}
	if page := admin.Get(t, path(a, "")); !strings.Contains(page.Body, "Parole iestatīta.") {
		t.Error("no flash")
	}
	if home := srv.SignIn(t, "reset.eglite", newPassword).Get(t, "/"); home.StatusCode != http.StatusOK {
		t.Errorf("new password: %d", home.StatusCode)
	}
	if res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"reset.eglite"}, "password": {goodPassword}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("old password still signs in: %d", res.StatusCode)
	}
	entries := auditOf(t, srv, a.ID)
	if last := entries[len(entries)-1]; last.Action != "reset_password" || !strings.Contains(last.Summary, "iestatīta jauna parole") {
		t.Errorf("audit: %+v", last)
	}
	noSecrets(t, srv, load(t, srv, "reset.eglite"), newPassword, goodPassword)
}

func TestOnlyAdministratorsReachUserAdministration(t *testing.T) {
	srv := apptest.New(t)
	var routes []auth.Route
	for _, rt := range srv.App.Routes() {
		if strings.HasPrefix(rt.Pattern, "/admin/users") {
			routes = append(routes, rt)
		}
	}
	if len(routes) != 9 {
		t.Fatalf("%d /admin/users routes, want 9", len(routes))
	}
	target := load(t, srv, "staff")
	before := userCount(t, srv)
	for _, who := range []string{"head", "staff", "clerk", "director", "chair"} {
		c := srv.Client(t, who)
		for _, rt := range routes {
			p := strings.ReplaceAll(rt.Pattern, "{id}", strconv.FormatInt(target.ID, 10))
			var res *apptest.Response
			if rt.Method == http.MethodGet {
				res = c.Get(t, p)
			} else {
				v := editForm(target)
				v.Set("username", "intruder")
				v.Set("password", goodPassword)
				v.Set("new_password", goodPassword)
				res = c.PostForm(t, p, v)
			}
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s %s: %d, want 403", who, rt.Method, p, res.StatusCode)
			}
		}
	}
	if after := load(t, srv, "staff"); after.Version != target.Version || after.Hash != target.Hash || !after.Active || userCount(t, srv) != before {
		t.Error("a non-administrator changed something")
	}
	if res := srv.Anonymous(t).PostForm(t, "/admin/users/new", url.Values{}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous POST: %d, want 401", res.StatusCode)
	}
}

func TestPeopleChangeTheirOwnPassword(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "own.rozite", "Elza Rozīte", "staff")
	person := srv.SignIn(t, "own.rozite", goodPassword)
	const newPassword = "mana jaunā parole"

	page := person.Get(t, "/account")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Elza Rozīte") || !strings.Contains(page.Body, "Nodaļas speciālists") {
		t.Fatalf("account page: %d", page.StatusCode)
	}

	cases := []struct {
		name                   string
		current, newPw, repeat string
		field, message         string
	}{
		{"no current", "", newPassword, newPassword, "current_password", "Ievadiet pašreizējo paroli."},
		{"wrong current", "not my password", newPassword, newPassword, "current_password", "Pašreizējā parole nav pareiza."},
		{"long current", long, newPassword, newPassword, "current_password", "Ne vairāk kā 256 rakstzīmes."},
		{"no new", goodPassword, "", "", "new_password", "Ievadiet jauno paroli."},
		{"short new", goodPassword, "short", "short", "new_password", "Vismaz 12 rakstzīmes."},
		{"long new", goodPassword, long, long, "new_password", "Ne vairāk kā 256 rakstzīmes."},
		{"no repeat", goodPassword, newPassword, "", "confirm_password", "Ievadiet jauno paroli vēlreiz."},
		{"different repeat", goodPassword, newPassword, newPassword + "x", "confirm_password", "Paroles nesakrīt."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := person.PostForm(t, "/account", url.Values{"current_password": {c.current}, "new_password": {c.newPw}, "confirm_password": {c.repeat}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			wantFieldError(t, res, c.field, c.message)
		})
	}
	t.Run("every mistake at once", func(t *testing.T) {
		res := person.PostForm(t, "/account", url.Values{"current_password": {"wrong"}, "new_password": {"short"}, "confirm_password": {"other"}})
		wantFieldError(t, res, "current_password", "Pašreizējā parole nav pareiza.")
		wantFieldError(t, res, "new_password", "Vismaz 12 rakstzīmes.")
		wantFieldError(t, res, "confirm_password", "Paroles nesakrīt.")
	})
	if load(t, srv, "own.rozite").Hash != a.Hash {
		t.Fatal("bad input changed the password")
	}

	token := func() string {
		for _, ck := range person.HTTP.Jar.Cookies(mustURL(t, srv.URL)) {
			if ck.Name == "prdesk_session" {
				return ck.Value
			}
		}
		return ""
	}
	old := token()
	res := person.PostForm(t, "/account", url.Values{"current_password": {goodPassword}, "new_password": {newPassword}, "confirm_password": {newPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("change: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if token() == old || token() == "" {
		t.Error("the session token was not renewed")
	}
	if page := person.Get(t, "/account"); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Parole nomainīta.") {
		t.Errorf("after the change: %d, flash shown: %v", page.StatusCode, strings.Contains(page.Body, "Parole nomainīta."))
	}
	if home := srv.SignIn(t, "own.rozite", newPassword).Get(t, "/"); home.StatusCode != http.StatusOK {
		t.Errorf("new password: %d", home.StatusCode)
	}
	if res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"own.rozite"}, "password": {goodPassword}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("old password still signs in: %d", res.StatusCode)
	}
	entries := auditOf(t, srv, a.ID)
	if last := entries[len(entries)-1]; last.Action != "change_password" || !strings.Contains(last.Summary, "own.rozite nomainīja savu paroli") {
		t.Errorf("audit: %+v", last)
	}
	noSecrets(t, srv, load(t, srv, "own.rozite"), newPassword, goodPassword)
}

func TestPagesInEnglish(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	if res := admin.PostForm(t, "/lang", url.Values{"lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lang: %d", res.StatusCode)
	}
	if body := admin.Get(t, "/admin/users").Body; !strings.Contains(body, "Total: ") || !strings.Contains(body, "System administrator") {
		t.Error("list is not in English")
	}
	res := admin.PostForm(t, "/admin/users/new", url.Values{})
	if !strings.Contains(res.Body, "Enter the user name.") || !strings.Contains(res.Body, "Choose at least one role.") {
		t.Error("errors are not in English")
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// An account from the municipality's directory has its password checked
// there: neither the administrator's form to set one nor the person's own
// change is offered, a post to either is refused with the page saying
// where the password is set, and
// neither touches the stored hash or the audit log.
func TestDirectoryAccountsKeepTheirPasswordInTheDirectory(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "katalogs.liepa", "Ilze Liepa", "staff")
	person := srv.SignIn(t, "katalogs.liepa", goodPassword)
	if _, err := srv.Pool.Exec(context.Background(), `update users set source = 'directory' where id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	entries := len(auditOf(t, srv, a.ID))

	page := admin.Get(t, path(a, ""))
	if strings.Contains(page.Body, `name="new_password"`) || !strings.Contains(page.Body, `id="directory-password"`) {
		t.Errorf("the edit page offers to set a directory account's password")
	}
	res := admin.PostForm(t, path(a, "/password"), url.Values{"new_password": {"jauna parole 2026!"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("administrator's reset: %d, want 422", res.StatusCode)
	}
	if strings.Contains(res.Body, `name="new_password"`) || !strings.Contains(res.Body, `id="directory-password"`) {
		t.Error("the refusal does not say where the password is set")
	}

	if own := person.Get(t, "/account"); strings.Contains(own.Body, `name="new_password"`) || !strings.Contains(own.Body, `id="directory-password"`) {
		t.Errorf("the account page offers a directory account a password change")
	}
	res = person.PostForm(t, "/account", url.Values{"current_password": {goodPassword}, "new_password": {"jauna parole 2026!"}, "confirm_password": {"jauna parole 2026!"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("own change: %d, want 422", res.StatusCode)
	}
	if strings.Contains(res.Body, `name="new_password"`) || !strings.Contains(res.Body, `id="directory-password"`) {
		t.Error("the refusal does not say where the password is changed")
	}

	if load(t, srv, "katalogs.liepa").Hash != a.Hash {
		t.Error("the stored hash changed")
	}
	if n := len(auditOf(t, srv, a.ID)); n != entries {
		t.Errorf("audit entries %d, want %d", n, entries)
	}
}
