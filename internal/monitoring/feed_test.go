package monitoring

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func TestBackOffDoublesUpToADayAndHonoursRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	half := 30 * time.Minute
	for _, c := range []struct {
		failures   int
		retryAfter time.Duration
		want       time.Duration
	}{
		{0, 0, half},
		{1, 0, time.Hour},
		{3, 0, 4 * time.Hour},
		{6, 0, 24 * time.Hour}, // 32 h, capped
		{60, 0, 24 * time.Hour},
		{1, 3 * time.Hour, 3 * time.Hour},            // the site asks for longer
		{1, 10 * time.Minute, time.Hour},             // or for less than the back-off
		{1, 30 * 24 * time.Hour, 7 * 24 * time.Hour}, // a month is a mistake
	} {
		if got := nextRead(now, half, c.failures, c.retryAfter).Sub(now); got != c.want {
			t.Errorf("%d failures, Retry-After %v: %v, want %v", c.failures, c.retryAfter, got, c.want)
		}
	}
}

func TestReadErrorsAreWordsAPersonCanActOn(t *testing.T) {
	lv := i18n.WithLocale(context.Background(), "lv")
	en := i18n.WithLocale(context.Background(), "en")
	for _, c := range []struct {
		err  error
		code string
		want string
	}{
		{&feeds.StatusError{Code: 404}, "status_gone:404", "jauno plūsmas adresi"},
		{&feeds.StatusError{Code: 503, RetryAfter: "120"}, "status_busy:503", "retāk"},
		{&feeds.StatusError{Code: 500}, "status_server:500", "(500)"},
		{&feeds.StatusError{Code: 418}, "status:418", "kļūdu 418"},
		{&feeds.ParseError{Line: 12, Err: errors.New("x")}, "broken:12", "12. rindas"},
		{fmt.Errorf("%w: <html>", feeds.ErrNotAFeed), "not_a_feed", "/rss"},
		{fmt.Errorf("%w: 10.0.0.1", feeds.ErrForbiddenAddress), "forbidden_address", "iekšēju tīklu"},
		{fmt.Errorf("fetching: %w", &net.DNSError{Err: "no such host", Name: "gorod.lv", IsNotFound: true}), "no_such_host", "nav sasniedzama"},
		{fmt.Errorf("fetching: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), "unreachable", "neatbild"},
		{context.DeadlineExceeded, "timeout", "laikā"},
		{errors.New("something else"), "failed", "neizdevās"},
	} {
		code := readErrorCode(c.err)
		if code != c.code {
			t.Errorf("%v: code %q, want %q", c.err, code, c.code)
			continue
		}
		text := readErrorText(lv, code)
		if !strings.Contains(text, c.want) || strings.Contains(text, "feeds:") || strings.Contains(text, "%!") {
			t.Errorf("%s: %q, want words with %q", code, text, c.want)
		}
		if readErrorText(en, code) == text {
			t.Errorf("%s: the same words in English: %q", code, text)
		}
	}
	if readErrorText(lv, "") != "" || !strings.Contains(readErrorText(lv, "gone_missing:3"), "neizdevās") {
		t.Error("no error is no words, an unknown one the general words")
	}
	if d := retryAfterOf(&feeds.StatusError{Code: 429, RetryAfter: "3600"}, time.Now()); d != time.Hour {
		t.Errorf("Retry-After: %v", d)
	}
}

func TestMarkTermsMarksWhatTheRuleFound(t *testing.T) {
	render := func(parts []textPart) string {
		var b strings.Builder
		for _, p := range parts {
			if p.Mark {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		return b.String()
	}
	for _, c := range []struct {
		text  string
		terms []string
		want  string
	}{
		{"Daugavpilī atjaunos tramvaja līniju", []string{"Daugavpil", "tramvaj"}, "[Daugavpilī] atjaunos [tramvaja] līniju"},
		{"Daugavpils domes priekšsēdētājs tiekas", []string{"domes priekšsēdētāj"}, "Daugavpils [domes priekšsēdētājs] tiekas"},
		{"В Даугавпилсе продлят", []string{"Даугавпилс"}, "В [Даугавпилсе] продлят"},
		{"DAUGAVPILS, rīt", []string{"daugavpils"}, "[DAUGAVPILS], rīt"},
		{"Nekā te nav", []string{"tramvaj"}, "Nekā te nav"},
		{"", []string{"x"}, ""},
	} {
		if got := render(markTerms(c.text, c.terms)); got != c.want {
			t.Errorf("%q: %q, want %q", c.text, got, c.want)
		}
	}
}

// The demo's rules parse, and pick most of the demo's items and not the
// others.
func TestDemoRulesPickTheDemoItems(t *testing.T) {
	var rules []MatcherRule
	for i, r := range demoRules {
		p, err := ParseRule(r.expression)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		rules = append(rules, MatcherRule{ID: int64(i + 1), Rule: p})
	}
	m := NewMatcher(rules)
	matched := 0
	for _, it := range demoItems {
		hits := m.Match(it.title + "\n" + it.summary)
		if len(hits) > 0 {
			matched++
		}
		if strings.Contains(it.title, "Rīgā") || strings.Contains(it.title, "Saeima") || strings.Contains(it.title, "Риге") {
			if len(hits) > 0 {
				t.Errorf("%q is not about Daugavpils: %+v", it.title, hits)
			}
		}
	}
	if matched < 30 || matched == len(demoItems) {
		t.Errorf("%d of %d demo items matched", matched, len(demoItems))
	}
}

func TestLanguageOfAPage(t *testing.T) {
	for in, want := range map[string]Language{"lv": Latvian, "lv-LV": Latvian, "ru_RU": Russian, "EN": English, "ltg": Other, "": ""} {
		if got := languageOf(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
