package monitoring

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/contacts"
)

func TestParseRuleCanonicalForm(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`Daugavpil`, `Daugavpil`},
		{`Daugavpil "domes priekšsēdētājs"`, `Daugavpil "domes priekšsēdētājs"`},
		{`Daugavpil UN dome`, `Daugavpil dome`},
		{`Daugavpil AND dome & pils`, `Daugavpil dome pils`},
		{`a VAI b OR c | d`, `a VAI b VAI c VAI d`},
		{`a|b`, `a VAI b`},
		{`a NE b`, `a NE b`},
		{`a NOT b`, `a NE b`},
		{`a -b`, `a NE b`},
		{`a -(b VAI c)`, `a NE (b VAI c)`},
		{`a -"b c"`, `a NE "b c"`},
		{`a NE (b c)`, `a NE (b c)`},
		{`NE b a`, `NE b a`},
		{`(a VAI b) c`, `(a VAI b) c`},
		{`a VAI b c`, `a VAI b c`},
		{`a VAI (b c)`, `a VAI b c`},
		{`a (b c)`, `a b c`},
		{`a VAI (b VAI c)`, `a VAI b VAI c`},
		{`((a))`, `a`},
		{`a NE NE b`, `a b`},
		{`a -(-b)`, `a b`},
		{`(a VAI NE b) c`, `(a VAI NE b) c`},
		{`a VAI (NE b c)`, `a VAI NE b c`},
		{`NE (a VAI NE b)`, `NE (a VAI NE b)`},
		{`NE (NE a VAI NE b)`, `NE (NE a VAI NE b)`},
		{`„domes priekšsēdētājs“`, `"domes priekšsēdētājs"`},
		{`«Latgales Ziņas»`, `"Latgales Ziņas"`},
		{`"  domes   sēde "`, `"domes sēde"`},
		{`"Daugavpils"`, `Daugavpils`},
		{`"COVID-19"`, `COVID-19`},
		{`COVID-19`, `COVID-19`},
		{`"UN" VAI "NE"`, `"UN" VAI "NE"`},
		{`"-x"`, `"-x"`},
		{`"a(b"`, `"a(b"`},
		{`un vai ne`, `un vai ne`},
		{`Un Vai Ne`, `Un Vai Ne`},
		{`a - b`, `a b`},
		{`a — b`, `a b`},
		{`a "" b`, `a b`},
		{`--a`, `"--a"`},
		{`Daugavpil* dome`, `Daugavpil* dome`},
		{"Daugavpil\n\tdome", `Daugavpil dome`},
		{`Даугавпилс НЕ футбол`, `Даугавпилс НЕ футбол`},
	} {
		r, err := ParseRule(c.in)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", c.in, err)
			continue
		}
		got := r.String()
		if got != c.want {
			t.Errorf("ParseRule(%q).String() = %q, want %q", c.in, got, c.want)
			continue
		}
		again, err := ParseRule(got)
		if err != nil {
			t.Errorf("ParseRule(%q) (the canonical form of %q): %v", got, c.in, err)
		} else if again.String() != got {
			t.Errorf("canonical form %q parses to %q", got, again.String())
		}
	}
}

