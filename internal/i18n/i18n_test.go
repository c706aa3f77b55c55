package i18n

import (
	"context"
	"testing"
	"time"
)

// The Latvian interface must not fall back to English text.
func TestLatvianTextsAreNotEnglish(t *testing.T) {
	same := map[string]bool{"app.lang_switch_label": true}
	lv, en := Keys("lv"), Keys("en")
	for k, v := range lv {
		if en[k] == v && !same[k] {
			t.Errorf("key %q has the same text in lv and en: %q", k, v)
		}
	}
}

func TestTranslate(t *testing.T) {
	ctx := WithLocale(context.Background(), "lv")
	if got := T(ctx, "login.submit"); got != "Pieteikties" {
		t.Errorf("lv login.submit = %q", got)
	}
	ctx = WithLocale(context.Background(), "en")
	if got := T(ctx, "login.submit"); got != "Sign in" {
		t.Errorf("en login.submit = %q", got)
	}
	if got := T(context.Background(), "login.submit"); got != "Pieteikties" {
		t.Errorf("default login.submit = %q, want Latvian", got)
	}
	if got := Locale(WithLocale(context.Background(), "de")); got != "lv" {
		t.Errorf("unsupported language falls back to %q, want lv", got)
	}
}

func TestFormats(t *testing.T) {
	d := time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC) // 01:30 on the 28th in Riga
	if got := Date(d); got != "28.11.2026." {
		t.Errorf("Date = %q", got)
	}
	for _, x := range []time.Time{time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC), time.Date(999, 3, 4, 12, 0, 0, 0, time.UTC),
		time.Date(2100, 12, 31, 21, 59, 0, 0, time.UTC)} {
		if got, want := Date(x), x.In(Riga).Format("02.01.2006."); got != want {
			t.Errorf("Date(%v) = %q, want %q", x, got, want)
		}
	}
	if got := DateTime(d); got != "28.11.2026. 01:30" {
		t.Errorf("DateTime = %q", got)
	}
	if got := Number(1234567); got != "1\u00a0234\u00a0567" {
		t.Errorf("Number = %q", got)
	}
	for _, in := range []string{"05.03.2026.", "5.3.2026", "2026-03-05"} {
		got, ok := ParseDate(in)
		if !ok || got.Format("2006-01-02") != "2026-03-05" {
			t.Errorf("ParseDate(%q) = %v %v", in, got, ok)
		}
	}
	if _, ok := ParseDate("31.02.2026"); ok {
		t.Error("ParseDate accepted 31.02.2026")
	}
}

func TestTidy(t *testing.T) {
	cases := map[string]string{
		`Labdien!\n\nAtbilde`:                "Labdien!\n\nAtbilde",
		"Atbildi sniegsim līdz 11.12.2026..": "Atbildi sniegsim līdz 11.12.2026.",
		"līdz 11.12.2026.. Ar cieņu":         "līdz 11.12.2026. Ar cieņu",
		"Gaidiet...":                         "Gaidiet...",
		"versija 2.0.. nē":                   "versija 2.0. nē",
	}
	for in, want := range cases {
		if got := tidy(in); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}

// Numbers with decimals, percentages and months are written one way in
// each language: a decimal comma and a space before % in Latvian.
func TestDecimalPercentMonth(t *testing.T) {
	lv := WithLocale(context.Background(), "lv")
	en := WithLocale(context.Background(), "en")
	for _, c := range []struct{ got, want string }{
		{Decimal(lv, 0.5, 1), "0,5"},
		{Decimal(en, 0.5, 1), "0.5"},
		{Decimal(lv, 12390.25, 2), "12\u00a0390,25"},
		{Decimal(lv, -3.14159, 2), "-3,14"},
		{Decimal(lv, 7, 0), "7"},
		{Percent(lv, 1.0/6), "16,7\u00a0%"},
		{Percent(en, 1.0/6), "16.7%"},
		{Month(lv, time.Date(2026, 12, 1, 0, 0, 0, 0, Riga)), "2026. gada decembris"},
		{Month(en, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), "December 2026"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
