// Package i18n holds the Latvian (default) and English catalogues and the
// date and number formats the interface uses (Europe/Riga).
package i18n

import (
	"context"
	"embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the static binary carries its own zone data for Europe/Riga

	ci18n "github.com/invopop/ctxi18n/i18n"
)

//go:embed locales/*.yaml
var localeFS embed.FS

// Languages the interface offers; the first is the default.
var Languages = []string{"lv", "en"}

const Default = "lv"

// catalogues is built once from the embedded files and never changed.
var catalogues = func() *ci18n.Locales {
	ls := new(ci18n.Locales)
	if err := ls.Load(localeFS); err != nil {
		panic(fmt.Sprintf("i18n: %v", err))
	}
	for _, l := range Languages {
		if ls.Get(ci18n.Code(l)) == nil {
			panic("i18n: no catalogue for " + l)
		}
	}
	return ls
}()

// Riga is the zone every time is shown in.
var Riga = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Riga")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Supported reports whether code is one of Languages.
func Supported(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

// WithLocale puts the catalogue of code (or the default) into ctx.
func WithLocale(ctx context.Context, code string) context.Context {
	if !Supported(code) {
		code = Default
	}
	return catalogues.Get(ci18n.Code(code)).WithContext(ctx)
}

// Locale is the language code in ctx ("lv" when none was set).
func Locale(ctx context.Context) string {
	if l := ci18n.GetLocale(ctx); l != nil {
		return string(l.Code())
	}
	return Default
}

// T translates key; args fill %s-style or %{name} placeholders (pass M for names).
func T(ctx context.Context, key string, args ...any) string {
	l := ci18n.GetLocale(ctx)
	if l == nil {
		l = catalogues.Get(Default)
	}
	if len(args) > 0 {
		return tidy(l.T(key, args...))
	}
	// A text without arguments never changes: a page with fifty rows asks
	// for the same state names fifty times, and the catalogue's lookup
	// splits the key and walks its tree each time.
	k := plainKey{l.Code(), key}
	if v, ok := plainTexts.Load(k); ok {
		return v.(string)
	}
	v := tidy(l.T(key))
	plainTexts.Store(k, v)
	return v
}

type plainKey struct {
	lang ci18n.Code
	key  string
}

// plainTexts holds translated texts without arguments by language and key.
// The catalogues are embedded and never change, so it caches constants; the
// keys are the code's own literals, so it holds at most that many entries
// per language (a missing key's marker included).
var plainTexts sync.Map

// sentenceAfterDate is a date's closing dot followed by a sentence's.
var sentenceAfterDate = regexp.MustCompile(`(\d)\.\.(\s|$)`)

// tidy mends two things the catalogues cannot: the YAML loader keeps "\n"
// in a quoted string as a backslash and an n, and a Latvian date ends with a
// dot of its own, so "līdz %s." after a date would print two.
func tidy(s string) string {
	if strings.Contains(s, `\n`) {
		s = strings.ReplaceAll(s, `\n`, "\n")
	}
	if strings.Contains(s, "..") {
		s = sentenceAfterDate.ReplaceAllString(s, "$1.$2")
	}
	return s
}

// M names interpolation values: T(ctx, "x", M{"n": 3}).
type M = ci18n.M

// Has tells whether the catalogue in ctx has key.
func Has(ctx context.Context, key string) bool {
	if ci18n.GetLocale(ctx) == nil {
		ctx = WithLocale(ctx, Default)
	}
	return ci18n.Has(ctx, key)
}

// Keys lists every key of one language's catalogue with its text, for tests.
// Each file under locales/ may hold several languages at its top level.
func Keys(code string) map[string]string {
	out := map[string]string{}
	entries, _ := localeFS.ReadDir("locales")
	for _, e := range entries {
		b, err := localeFS.ReadFile("locales/" + e.Name())
		if err != nil {
			continue
		}
		collectYAMLKeys(string(b), code, out)
	}
	return out
}

// Date formats a day as Latvians write it: 27.11.2026.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	// As Format("02.01.2006.") would, at a fraction of its cost: a list
	// shows two dates on each of its fifty rows.
	y, m, d := t.In(Riga).Date()
	if y < 1000 || y > 9999 {
		return t.In(Riga).Format("02.01.2006.")
	}
	b := [11]byte{'0' + byte(d/10), '0' + byte(d%10), '.', '0' + byte(m/10), '0' + byte(m%10), '.',
		'0' + byte(y/1000), '0' + byte(y/100%10), '0' + byte(y/10%10), '0' + byte(y%10), '.'}
	return string(b[:])
}