func TestParseRuleRefusals(t *testing.T) {
	thousand := strings.Repeat("abcdefghi|", 100)[:999] // 100 words, 999 runes; " VAI " makes it 1395
	for _, c := range []struct {
		in   string
		code string
		pos  int
	}{
		{``, RuleEmpty, 0},
		{"  \t\n", RuleEmpty, 0},
		{`""`, RuleEmpty, 0},
		{`— – -`, RuleEmpty, 0},
		{`"domes sēde`, RuleUnclosedQuote, 0},
		{`ā "b`, RuleUnclosedQuote, 2},
		{`„domes sēde`, RuleUnclosedQuote, 0},
		{`(a VAI b`, RuleUnbalancedParen, 0},
		{`(a (b)`, RuleUnbalancedParen, 0},
		{`a) b`, RuleUnbalancedParen, 1},
		{`(ā) b)`, RuleUnbalancedParen, 5},
		{`a VAI`, RuleMissingOperand, 2},
		{`a OR`, RuleMissingOperand, 2},
		{`AND b`, RuleMissingOperand, 0},
		{`UN b`, RuleMissingOperand, 0},
		{`a UN`, RuleMissingOperand, 2},
		{`a VAI VAI b`, RuleMissingOperand, 6},
		{`a | | b`, RuleMissingOperand, 4},
		{`a NE`, RuleMissingOperand, 2},
		{`NE`, RuleMissingOperand, 0},
		{`()`, RuleMissingOperand, 0},
		{`a ()`, RuleMissingOperand, 2},
		{`a (b VAI)`, RuleMissingOperand, 5},
		{`-( )`, RuleMissingOperand, 1},
		{`NE x`, RuleOnlyNegative, 0},
		{`NOT x`, RuleOnlyNegative, 0},
		{`-x`, RuleOnlyNegative, 0},
		{`-"domes sēde"`, RuleOnlyNegative, 0},
		{`NE a NE b`, RuleOnlyNegative, 0},
		{`a VAI NE b`, RuleOnlyNegative, 6},
		{`a OR NOT b`, RuleOnlyNegative, 5},
		{`a VAI (b VAI NE c)`, RuleOnlyNegative, 13},
		{`a VAI (NE b NE c)`, RuleOnlyNegative, 7},
		{`a VAI NE (b VAI c)`, RuleOnlyNegative, 6},
		{`NE (a VAI b)`, RuleOnlyNegative, 0},
		{strings.Repeat("a", 1001), RuleTooLong, 1000},
		{strings.Repeat("ā", 1001), RuleTooLong, 1000},
		{strings.Repeat("a ", 101), RuleTooLong, 200},
		{thousand, RuleTooLong, 999},
	} {
		_, err := ParseRule(c.in)
		var re *RuleError
		if !errors.As(err, &re) {
			t.Errorf("ParseRule(%.40q) = %v, want %s at %d", c.in, err, c.code, c.pos)
			continue
		}
		if re.Code != c.code || re.Pos != c.pos {
			t.Errorf("ParseRule(%.40q): %s at %d, want %s at %d", c.in, re.Code, re.Pos, c.code, c.pos)
		}
	}
	if _, err := ParseRule(strings.Repeat("a ", 100)); err != nil {
		t.Errorf("a rule of %d words: %v", MaxRuleTerms, err)
	}
	if _, err := ParseRule(strings.Repeat("ā", 1000)); err != nil {
		t.Errorf("a rule of %d runes: %v", MaxRuleRunes, err)
	}
}

