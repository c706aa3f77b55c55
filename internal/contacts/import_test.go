package contacts_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// upload posts a file to the import as a browser's form would.
func upload(t *testing.T, srv *apptest.Server, c *apptest.Client, name string, content []byte) *apptest.Response {
	t.Helper()
	if name == "" && content == nil {
		return c.PostMultipart(t, "/contacts/import", nil)
	}
	return c.PostMultipart(t, "/contacts/import", nil, apptest.File{Field: "file", Name: name, Content: content})
}

var previewLink = regexp.MustCompile(`^/contacts/import/preview\?t=([A-Za-z0-9]+)$`)

// uploaded uploads a file that must be taken and returns its token and
// its preview page.
func uploaded(t *testing.T, srv *apptest.Server, c *apptest.Client, name string, content []byte) (string, *apptest.Response) {
	t.Helper()
	res := upload(t, srv, c, name, content)
	m := previewLink.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("upload %s: %d %q\n%s", name, res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	return m[1], c.Get(t, res.Header.Get("Location"))
}

func confirmForm(token string) url.Values {
	return url.Values{"t": {token}, "legal_basis": {"legitimate_interest"}, "source": {"Importa tests"}, "org_type": {"media"}}
}

func counts(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)data-testid="counts"[^>]*>\s*(Rindas:[^<]*?)\s*<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no counts on the preview:\n%s", body)
	}
	return strings.ReplaceAll(strings.TrimSpace(m[1]), "\u00a0", " ")
}

