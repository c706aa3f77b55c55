package privacy_test

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/privacy"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// now is when the tests say it is: the Monday morning the visitors'
// fixtures stand at, two days before their official's reception.
var now = visitorstest.Monday

// code is a valid personal code made from its first ten digits.
func code(t *testing.T, first10 string) string {
	t.Helper()
	d, ok := personcode.CheckDigitOf(first10)
	if !ok {
		t.Fatalf("no check digit completes %s", first10)
	}
	return first10[:6] + "-" + first10[6:] + strconv.Itoa(d)
}

// person is one resident in the registry and at the front desk, her name
// in Cyrillic, and a namesake who must not be found.
type person struct {
	code, email               string
	petition, namesake        string // registration numbers
	booking, waiting, visit   int64
	walkIn                    string // the walk-in's ticket
	bookingCode, bookingEmail int64  // bookings found by one key each
}

func setUp(t *testing.T, srv *apptest.Server) person {
	t.Helper()
	ctx := context.Background()
	p := person{code: code(t, "2103851234"), email: "ludmila.kuznecova@example.lv"}
	pet := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: now, Name: "Людмила Кузнецова", Code: p.code,
		Email: "Ludmila.Kuznecova@Example.lv", Subject: "Шум во дворе на улице Ригас"})
	if _, err := srv.Pool.Exec(ctx, `update petitions set person_phone = '29 991 234' where id = $1`, pet.ID); err != nil {
		t.Fatal(err)
	}
	p.petition = pet.RegNumber
	p.namesake = petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: now, Name: "Людмила Кузнецкая",
		Code: code(t, "2103851235"), Email: "other@example.lv"}).RegNumber

	vs := visitorstest.NewStore(t, srv.Pool)
	official := visitorstest.NewOfficial(t, srv.Pool, "Privātuma amatpersona "+p.code)
	book := func(start time.Time, b visitors.NewBooking) int64 {
		t.Helper()
		b.OfficialID, b.Start, b.Topic, b.Language = official, start, "Жалоба на шум", "ru"
		id, err := vs.Book(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	// Her booking has every key; two more are hers by one key each.
	p.booking = book(visitorstest.Wednesday(10, 0), visitors.NewBooking{VisitorName: "Кузнецова Людмила",
		Phone: "+37129991234", Email: "ludmila.kuznecova@example.lv", PersonCode: p.code})
	p.bookingCode = book(visitorstest.Wednesday(10, 15), visitors.NewBooking{VisitorName: "Л. К.", Phone: "+37120000002", PersonCode: p.code})
	p.bookingEmail = book(visitorstest.Wednesday(10, 30), visitors.NewBooking{VisitorName: "Л. К.", Email: "LUDMILA.KUZNECOVA@example.lv"})
	book(visitorstest.Wednesday(10, 45), visitors.NewBooking{VisitorName: "Людмила Кузнецкая", Phone: "+37120000003"})
	var err error
	if p.waiting, err = vs.AddWaiting(ctx, visitors.WaitEntry{OfficialID: official, VisitorName: "Людмила Кузнецова",
		Phone: "+37129991234", Topic: "Жалоба на шум"}); err != nil {
		t.Fatal(err)
	}
	vs.Clock.Set(visitorstest.Wednesday(11, 0))
	if p.visit, err = vs.LogVisit(ctx, visitors.NewLogEntry{PersonName: "Людмила Кузнецова", Unit: "Būvvalde", Purpose: "Būvatļauja"}); err != nil {
		t.Fatal(err)
	}
	walk, err := vs.WalkIn(ctx, official, "Людмила Кузнецова", "Вопрос о парковке")
	if err != nil {
		t.Fatal(err)
	}
	p.walkIn = walk.Ticket
	return p
}

// area is the part of the page that lists an area's records.
func area(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `data-testid="privacy-area-`+name+`"`)
	if i < 0 {
		t.Fatalf("no %s area on the page", name)
	}
	s := body[i:]
	return s[:strings.Index(s, "</section>")]
}

