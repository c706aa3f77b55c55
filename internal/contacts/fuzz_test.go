package contacts_test

import (
	"testing"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/contacts"
)

// An import is a file from anyone's spreadsheet or phone: whatever its
// bytes, ParseImport answers without failing, keeps to its limits, and
// what it reads is text a page can show.
func FuzzParseImport(f *testing.F) {
	for _, s := range []struct{ name, body string }{
		{"kontakti.csv", "Vārds;Uzvārds;E-pasts\nJānis;Bērziņš;janis@example.lv\n"},
		{"kontakti.csv", "\ufeffname,email\n\"Ozols, Pēteris\",\"p@example.lv\"\n\"unterminated\n"},
		{"kontakti.csv", "a\tb\tc\n1\t2\n=cmd|' /C calc'!A0\t@SUM(1)\t+1\n"},
		{"kontakti.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bērziņš;Jānis;;;\r\nFN:Jānis Bērziņš\r\nEMAIL;TYPE=work:janis@example.lv\r\nORG:Latgales Laiks\r\nEND:VCARD\r\n"},
		{"kontakti.vcf", "BEGIN:VCARD\nVERSION:4.0\nFN;CHARSET=UTF-8:Иван\n Петров\nTEL;VALUE=uri:tel:+371-2000-0000\nEND:VCARD\nBEGIN:VCARD\n"},
		{"kontakti.csv", "\xe2\xf0\xe7\xfe;\xd0\n"}, // Windows-1257
		{"kontakti.txt", ""},
	} {
		f.Add(s.name, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		p, err := contacts.ParseImport(name, b)
		if err != nil {
			return
		}
		if len(p.Rows) > contacts.MaxImportRows || len(p.Headers) > contacts.MaxImportColumns {
			t.Fatalf("%d rows and %d columns accepted", len(p.Rows), len(p.Headers))
		}
		if len(p.Mapping) != len(p.Headers) {
			t.Errorf("%d headers, %d mapped", len(p.Headers), len(p.Mapping))
		}
		for _, h := range p.Headers {
			if !utf8.ValidString(h) {
				t.Errorf("header %q is not UTF-8", h)
			}
		}
		for _, r := range p.Rows {
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: cell %q is not UTF-8", r.N, c)
				}
			}
		}
	})
}
