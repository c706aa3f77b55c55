package form

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func posted(t *testing.T, vals url.Values) *Values {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(vals.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r = r.WithContext(i18n.WithLocale(r.Context(), "lv"))
	f, err := Read(r)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type channel string

func TestReaders(t *testing.T) {
	f := posted(t, url.Values{
		"day": {"11.05.2026."}, "iso": {"2026-05-11"}, "bad_day": {"31.02.2026"},
		"n": {"1 200"}, "big": {"5000"}, "word": {"seven"},
		"id": {"42"}, "neg": {"-3"}, "ch": {"post"}, "other": {"pigeon"},
		"version": {"7"},
	})
	want := time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC)
	if d := f.Date("day", true); !d.Equal(want) {
		t.Errorf("Date(day) = %v", d)
	}
	if d := f.Date("iso", true); !d.Equal(want) {
		t.Errorf("Date(iso) = %v", d)
	}
	if d := f.Date("bad_day", true); !d.IsZero() || f.Errors.Get("bad_day") == "" {
		t.Errorf("31.02.2026 read as %v, error %q", d, f.Errors.Get("bad_day"))
	}
	if d := f.Date("missing", false); !d.IsZero() || f.Errors.Get("missing") != "" {
		t.Error("an optional empty date is an error")
	}
	if n := f.Int("n", true, 0, 2000); n != 1200 {
		t.Errorf("Int(n) = %d", n)
	}
	if f.Int("big", true, 0, 2000); f.Errors.Get("big") == "" {
		t.Error("5000 over 2000 passed")
	}
	if f.Int("word", true, 0, 10); f.Errors.Get("word") == "" {
		t.Error("a word read as a number")
	}
	if id := f.ID("id", true); id != 42 {
		t.Errorf("ID = %d", id)
	}
	if f.ID("neg", true); f.Errors.Get("neg") == "" {
		t.Error("a negative id passed")
	}
	if c := Enum(f, "ch", true, []channel{"post", "email"}); c != "post" {
		t.Errorf("Enum = %q", c)
	}
	if c := Enum(f, "other", true, []channel{"post", "email"}); c != "" || f.Errors.Get("other") == "" {
		t.Errorf("a value outside the enum passed: %q", c)
	}
	if v := f.Version(); v != 7 {
		t.Errorf("Version = %d", v)
	}
	// The summary lists the errors in the order the fields were read.
	var order []string
	for _, e := range f.Errors.List() {
		order = append(order, e.Field)
	}
	if got := strings.Join(order, ","); got != "bad_day,big,word,neg,other" {
		t.Errorf("errors in order %s", got)
	}
}

func TestMissingOrGarbledVersionMatchesNoRecord(t *testing.T) {
	for _, v := range []string{"", "x", "-1", "1.5"} {
		if got := posted(t, url.Values{"version": {v}}).Version(); got != -1 {
			t.Errorf("version %q read as %d", v, got)
		}
	}
}

func TestRefused(t *testing.T) {
	f := posted(t, url.Values{})
	if status, ok := f.Refused(fmt.Errorf("store: %w", errs.FieldConflict("start", "field.required"))); !ok || status != http.StatusConflict {
		t.Errorf("a field's conflict: %d, %v", status, ok)
	}
	if f.Errors.Get("start") == "" {
		t.Error("the field's message was not added")
	}
	if status, ok := f.Refused(errs.Field("name", "field.required")); !ok || status != http.StatusUnprocessableEntity {
		t.Errorf("a field's refusal: %d, %v", status, ok)
	}
	if _, ok := f.Refused(errs.NotFound); ok {
		t.Error("a kind without a field was taken for a field's refusal")
	}
}

func TestMessagesAreTranslated(t *testing.T) {
	f := posted(t, url.Values{"n": {"x"}, "m": {"99"}})
	f.Int("n", true, 0, 10)
	f.Int("m", true, 0, 10)
	if got := f.Errors.Get("n"); got != "Ievadiet veselu skaitli." {
		t.Errorf("not a number: %q", got)
	}
	if got := f.Errors.Get("m"); got != "Ievadiet skaitli no 0 līdz 10." {
		t.Errorf("out of range: %q", got)
	}
}

func TestBidiControlsAreRemoved(t *testing.T) {
	f := posted(t, url.Values{"name": {"abc\u202Efdp.exe"}, "note": {"\u2066Jānis\u2069 Bērziņš\nотдел\u202A"}})
	if got := f.Text("name", true, 100); got != "abcfdp.exe" {
		t.Errorf("name %q", got)
	}
	if got := f.Text("note", true, 100); got != "Jānis Bērziņš\nотдел" {
		t.Errorf("note %q", got)
	}
}

func TestADateThatDoesNotExistSaysSo(t *testing.T) {
	f := posted(t, url.Values{"a": {"31.02.2026"}, "b": {"31.02.2026."}, "c": {"2026-02-30"}, "d": {"vakar"}})
	f.Date("a", true)
	f.Date("b", true)
	f.Date("c", true)
	f.Date("d", true)
	for field, want := range map[string]string{
		"a": "Datums 31.02.2026. neeksistē.", "b": "Datums 31.02.2026. neeksistē.",
		"c": "Datums 2026-02-30. neeksistē.", "d": "Ievadiet datumu formā dd.mm.gggg.",
	} {
		if got := f.Errors.Get(field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
}

// A form with its own messages says what is missing in the field's words;
// a field without one keeps the general message.
func TestAFormsOwnMessages(t *testing.T) {
	f := posted(t, url.Values{"day": {"x"}}).Messages("calendar")
	f.Text("name_lv", true, 100)
	f.Date("day", true)
	f.Text("nothing_of_its_own", true, 100)
	f.Invalid("no_choice_of_its_own")
	if got := f.Errors.Get("no_choice_of_its_own"); got != "Izvēlieties kādu no piedāvātajām vērtībām." {
		t.Errorf("general choice: %q", got)
	}
	if got := f.Errors.Get("nothing_of_its_own"); got != "Aizpildiet šo lauku." {
		t.Errorf("general: %q", got)
	}
	if got := f.Errors.Get("name_lv"); got != "Ievadiet dienas nosaukumu latviski." {
		t.Errorf("name_lv: %q, want the calendar's own message", got)
	}
	if got := f.Errors.Get("day"); got != "Ievadiet datumu formā dd.mm.gggg." {
		t.Errorf("day: %q, want the general message (the calendar has none of its own for a wrong date)", got)
	}
}

func TestMomentReadsADateAndATimeInRiga(t *testing.T) {
	for _, tc := range []struct {
		date, clock string
		want        string // RFC 3339 in UTC, or the fields refused
	}{
		{"15.12.2026.", "10:00", "2026-12-15T08:00:00Z"},
		{"2026-07-01", "9.30", "2026-07-01T06:30:00Z"},
		{"", "", ""},
		{"15.12.2026.", "", "refused: t"},
		{"", "10:00", "refused: d"},
		{"31.02.2027.", "25:00", "refused: d t"},
		{"15.12.2026.", "10:00 ", "2026-12-15T08:00:00Z"},
	} {
		f := posted(t, url.Values{"d": {tc.date}, "t": {tc.clock}})
		at := f.Moment("d", "t", false)
		got := ""
		if !at.IsZero() {
			got = at.UTC().Format(time.RFC3339)
		}
		if f.Errors.Any() {
			got = "refused:"
			for _, e := range f.Errors.List() {
				got += " " + e.Field
			}
		}
		if got != tc.want {
			t.Errorf("%q %q: %s, want %s", tc.date, tc.clock, got, tc.want)
		}
	}
}
