package form

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// Every form's values pass through here: whatever a browser or a script
// posts, reading them answers without failing, text keeps to its limit and
// loses its direction marks, and each refusal is beside a field.
func FuzzValues(f *testing.F) {
	for _, s := range []string{
		"name=J%C4%81nis&email=janis%40example.lv&date=07.12.2026&time=10%3A30&n=3&id=42&ids=1&ids=2&version=7&ok=on",
		"name=%E2%80%AEevil&date=2026-02-30&time=25%3A61&n=-9999999999999999999&id=0x10&ids=a&version=",
		"name=" + strings.Repeat("%C5%A1", 300) + "&email=%3Cscript%3E",
		"%zz=1&=&&&name", "date=31.12.9999&time=24%3A00", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r = r.WithContext(i18n.WithLocale(r.Context(), "lv"))
		v, err := Read(r)
		if err != nil {
			return
		}
		name := v.Text("name", true, 100)
		if v.Errors.Get("name") == "" && (utf8.RuneCountInString(name) > 100 || name == "") {
			t.Errorf("Text accepted %q", name)
		}
		if strings.ContainsFunc(name, isBidiControl) {
			t.Errorf("Text kept a direction mark: %q", name)
		}
		v.Email("email", false)
		v.Date("date", false)
		v.Moment("date", "time", false)
		if n := v.Int("n", false, -5, 5); v.Errors.Get("n") == "" && (n < -5 || n > 5) {
			t.Errorf("Int accepted %d", n)
		}
		if id := v.ID("id", false); v.Errors.Get("id") == "" && id < 0 {
			t.Errorf("ID accepted %d", id)
		}
		v.IDs("ids")
		v.Version()
		v.Bool("ok")
		for _, e := range v.Errors.List() {
			if e.Field == "" || e.Message == "" {
				t.Errorf("a refusal without its field or message: %+v", e)
			}
		}
	})
}