func TestRuleErrorReadsInLogs(t *testing.T) {
	_, err := ParseRule(`a VAI`)
	if got, want := err.Error(), "monitoring: rule has an operator without a word to apply to (at rune 2)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestRuleMatches(t *testing.T) {
	for _, c := range []struct {
		rule string
		text string
		want bool
	}{
		// Latvian inflections of the city, by a stem
		{`Daugavpil`, "Daugavpils dome", true},
		{`Daugavpil`, "Notikums Daugavpilī", true},
		{`Daugavpil`, "Daugavpilij piešķirts finansējums", true},
		{`Daugavpil`, "DAUGAVPILS", true},
		{`Daugavpil`, "Pie Daugavas", false},
		{`Daugavpil`, "Rēzeknes novadā", false},
		{`Daugavpil`, "Lielā Daugavpilsiela", true},
		// Russian, by a rule of its own
		{`Даугавпилс`, "В Даугавпилсе открыли", true},
		{`Даугавпилс`, "жители Даугавпилса", true},
		{`Даугавпилс`, "ДАУГАВПИЛС", true},
		{`Даугавпилс`, "Daugavpils dome", false},
		{`Daugavpil`, "В Даугавпилсе открыли", false},
		// diacritics and case count neither way
		{`daugavpili`, "Notikums Daugavpilī", true},
		{`Daugavpilī`, "notikums daugavpili", true},
		{`Bērziņš`, "Jānis Berzins", true},
		{`berzins`, "JĀNIS BĒRZIŅŠ", true},
		{`Bērziņš`, "Bērziņam", false},
		{`Bērziņ`, "Bērziņam", true},
		{`Ёлка`, "новогодняя елка", true},
		// a rule word matches the start of an item word, not its middle
		{`pils`, "Daugavpils", false},
		{`pils`, "pilsētas svētki", true},
		// phrases: consecutive words, each a stem
		{`"domes priekšsēdētājs"`, "Daugavpils domes priekšsēdētājs Andrejs Elksniņš", true},
		{`"domes priekšsēdētāj"`, "domes priekšsēdētāja vietnieks", true},
		{`"domes priekšsēdētājs"`, "domes priekšsēdētāja vietnieks", false},
		{`"domes priekšsēdētājs"`, "priekšsēdētājs domes sēdē", false},
		{`"domes priekšsēdētājs"`, "domes sēdē priekšsēdētājs", false},
		{`"domes priekšsēdētājs"`, "Daugavpils domes", false},
		{`COVID-19`, "Covid-19 gadījumi", true},
		{`COVID-19`, "COVID 19 gadījumi", true},
		{`COVID-19`, "covid gadījumi 19", false},
		// AND
		{`Daugavpil dome`, "Daugavpils dome", true},
		{`Daugavpil dome`, "dome lēma par Daugavpili", true},
		{`Daugavpil dome`, "Daugavpils cietoksnis", false},
		{`Daugavpil UN dome`, "Daugavpils cietoksnis", false},
		// NOT
		{`Daugavpil NE futbol`, "Daugavpils dome", true},
		{`Daugavpil NE futbol`, "Daugavpils futbola klubs", false},
		{`Daugavpil -futbol`, "Daugavpils futbola klubs", false},
		{`Daugavpil -"futbola klubs"`, "Daugavpils futbola klubs", false},
		{`Daugavpil -"futbola klubs"`, "Daugavpils klubs un futbola laukums", true},
		{`Daugavpil NE (futbol VAI hokej)`, "Daugavpils hokeja komanda", false},
		{`(a VAI NE b) c`, "c", true},
		{`(a VAI NE b) c`, "b c", false},
		// OR
		{`Daugavpil VAI Даугавпилс`, "Daugavpils dome", true},
		{`Daugavpil VAI Даугавпилс`, "в Даугавпилсе", true},
		{`Daugavpil VAI Даугавпилс`, "Rīgā", false},
		// parentheses and precedence
		{`(dome VAI pašvaldīb) Daugavpil`, "Daugavpils pašvaldība", true},
		{`(dome VAI pašvaldīb) Daugavpil`, "Daugavpils cietoksnis", false},
		{`(dome VAI pašvaldīb) Daugavpil`, "pašvaldība", false},
		{`a VAI b c`, "a", true},
		{`a VAI b c`, "b", false},
		{`a VAI b c`, "b c", true},
		// only upper case operators are operators
		{`skola vai dārzs`, "skola", false},
		{`skola vai dārzs`, "skola vai dārzs", true},
		{`skola VAI dārzs`, "skola", true},
		{`skola un dārzs`, "skola, dārzs", false},
		{`skola UN dārzs`, "skola, dārzs", true},
		// markup and punctuation in the item
		{`"domes priekšsēdētājs"`, "<p>Daugavpils domes&nbsp;priekšsēdētājs</p>", true},
		{`"domes priekšsēdētājs"`, "<p>Daugavpils domes <b>priekšsēdētājs</b></p>", true},
		{`Daugavpil`, "«Daugavpils»—pilsēta, kurā…", true},
		{`Daugavpil`, "(Daugavpils)", true},
		{`Daugavpil`, "&quot;Daugavpils&quot;", true},
		{`Daugavpil`, `<a href="https://daugavpils.lv">Rēzekne</a>`, false},
		{`href`, `<a href="https://daugavpils.lv">Rēzekne</a>`, false},
		{`b`, "a < b", true},
		{`Daugavpil`, "Rēzekne\nDaugavpils", true},
		{`Daugavpil`, "", false},
	} {
		r, err := ParseRule(c.rule)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", c.rule, err)
			continue
		}
		if got := r.Matches(c.text); got != c.want {
			t.Errorf("rule %q on %q = %v, want %v", c.rule, c.text, got, c.want)
		}
	}
}

func mustRule(t testing.TB, s string) *Rule {
	t.Helper()
	r, err := ParseRule(s)
	if err != nil {
		t.Fatalf("ParseRule(%q): %v", s, err)
	}
	return r
}