func audits(t *testing.T, srv *apptest.Server, since int64) []string {
	t.Helper()
	rows, err := srv.Pool.Query(context.Background(), `select action || ' ' || summary from audit_log
		where entity = 'privacy_request' and id > $1 order by id`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func lastAudit(t *testing.T, srv *apptest.Server) int64 {
	t.Helper()
	var id int64
	if err := srv.Pool.QueryRow(context.Background(), `select coalesce(max(id), 0) from audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// A person with a submission and bookings, a waiting-list entry, a walk-in
// and a visit in the log is found by each key, in both areas, and nobody
// else is; each search is audited without the key.
func TestOnePersonAcrossTheAreas(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, now)
	p := setUp(t, srv)
	staff := srv.Client(t, "staff")
	since := lastAudit(t, srv)
	bookingLink := func(id int64) string { return `href="/visitors/bookings/` + strconv.FormatInt(id, 10) + `"` }

	for _, tc := range []struct {
		name     string
		query    url.Values
		bookings []int64
		others   []string // more of the visitors' records, by what the page shows of them
	}{
		{"name, in any order and case", url.Values{"name": {"кузнецова людмила"}}, []int64{p.booking},
			[]string{`href="/visitors/waitlist"`, p.walkIn, "#" + strconv.FormatInt(p.visit, 10)}},
		{"personal code without the hyphen", url.Values{"code": {strings.ReplaceAll(p.code, "-", "")}}, []int64{p.booking, p.bookingCode}, nil},
		{"e-mail in another case", url.Values{"email": {"Ludmila.Kuznecova@EXAMPLE.lv"}}, []int64{p.booking, p.bookingEmail}, nil},
		{"phone with the country code and spaces", url.Values{"phone": {"+371 2999 1234"}}, []int64{p.booking}, []string{`href="/visitors/waitlist"`}},
		{"phone as dialled at home", url.Values{"phone": {"29991234"}}, []int64{p.booking}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := staff.Get(t, "/privacy?"+tc.query.Encode())
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if reg := area(t, res.Body, "petitions"); !strings.Contains(reg, ">"+p.petition+"<") || strings.Contains(reg, p.namesake) {
				t.Errorf("the registry's records: want %s and not %s:\n%s", p.petition, p.namesake, reg)
			}
			vis := area(t, res.Body, "visitors")
			for _, id := range tc.bookings {
				if !strings.Contains(vis, bookingLink(id)) {
					t.Errorf("booking %d is not found", id)
				}
			}
			if n := strings.Count(vis, `href="/visitors/bookings/`); n != len(tc.bookings) {
				t.Errorf("%d bookings found, want %d", n, len(tc.bookings))
			}
			for _, o := range tc.others {
				if !strings.Contains(vis, o) {
					t.Errorf("the visitors' %s is not found", o)
				}
			}
			if strings.Contains(res.Body, "Кузнецкая") {
				t.Error("the namesake is found")
			}
		})
	}
	// All the keys at once: every record once, saying what it matched by.
	res := staff.Get(t, "/privacy?"+url.Values{"name": {"Людмила Кузнецова"}, "code": {p.code}, "email": {p.email}, "phone": {"29991234"}}.Encode())
	vis := area(t, res.Body, "visitors")
	if n := strings.Count(vis, bookingLink(p.booking)); n != 1 {
		t.Errorf("her booking is listed %d times", n)
	}
	if !strings.Contains(vis, "Vārds, uzvārds, Personas kods, E-pasts, Tālrunis") {
		t.Error("the booking does not say it matched by every key")
	}

	entries := audits(t, srv, since)
	if len(entries) != 6 {
		t.Fatalf("%d audit entries for 6 searches: %q", len(entries), entries)
	}
	for _, e := range entries {
		for _, secret := range []string{p.code, strings.ReplaceAll(p.code, "-", ""), "Кузнец", "кузнец", "ludmila", "2999"} {
			if strings.Contains(strings.ToLower(e), strings.ToLower(secret)) {
				t.Errorf("the audit entry holds the key %q: %s", secret, e)
			}
		}
		if !strings.HasPrefix(e, "search Datu subjekta pieprasījums: meklēšana pēc ") {
			t.Errorf("audit entry %q", e)
		}
	}
	if !strings.Contains(entries[1], "pēc personas koda; atrasti ieraksti: Iesniegumi 1, Apmeklētāji 2") {
		t.Errorf("the code's search: %q", entries[1])
	}
}

// The extract: one PDF with both areas' records, the name in Cyrillic as
// pdftotext reads it, in fonts embedded in the file, and an audit entry
// that names no key.
func TestExtractPrintsCyrillic(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, now)
	p := setUp(t, srv)
	since := lastAudit(t, srv)
	res := srv.Client(t, "head").Get(t, "/privacy/extract.pdf?"+url.Values{"code": {p.code}, "name": {"Людмила Кузнецова"}}.Encode())
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("extract: %d %v", res.StatusCode, res.Header)
	}
	text := pdftest.Text(t, []byte(res.Body))
	for _, want := range []string{
		"Datu subjekta pieprasījums", "Людмила Кузнецова", "Кузнецова Людмила", "Шум во дворе на улице Ригас", p.code, p.petition,
		"Pieraksts uz pieņemšanu", "#" + strconv.FormatInt(p.booking, 10), "Жалоба на шум", "+37129991234",
		"Gaidītāju saraksta ieraksts", "Apmeklētāju žurnāla ieraksts", "Būvatļauja", p.walkIn, "Вопрос о парковке",
		"Nosūtītās e-pasta vēstules", "Iesniegumi", "Apmeklētāji",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the extract lacks %q", want)
		}
	}
	if strings.Contains(text, "Кузнецкая") || strings.Contains(text, p.namesake) {
		t.Error("the extract holds the namesake")
	}
	// Every font is embedded (pdffonts' emb column), so the letters print
	// as themselves on a machine without DejaVu.
	lines := strings.Split(strings.TrimSpace(pdffonts(t, []byte(res.Body))), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts: %q", lines)
	}
	for _, l := range lines[2:] {
		if f := strings.Fields(l); len(f) < 6 || !strings.Contains(f[0], "dejavu") || f[len(f)-5] != "yes" {
			t.Errorf("a font not embedded: %q", l)
		}
	}
	entries := audits(t, srv, since)
	if len(entries) != 1 || !strings.HasPrefix(entries[0], "export Datu subjekta pieprasījums: izraksts PDF pēc vārda un uzvārda, personas koda") ||
		strings.Contains(entries[0], "Кузнец") || strings.Contains(entries[0], p.code) {
		t.Errorf("the export's audit: %q", entries)
	}
}

