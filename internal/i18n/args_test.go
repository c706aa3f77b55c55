package i18n

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// verb is a positional fmt verb of a catalogue text (%s, %d, %5.1f); %% is
// not one.
var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

// named is a named placeholder of a catalogue text: %{name}.
var named = regexp.MustCompile(`%\{([a-z_]+)\}`)

// verbsOf lists the positional verbs of text in order ("s", "d"), %% left out.
func verbsOf(text string) []string {
	text = named.ReplaceAllString(text, "")
	var out []string
	for _, v := range verb.FindAllString(text, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	return out
}

// namesOf lists the named placeholders of text.
func namesOf(text string) []string {
	var out []string
	for _, m := range named.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// sample is a value of the kind a verb takes.
func sample(v string) any {
	switch v {
	case "d":
		return 15
	case "f", "g", "e":
		return 1.5
	default:
		return "vērtība"
	}
}

// unfilled is what a text shows when it was given the wrong arguments:
// fmt's complaint ("%!s(int=15)", "%!(EXTRA …)", "%!d(MISSING)"), or a
// placeholder nobody filled.
var unfilled = regexp.MustCompile(`%!|%\{[a-z_]+\}|%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z]`)

// Every text that takes arguments renders in both languages with the
// arguments its Latvian text asks for: the two languages agree on how many
// arguments, of which kinds, in which order (or under which names), and no
// text shows "%!s(int=15)" or an unfilled "%{name}". Which values the code
// passes is checked by TestCallsPassWhatTheTextsTake.
func TestEveryTextWithArgumentsRenders(t *testing.T) {
	lv, en := Keys("lv"), Keys("en")
	checked := 0
	for key, text := range lv {
		verbs, names := verbsOf(text), namesOf(text+" "+en[key])
		if len(verbs) == 0 && len(names) == 0 {
			if len(verbsOf(en[key])) > 0 {
				t.Errorf("%s: the English text takes arguments, the Latvian none: %q", key, en[key])
			}
			continue
		}
		if len(verbs) > 0 && len(names) > 0 {
			t.Errorf("%s: mixes positional and named placeholders: %q / %q", key, text, en[key])
			continue
		}
		var args []any
		if len(names) > 0 {
			m := M{}
			for _, n := range names {
				m[n] = "vērtība"
			}
			args = []any{m}
		} else {
			for _, v := range verbs {
				args = append(args, sample(v))
			}
		}
		checked++
		for _, lang := range Languages {
			got := T(WithLocale(context.Background(), lang), key, args...)
			if bad := unfilled.FindString(got); bad != "" {
				t.Errorf("%s (%s) with %v renders %q: %q left in it", key, lang, args, got, bad)
			}
			if !strings.Contains(got, "vērtība") && !strings.Contains(got, "15") && !strings.Contains(got, "1.5") {
				t.Errorf("%s (%s) with %v shows none of its arguments: %q", key, lang, args, got)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d texts take arguments: is the catalogue read?", checked)
	}
}
