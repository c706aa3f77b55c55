package petitions_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/i18n"
)

var scansKeyRe = regexp.MustCompile(`name="scans_key" value="([A-Za-z0-9_-]+)"`)

// A scan chosen on a form refused for another field is kept on the server
// under the form's key, shown as attached with a way to remove it, and
// registered with the corrected form without being chosen again.
func TestScansAreKeptAcrossARefusal(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "staff")
	lv := i18n.WithLocale(context.Background(), "lv")
	pdfA := "%PDF-1.4\n" + strings.Repeat("a", 2000) + regKey()
	pdfB := "%PDF-1.4\n" + strings.Repeat("b", 100) + regKey()

	form := regValid(t, srv)
	subject := form.Get("subject")
	form.Del("subject")
	res := regPost(t, srv, c, form, regFile{"pirmā lapa.pdf", pdfA}, regFile{"otrā.pdf", pdfB})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`data-testid="held-scans"`, "Pievienots:", ">pirmā lapa.pdf<", "(1\u00a0KB)", ">otrā.pdf<", `name="drop_scan_0"`, `name="drop_scan_1"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused form lacks %s", want)
		}
	}
	if strings.Contains(res.Body, htmlEscape(i18n.T(lv, "petitions.register.scans_again"))) {
		t.Error("the form asks to choose the kept files again")
	}
	m := scansKeyRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no scans_key in the form")
	}

	// Sent again, still wrong, with the first scan removed: the second stays.
	form.Set("scans_key", m[1])
	form.Set("drop_scan_0", "on")
	res = regPost(t, srv, c, form)
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(res.Body, "pirmā lapa.pdf") || !strings.Contains(res.Body, ">otrā.pdf<") {
		t.Fatalf("after removing the first: %d, kept list wrong", res.StatusCode)
	}
	m2 := scansKeyRe.FindStringSubmatch(res.Body)
	if m2 == nil || m2[1] == m[1] {
		t.Fatal("no new scans_key")
	}
	// The old key was read once; another account cannot use the new one.
	other := regValid(t, srv)
	other.Set("scans_key", m2[1])
	if res := regPost(t, srv, srv.Client(t, "head"), other); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, htmlEscape(i18n.T(lv, "petitions.register.scans_expired"))) {
		t.Errorf("another account's key: %d %s", res.StatusCode, regErrors(res.Body))
	}

	// The head's attempt took nothing: the staff's key still works.
	form.Del("drop_scan_0")
	form.Set("scans_key", m2[1])
	form.Set("subject", subject)
	id := regCreated(t, regPost(t, srv, c, form))
	var names []string
	rows, err := srv.Pool.Query(context.Background(), `select f.name from petition_files pf join files f on f.id = pf.file_id
		where pf.petition_id = $1 and pf.kind = 'scan'`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n) //nolint:errcheck
		names = append(names, n)
	}
	if len(names) != 1 || names[0] != "otrā.pdf" {
		t.Errorf("registered with scans %v, want otrā.pdf", names)
	}
}