func pdffonts(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Skip("pdffonts (poppler-utils) is not installed")
	}
	cmd := exec.Command(bin, "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	return string(out)
}

// The request is the department's: the administrator, who reads no
// personal data, and the roles that do not answer requests are refused,
// the search and the export alike, and nothing is audited for them.
func TestWhoMayAsk(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, now)
	since := lastAudit(t, srv)
	for _, user := range []string{"admin", "clerk", "director", "chair", "deputy"} {
		for _, path := range []string{"/privacy", "/privacy?name=Anna+Zvaigzne", "/privacy/extract.pdf?name=Anna+Zvaigzne"} {
			if res := srv.Client(t, user).Get(t, path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", user, path, res.StatusCode)
			}
		}
	}
	if e := audits(t, srv, since); len(e) != 0 {
		t.Errorf("refused requests were audited: %q", e)
	}
	for _, user := range []string{"head", "staff"} {
		if res := srv.Client(t, user).Get(t, "/privacy"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `<form method="get" action="/privacy"`) {
			t.Errorf("%s: %d", user, res.StatusCode)
		}
	}
	// The empty form is no search: nothing disclosed, nothing audited.
	if e := audits(t, srv, since); len(e) != 0 {
		t.Errorf("opening the empty form was audited: %q", e)
	}
}

// Bad keys are refused beside their fields, 422, and nothing is searched
// or audited; the form keeps what was typed.
func TestBadKeys(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, now)
	staff := srv.Client(t, "staff")
	lv := i18n.WithLocale(context.Background(), "lv")
	since := lastAudit(t, srv)
	for _, tc := range []struct {
		query url.Values
		field string
		key   string
	}{
		{url.Values{"name": {""}}, "name", "privacy.err_none"},
		{url.Values{"name": {"Л"}}, "name", "privacy.err_name_short"},
		{url.Values{"code": {"210385-12340"}}, "code", "privacy.err_code_check_digit"},
		{url.Values{"code": {"12"}}, "code", "privacy.err_code_format"},
		{url.Values{"email": {"ludmila@"}}, "email", "field.invalid_email"},
		{url.Values{"phone": {"29-99-ab"}}, "phone", "privacy.err_phone"},
		{url.Values{"phone": {"123"}}, "phone", "privacy.err_phone"},
		{url.Values{"name": {strings.Repeat("Ļ", 201)}}, "name", ""},
		{url.Values{"name": {`<script>alert(1)</script>`}, "phone": {"x"}}, "phone", "privacy.err_phone"},
	} {
		res := staff.Get(t, "/privacy?"+tc.query.Encode())
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#`+tc.field+`"`) ||
			(tc.key != "" && !strings.Contains(res.Body, i18n.T(lv, tc.key))) {
			t.Errorf("%v: %d, want 422 with %q beside %s", tc.query, res.StatusCode, tc.key, tc.field)
		}
		if strings.Contains(res.Body, "<script>alert") {
			t.Error("typed HTML is not escaped")
		}
		if res := staff.Get(t, "/privacy/extract.pdf?"+tc.query.Encode()); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("extract %v: %d", tc.query, res.StatusCode)
		}
	}
	if e := audits(t, srv, since); len(e) != 0 {
		t.Errorf("refused lookups were audited: %q", e)
	}
}

func TestPhoneForms(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"29991234", []string{"29991234", "37129991234", "0037129991234"}},
		{"+371 2999 1234", []string{"29991234", "37129991234", "0037129991234"}},
		{"00371 29991234", []string{"29991234", "37129991234", "0037129991234"}},
		{"+49 30 1234567", []string{"49301234567", "0049301234567"}},
	} {
		p := privacy.Person{Phone: privacy.PhoneDigits(tc.typed)}
		if got := p.PhoneForms(); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%q: %v, want %v", tc.typed, got, tc.want)
		}
	}
}

// privacy is a platform package: the areas import it, never the other way
// round, so that a later area adds its source without touching it.
func TestImportsNoArea(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	areas := []string{"petitions", "visitors", "press", "monitoring", "delegations", "awards", "twincities",
		"contacts", "marketing", "publishing", "materials", "archive", "tasks", "reports", "users"}
	for _, name := range pkgs {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, a := range areas {
				if strings.HasPrefix(path, "github.com/daugavpils/prdesk/internal/"+a) {
					t.Errorf("%s imports the area %s", name, path)
				}
			}
		}
	}
}