// DateTime formats a moment in Riga time: 27.11.2026. 14:05.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Riga).Format("02.01.2006. 15:04")
}

// Weekday names the day of the week in the language of ctx.
func Weekday(ctx context.Context, t time.Time) string {
	return T(ctx, "weekday."+strings.ToLower(t.In(Riga).Weekday().String()))
}

// LongDate is "piektdiena, 27.11.2026." in Latvian.
func LongDate(ctx context.Context, t time.Time) string {
	return Weekday(ctx, t) + ", " + Date(t)
}

// Number formats an integer with a space between thousands, as both languages here do.
func Number(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Decimal formats f with places digits after the decimal mark, which is
// the language's: "16,7" in Latvian, "16.7" in English; thousands are
// grouped as Number groups them. Every number with decimals the interface
// shows goes through it (or Percent).
func Decimal(ctx context.Context, f float64, places int) string {
	s := strconv.FormatFloat(f, 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	n, err := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	if err == nil {
		whole = Number(n)
		if neg {
			whole = "-" + whole
		}
	}
	if frac == "" {
		return whole
	}
	if Locale(ctx) == "lv" {
		return whole + "," + frac
	}
	return whole + "." + frac
}

// Percent is a share (0 to 1) as a percentage with one decimal: "16,7 %"
// in Latvian (a non-breaking space before the sign), "16.7%" in English.
func Percent(ctx context.Context, share float64) string {
	if Locale(ctx) == "lv" {
		return Decimal(ctx, share*100, 1) + "\u00a0%"
	}
	return Decimal(ctx, share*100, 1) + "%"
}

// Month names the month of t (read in Riga) as the interface writes a
// month everywhere: "2026. gada decembris" in Latvian, "December 2026" in
// English.
func Month(ctx context.Context, t time.Time) string {
	y, m, _ := t.In(Riga).Date()
	return T(ctx, fmt.Sprintf("month.m%02d", int(m)), y)
}

// ParseDate reads dd.mm.yyyy (the dot at the end optional) or yyyy-mm-dd (from <input type=date>).
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	for _, layout := range []string{"02.01.2006", "2.1.2006", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, Riga); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// N translates the plural key for the count n in the language of ctx. The
// catalogue holds key as a map of forms: "one" and "other" in both
// languages ("zero" where a language wants it), each with %{count} where n
// goes (written by Number); m adds other names. The form is chosen by the
// language's rule (PluralForm), not ctxi18n's, which knows only English:
// Latvian says 1 mēnesis and 21 mēnesis, but 11 mēneši.
func N(ctx context.Context, key string, n int64, m ...M) string {
	args := M{"count": Number(n)}
	for _, x := range m {
		for k, v := range x {
			args[k] = v
		}
	}
	form := key + "." + PluralForm(Locale(ctx), n)
	if !Has(ctx, form) {
		form = key + ".other"
	}
	return T(ctx, form, args)
}

// PluralForm is the CLDR plural category of n in lang: "one" or "other",
// and for Latvian also "zero" (0, 10–20, 30, … take the same words as
// "other" in the nominative, so a catalogue may leave it out).
func PluralForm(lang string, n int64) string {
	if n < 0 {
		n = -n
	}
	switch lang {
	case "lv":
		switch {
		case n%10 == 0 || n%100 >= 11 && n%100 <= 19:
			return "zero"
		case n%10 == 1:
			return "one"
		}
		return "other"
	}
	if n == 1 {
		return "one"
	}
	return "other"
}