func TestMatcherHitsNameTheRuleAndThePositiveWordsFound(t *testing.T) {
	m := NewMatcher([]MatcherRule{
		{ID: 10, Rule: mustRule(t, `Daugavpil VAI Даугавпилс`)},
		{ID: 20, Rule: mustRule(t, `"domes priekšsēdētāj" NE sport`)},
		{ID: 30, Rule: mustRule(t, `Rēzekn`)},
		{ID: 40, Rule: mustRule(t, `(Daugavpil VAI Latgal) NE sport`)},
		{ID: 50, Rule: nil},
		{ID: 60, Rule: mustRule(t, `(dome VAI Dome VAI Daugavpil) Elksniņ`)},
		{ID: 70, Rule: mustRule(t, `Daugavpil NE (a NE Elksniņ)`)},
	})
	for _, c := range []struct {
		text string
		want []Hit
	}{
		{"Daugavpils domes priekšsēdētājs Andrejs Elksniņš", []Hit{
			{RuleID: 10, Terms: []string{"Daugavpil"}},
			{RuleID: 20, Terms: []string{"domes priekšsēdētāj"}},
			{RuleID: 40, Terms: []string{"Daugavpil"}},
			{RuleID: 60, Terms: []string{"dome", "Dome", "Daugavpil", "Elksniņ"}},
			{RuleID: 70, Terms: []string{"Daugavpil", "Elksniņ"}},
		}},
		{"Daugavpils domes priekšsēdētājs sporta hallē", []Hit{
			{RuleID: 10, Terms: []string{"Daugavpil"}},
			{RuleID: 70, Terms: []string{"Daugavpil"}},
		}},
		{"Rēzeknē", []Hit{{RuleID: 30, Terms: []string{"Rēzekn"}}}},
		{"sports", nil},
		{"Jelgava", nil},
		{"", nil},
	} {
		got := m.Match(c.text)
		if !slices.EqualFunc(got, c.want, func(a, b Hit) bool { return a.RuleID == b.RuleID && slices.Equal(a.Terms, b.Terms) }) {
			t.Errorf("Match(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestMatcherFindsEveryPhraseThatSharesAFirstWord(t *testing.T) {
	m := NewMatcher([]MatcherRule{
		{ID: 1, Rule: mustRule(t, `"domes sēde"`)},
		{ID: 2, Rule: mustRule(t, `"domes priekšsēdētāj"`)},
		{ID: 3, Rule: mustRule(t, `dom`)},
		{ID: 4, Rule: mustRule(t, `"domes priekšsēdētāj"`)},
	})
	got := m.Match("pēc domes sēdes domes priekšsēdētājs teica")
	var ids []int64
	for _, h := range got {
		ids = append(ids, h.RuleID)
	}
	if want := []int64{1, 2, 3, 4}; !slices.Equal(ids, want) {
		t.Errorf("rules hit = %v, want %v", ids, want)
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		`Daugavpil "domes priekšsēdētājs" VAI (Даугавпилс НЕ футбол) NE sports`,
		`a OR NOT b`, `(a | b) & -c`, `„a b“ «c»`, `-(-a)`, `--a`, `a - b`, `"UN"`, `COVID-19`,
		`(a VAI NE b) c`, `NE (NE a VAI NE b)`, `((a)`, `"`, `a)`, "\xff\xfe a", `- "" ()`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("ParseRule(%q) = %v, not a *RuleError", s, err)
			}
			if n := utf8.RuneCountInString(s); re.Pos < 0 || re.Pos > n {
				t.Fatalf("ParseRule(%q): position %d outside 0..%d", s, re.Pos, n)
			}
			return
		}
		canonical := r.String()
		again, err := ParseRule(canonical)
		if err != nil {
			t.Fatalf("ParseRule(%q) gave %q, which does not parse: %v", s, canonical, err)
		}
		if again.String() != canonical {
			t.Fatalf("ParseRule(%q) gave %q, which parses to %q", s, canonical, again.String())
		}
		r.Matches(s)
	})
}

func TestFoldItemIsContactsFold(t *testing.T) {
	// Every rune of the first two planes, where the world's scripts and
	// punctuation are; a sample of the ideographs and private use above.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r > 0x1FFFF && r%101 != 0 || r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := "Ab" + string(r) + "Ž1"
		if got, want := foldItem(s), contacts.Fold(s); !slices.Equal(got, want) {
			t.Fatalf("foldItem(%q) = %q, contacts.Fold = %q", s, got, want)
		}
	}
	for _, s := range []string{"И\u0306од", "и\u0306", "a\u0304b", "q\u0304b", "½", "x½y", "ǅ", "İ", "\xffa\xfe", ""} {
		if got, want := foldItem(s), contacts.Fold(s); !slices.Equal(got, want) {
			t.Errorf("foldItem(%q) = %q, contacts.Fold = %q", s, got, want)
		}
	}
}

func FuzzFoldItem(f *testing.F) {
	for _, s := range benchItems {
		f.Add(s)
	}
	f.Add("И\u0306од Łódź ½ ß ǅ \xff İ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldItem(s), contacts.Fold(s); !slices.Equal(got, want) {
			t.Fatalf("foldItem(%q) = %q, contacts.Fold = %q", s, got, want)
		}
	})
}