func TestAnImportShowsItsRowsAndSavesOnlyTheNewOnesOnConfirm(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	org := contactstest.Org(t, srv.Pool, fmt.Sprintf("Importa redakcija %d", n), contacts.Media)
	old := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Dace", Family: fmt.Sprintf("Esošā%d", n),
		Emails: []string{fmt.Sprintf("dace%d@example.lv", n)}})
	similar := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Pēteris", Family: fmt.Sprintf("Kalniņš%d", n), OrgID: org})
	csv := fmt.Sprintf("Vārds;Uzvārds;E-pasts;Tālrunis;Organizācija;Amats;Valsts;Birkas\r\n"+
		"Jānis;Jauniņš%[1]d;janis%[1]d@example.lv;+371 2000 %04[2]d;Importa redakcija %[1]d;žurnālists;Latvija;imports\r\n"+
		"Dace;Cita%[1]d;DACE%[1]d@example.lv;;;;LV;\r\n"+ // the directory's e-mail
		"Peteris;Kalnins%[1]d;;;Importa redakcija %[1]d;;;\r\n"+ // a similar name in the same organisation
		"Jānis;Otrais%[1]d;janis%[1]d@example.lv;;;;;\r\n"+ // the e-mail of row 1
		"Anna;Jauna%[1]d;anna%[1]d@example.lv;;Jauna organizācija %[1]d;;;\r\n"+
		"<script>alert(1)</script>;<b>Treknais</b>%[1]d;nav-adrese;;;;;\r\n"+ // invalid, shown as text
		"Ilze;Bez valsts%[1]d;;;;;Atlantīda;\r\n"+ // unknown country
		"tikai;divas\r\n", // wrong column count
		n, n%10000)
	token, page := uploaded(t, srv, c, "kontakti.csv", []byte(csv))
	if got := counts(t, page.Body); got != "Rindas: 8. Jaunas: 2, dublikāti: 3, kļūdainas: 3." {
		t.Errorf("counts %q", got)
	}
	for _, want := range []string{"Nolasīts UTF-8 kodējumā", "atdalīti ar semikolu",
		fmt.Sprintf(`href="/contacts/%d"`, old), fmt.Sprintf(`href="/contacts/%d"`, similar),
		"Tāds pats e-pasts kā faila 1. rindā", "Līdzīgs vārds tajā pašā organizācijā",
		"„nav-adrese” nav e-pasta adrese", "&lt;script&gt;alert(1)&lt;/script&gt;", "Valsts „Atlantīda” nav zināma",
		"Rindā ir 2 kolonnas, galvenē — 8", "Tiks pievienotas arī 1 organizācijas",
		`<option value="given_name" selected>Vārds</option>`, `<option value="emails" selected>E-pasts</option>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "<script>alert") || strings.Contains(page.Body, "<b>Treknais") {
		t.Error("HTML from the file was not escaped")
	}
	var before int
	srv.Pool.QueryRow(t.Context(), `select count(*) from contacts where family_name like '%' || $1`, fmt.Sprint(n)).Scan(&before)
	if before != 2 {
		t.Fatalf("the preview saved something: %d", before)
	}
	// The source is required; nothing is saved without it.
	f := confirmForm(token)
	f.Del("source")
	if res := c.PostForm(t, "/contacts/import/confirm", f); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet, no kurienes dati iegūti") {
		t.Errorf("confirm without a source: %d", res.StatusCode)
	}
	res := c.PostForm(t, "/contacts/import/confirm", confirmForm(token))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/contacts" {
		t.Fatalf("confirm: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	var people, members int
	var basis, source string
	srv.Pool.QueryRow(t.Context(), `select count(*), min(legal_basis), min(source) from contacts where kind = 'person' and family_name in ($1, $2)`,
		fmt.Sprintf("Jauniņš%d", n), fmt.Sprintf("Jauna%d", n)).Scan(&people, &basis, &source)
	srv.Pool.QueryRow(t.Context(), `select count(*) from contact_memberships m join contacts p on p.id = m.person_id where p.family_name in ($1, $2)`,
		fmt.Sprintf("Jauniņš%d", n), fmt.Sprintf("Jauna%d", n)).Scan(&members)
	if people != 2 || members != 2 || basis != "legitimate_interest" || source != "Importa tests" {
		t.Errorf("saved %d people (%s, %s), %d memberships", people, basis, source, members)
	}
	var newOrg string
	srv.Pool.QueryRow(t.Context(), `select org_type from contacts where name = $1`, fmt.Sprintf("Jauna organizācija %d", n)).Scan(&newOrg)
	if newOrg != "media" {
		t.Errorf("the new organisation's type %q", newOrg)
	}
	var summary string
	srv.Pool.QueryRow(t.Context(), `select summary from audit_log where entity = 'contact_import' order by id desc limit 1`).Scan(&summary)
	if summary != "Kontaktu imports no CSV faila: pievienotas 2 personas un 1 organizācijas (no tām 1 personu darbavietas); nesaglabātas 3 dublikātu un 3 kļūdainas rindas" {
		t.Errorf("audit %q", summary)
	}
	// A second confirm (a double click) saves nothing more.
	again := c.PostForm(t, "/contacts/import/confirm", confirmForm(token))
	if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != "/contacts/import" {
		t.Errorf("second confirm: %d %s", again.StatusCode, again.Header.Get("Location"))
	}
	srv.Pool.QueryRow(t.Context(), `select count(*) from contacts where kind = 'person' and family_name in ($1, $2)`,
		fmt.Sprintf("Jauniņš%d", n), fmt.Sprintf("Jauna%d", n)).Scan(&people)
	if people != 2 {
		t.Errorf("%d after a second confirm", people)
	}
}

func TestTheMappingCanBeChanged(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "head")
	n := contactstest.Unique()
	csv := fmt.Sprintf("Kas,Pasts\nLīga Ozola%[1]d,liga%[1]d@example.lv\n", n)
	token, page := uploaded(t, srv, c, "a.csv", []byte(csv))
	if !strings.Contains(page.Body, "atdalīti ar komatu") || counts(t, page.Body) != "Rindas: 1. Jaunas: 0, dublikāti: 0, kļūdainas: 1." {
		t.Fatalf("before: %s", counts(t, page.Body))
	}
	res := c.PostForm(t, "/contacts/import/mapping", url.Values{"t": {token}, "col0": {"name"}, "col1": {"emails"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remap: %d", res.StatusCode)
	}
	page = c.Get(t, res.Header.Get("Location"))
	if got := counts(t, page.Body); got != "Rindas: 1. Jaunas: 1, dublikāti: 0, kļūdainas: 0." {
		t.Errorf("after: %q", got)
	}
	// The same field for two columns is refused beside the second.
	res = c.PostForm(t, "/contacts/import/mapping", url.Values{"t": {token}, "col0": {"emails"}, "col1": {"emails"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "jau izvēlēts citai kolonnai") {
		t.Errorf("mapped twice: %d", res.StatusCode)
	}
	// Another account cannot open it.
	if res := srv.Client(t, "staff").Get(t, "/contacts/import/preview?t="+token); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another account's import: %d", res.StatusCode)
	}
	// Discarded, it is gone.
	c.PostForm(t, "/contacts/import/discard", url.Values{"t": {token}})
	if res := c.Get(t, "/contacts/import/preview?t="+token); res.Header.Get("Location") != "/contacts/import" {
		t.Errorf("discarded import: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestABadFileIsRefusedBesideTheField(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	for name, tc := range map[string]struct {
		file    string
		content []byte
		want    string
	}{
		"no file":         {"", nil, "Izvēlieties failu, ko importēt"},
		"empty file":      {"tukss.csv", []byte{}, "Fails ir tukšs"},
		"bom only":        {"bom.csv", []byte("\xef\xbb\xbf\r\n"), "Fails ir tukšs"},
		"header only":     {"galva.csv", []byte("Vārds;Uzvārds\r\n"), "Failā ir tikai galvene"},
		"unbalanced":      {"pedinas.csv", []byte("Vārds;Uzvārds\r\nJānis;\"Bērziņš\r\nAnna;Liepa\r\n"), "Faila 2. rindā pēdiņas nav aizvērtas"},
		"bare quote":      {"pedinas2.csv", []byte("Vārds;Uzvārds\r\nJā\"nis;Bērziņš\r\n"), "Faila 2. rindā pēdiņas"},
		"invalid bytes":   {"bin.csv", []byte("Vārds;Uzvārds\r\n\x00\x01\x02\xff\xfe;x\r\n"), "nav teksts UTF-8 vai Windows-1257 kodējumā"},
		"undefined 1257":  {"cp.csv", []byte("Vārds;Uzvārds\r\nJ\xe2nis;B\xe7rzi\xf2\xf0\x83\r\n"), "nav teksts UTF-8 vai Windows-1257"},
		"utf-16":          {"u16.csv", []byte("\xff\xfeV\x00a\x00r\x00d\x00s\x00"), "nav teksts UTF-8"},
		"no cards":        {"a.vcf", []byte("nav kartītes\r\n"), "Failā nav neviena vCard kontakta"},
		"too large":       {"liels.csv", bytes.Repeat([]byte("a"), contacts.MaxImportBytes+1), "Fails ir lielāks par 10 MB"},
		"too many rows":   {"daudz.csv", append([]byte("Vārds;Uzvārds\n"), bytes.Repeat([]byte("A;B\n"), contacts.MaxImportRows+1)...), "Failā ir vairāk nekā 50000 kontaktu"},
		"html file name":  {"<b>x</b>.csv", []byte{}, "Fails ir tukšs"},
		"not a multipart": {"-", nil, "Izvēlieties failu"},
	} {
		var res *apptest.Response
		if tc.file == "-" {
			res = c.PostForm(t, "/contacts/import", url.Values{"file": {"x"}})
		} else {
			res = upload(t, srv, c, tc.file, tc.content)
		}
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q", name, res.StatusCode, tc.want)
		}
		if !strings.Contains(res.Body, `href="#file"`) {
			t.Errorf("%s: the error summary does not link to the field", name)
		}
	}
}

func TestAWindows1257FileIsReadAndSaidSo(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	// "Vārds;Uzvārds;Pilsēta" / "Jānis;Bērziņš…;Rēzekne" in Windows-1257.
	b := []byte(fmt.Sprintf("V\xe2rds;Uzv\xe2rds;Pils\xe7ta\r\nJ\xe2nis;B\xe7rzi\xf2\xf0%d;R\xe7zekne\r\n", n))
	_, page := uploaded(t, srv, c, "excel.csv", b)
	if !strings.Contains(page.Body, "Nolasīts Windows-1257 (baltiešu) kodējumā") {
		t.Error("the encoding is not said")
	}
	if !strings.Contains(page.Body, fmt.Sprintf("Jānis Bērziņš%d", n)) {
		t.Errorf("the name was not read as Latvian:\n%s", page.Body)
	}
	if !strings.Contains(page.Body, `<option value="city" selected>Pilsēta</option>`) {
		t.Error("Pilsēta was not mapped")
	}
	// With a byte order mark, UTF-8 says so.
	_, page = uploaded(t, srv, c, "bom.csv", []byte(fmt.Sprintf("\xef\xbb\xbfVārds,Uzvārds\r\nLaima,Bomīte%d\r\n", n)))
	if !strings.Contains(page.Body, "Nolasīts UTF-8 (ar BOM zīmi) kodējumā") {
		t.Error("BOM not said")
	}
}

func TestAFiftyThousandRowFileIsSavedInOneTransaction(t *testing.T) {
	if testing.Short() {
		t.Skip("50 000 rows")
	}
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	var b bytes.Buffer
	// No organisations: 50 000 similar names in one would fill the
	// duplicates list the merge tests read from the same database.
	b.WriteString("Vārds,Uzvārds,E-pasts\n")
	for i := 0; i < contacts.MaxImportRows; i++ {
		fmt.Fprintf(&b, "Persona,Lielā%d-%d,liela%d-%d@example.lv\n", n, i, n, i)
	}
	token, page := uploaded(t, srv, c, "liels.csv", b.Bytes())
	if got := counts(t, page.Body); got != "Rindas: 50 000. Jaunas: 50 000, dublikāti: 0, kļūdainas: 0." {
		t.Errorf("counts %q", got)
	}
	if strings.Count(page.Body, "<tr>") != contacts.ImportPageSize+1 || !strings.Contains(page.Body, "after=100") {
		t.Errorf("the preview is not paged")
	}
	second := c.Get(t, "/contacts/import/preview?t="+token+"&after=49950")
	if !strings.Contains(second.Body, "50000.") || strings.Contains(second.Body, "after=") {
		t.Errorf("the last page")
	}
	var txBefore int64
	srv.Pool.QueryRow(t.Context(), `select xact_commit from pg_stat_database where datname = current_database()`).Scan(&txBefore)
	res := c.PostForm(t, "/contacts/import/confirm", confirmForm(token))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
	}
	var people, orgs, members int
	var xmins int
	srv.Pool.QueryRow(t.Context(), `select count(*), count(distinct xmin::text) from contacts where family_name like 'Lielā' || $1 || '-%'`, fmt.Sprint(n)).Scan(&people, &xmins)
	srv.Pool.QueryRow(t.Context(), `select count(*) from contacts where kind = 'organisation' and name like 'Lielā organizācija ' || $1 || '-%'`, fmt.Sprint(n)).Scan(&orgs)
	srv.Pool.QueryRow(t.Context(), `select count(*) from contact_memberships m join contacts p on p.id = m.person_id where p.family_name like 'Lielā' || $1 || '-%'`, fmt.Sprint(n)).Scan(&members)
	if people != contacts.MaxImportRows || orgs != 0 || members != 0 {
		t.Errorf("saved %d people, %d organisations, %d memberships", people, orgs, members)
	}
	// Every row was written by one transaction: one xmin.
	if xmins != 1 {
		t.Errorf("the people were written by %d transactions", xmins)
	}
	var entries int
	srv.Pool.QueryRow(t.Context(), `select count(*) from audit_log where entity = 'contact_import' and details->>'people' = '50000'`).Scan(&entries)
	if entries != 1 {
		t.Errorf("%d audit entries", entries)
	}
}

func TestDuplicatesInsideTheFile(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	csv := fmt.Sprintf("Vārds;Uzvārds;E-pasts;Tālrunis;Organizācija\n"+
		"Rita;Pirmā%[1]d;rita%[1]d@example.lv;;\n"+
		"Rita;Otrā%[1]d;RITA%[1]d@example.lv;;\n"+ // e-mail of row 1, in other case
		"Gatis;Zvans%[1]d;;+371 2100 %04[2]d;\n"+
		"Guntis;Zvans%[1]d;;2100%04[2]d;\n"+ // phone of row 3, written otherwise
		"Zane;Vārdiņa%[1]d;;;Redakcija %[1]d\n"+
		"ZANE;VARDINA%[1]d;;;redakcija %[1]d\n", // the same name in the same organisation
		n, n%10000)
	_, page := uploaded(t, srv, c, "dup.csv", []byte(csv))
	if got := counts(t, page.Body); got != "Rindas: 6. Jaunas: 3, dublikāti: 3, kļūdainas: 0." {
		t.Errorf("counts %q", got)
	}
	for _, want := range []string{"Tāds pats e-pasts kā faila 1. rindā", "Tāds pats tālrunis kā faila 3. rindā", "Tāds pats vārds un organizācija kā faila 5. rindā"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
}

func TestVCardRoundTrip(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	tag := fmt.Sprintf("aplis%d", n)
	org := contactstest.Org(t, srv.Pool, fmt.Sprintf("Apļa redakcija, SIA; %d", n), contacts.Media, fmt.Sprintf("redakcija%d@example.lv", n))
	srv.Pool.Exec(t.Context(), `update contacts set tags = array[$2] where id = $1`, org, tag)
	contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Inese", Family: fmt.Sprintf("Apļa%d", n), OrgID: org, Tags: []string{tag},
		Emails: []string{fmt.Sprintf("inese%d@example.lv", n)}, Phones: []string{fmt.Sprintf("+3712%07d", n%10000000)}})
	contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Дмитрий", Family: fmt.Sprintf("Иванов%d", n), OrgID: org, Tags: []string{tag, "krievu, mediji"}})
	for _, version := range []string{"3.0", "4.0"} {
		res := c.Get(t, "/contacts/export.vcf?version="+version+"&tag="+tag)
		if strings.Count(res.Body, "BEGIN:VCARD") != 3 {
			t.Fatalf("%s: %d cards", version, strings.Count(res.Body, "BEGIN:VCARD"))
		}
		_, page := uploaded(t, srv, c, "kontakti.vcf", []byte(res.Body))
		if got := counts(t, page.Body); got != "Rindas: 3. Jaunas: 0, dublikāti: 3, kļūdainas: 0." {
			t.Errorf("vCard %s back in: %q\n%s", version, got, page.Body)
		}
	}
	// The CSV export comes back the same way.
	res := c.Get(t, "/contacts/export.csv?tag="+tag)
	_, page := uploaded(t, srv, c, "kontakti.csv", []byte(res.Body))
	if got := counts(t, page.Body); got != "Rindas: 3. Jaunas: 0, dublikāti: 3, kļūdainas: 0." {
		t.Errorf("CSV back in: %q", got)
	}
}

func TestImportIsForThoseWhoKeepTheDirectory(t *testing.T) {
	srv := apptest.New(t)
	for user, want := range map[string]int{"staff": 200, "head": 200, "clerk": 403, "director": 403, "admin": 403} {
		if res := srv.Client(t, user).Get(t, "/contacts/import"); res.StatusCode != want {
			t.Errorf("import page as %s: %d, want %d", user, res.StatusCode, want)
		}
		if res := upload(t, srv, srv.Client(t, user), "a.csv", []byte("Vārds;Uzvārds\nA;B\n")); user != "staff" && user != "head" && res.StatusCode != 403 {
			t.Errorf("upload as %s: %d", user, res.StatusCode)
		}
	}
	// The list links the import for those who may, not for the clerk.
	if body := srv.Client(t, "clerk").Get(t, "/contacts").Body; strings.Contains(body, `href="/contacts/import"`) {
		t.Error("the clerk is offered the import")
	}
}
