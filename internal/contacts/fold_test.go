package contacts

import (
	"slices"
	"strings"
	"testing"
)

func TestFoldIsDiacriticAndCaseBlind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Jānis Bērziņš", "janis berzins"},
		{"ĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuz"},
		{"anna.berzina@delfi.lv", "anna berzina delfi lv"},
		{"Дмитрий Щукин-Жуков", "дмитрий щукин жуков"},
		{"Ёлка", "елка"},
		{"Йод", "йод"},
		{"Wiśniewski Łukasz", "wisniewski lukasz"},
		{"  <script>  ", "script"},
		{"%_\\", ""},
	} {
		if got := strings.Join(Fold(c.in), " "); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCyrillicSearchWordsAlsoMatchTheirLatinSpelling(t *testing.T) {
	got := searchTerms("Иванов Жук berz")
	want := [][]string{{"иванов", "ivanov"}, {"жук", "zuk"}, {"berz"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("searchTerms = %v, want %v", got, want)
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"29123456", "+37129123456", true},
		{"+371 2912 3456", "+37129123456", true},
		{"00371 65 404 344", "+37165404344", true},
		{"(+370) 455-00017", "+37045500017", true},
		{"12", "", false},
		{"zvanīt vakarā", "", false},
		{"+371 2912 3456 7890 1234", "", false},
	} {
		got, ok := NormalizePhone(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestValidEmail(t *testing.T) {
	for in, want := range map[string]bool{
		"anna@example.lv": true, "a.b-c@sub.example.lv": true, "anna@": false, "@example.lv": false,
		"anna@example": false, "an na@example.lv": false, "a@b@example.lv": false, "anna@example.lv.": false,
	} {
		if got := ValidEmail(in); got != want {
			t.Errorf("ValidEmail(%q) = %v", in, got)
		}
	}
}

func TestCursorRoundTrips(t *testing.T) {
	c := Cursor{Key: "Bērziņš Jānis Jānis Bērziņš", ID: 42}
	got, ok := ParseCursor(c.String())
	if !ok || got != c {
		t.Errorf("ParseCursor(String()) = %v, %v", got, ok)
	}
	for _, bad := range []string{"", "!!!", "MA", "eDp4"} {
		if _, ok := ParseCursor(bad); ok {
			t.Errorf("ParseCursor(%q) accepted", bad)
		}
	}
}
