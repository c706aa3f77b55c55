package app_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// latvianProblems are the words on a Latvian page that are not Latvian:
// a name from the code (snake_case, dotted.names, camelCase, a catalogue
// key the catalogue lacks) or a common English interface word. It reads
// what a person sees: the text, and the labels a screen reader reads
// (aria-label, title, placeholder, alt), leaving out what is marked as
// another language (lang="en": the switch to English), as not to be
// translated (translate="no": user names, file names, codes), what a
// person typed (<bdi>, form fields' values, and the rows of the lists whose
// cells hold typed text bare: typedListCell) and <code>. Checked on every
// page the route × role test opens, so a new area's untranslated enum
// value or missing text fails `make test`.
func latvianProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil // htmlProblems says so
	}
	if !isLatvian(doc) {
		return nil
	}
	seen := map[string]bool{}
	var problems []string
	check := func(text, where string) {
		for _, w := range notLatvian(text) {
			if !seen[w] {
				seen[w] = true
				problems = append(problems, "not Latvian: "+w+" ("+where+": "+shorten(text)+")")
			}
		}
	}
	var walk func(n *html.Node, where string)
	walk = func(n *html.Node, where string) {
		if n.Type == html.ElementNode {
			a := attrs(n)
			switch {
			case n.Data == "script" || n.Data == "style" || n.Data == "head" && false,
				n.Data == "bdi" || n.Data == "code" || n.Data == "textarea" || n.Data == "pre" && a["class"] == "",
				a["lang"] != "" && a["lang"] != "lv", a["translate"] == "no":
				return
			}
			if n.Data == "title" {
				where = "title"
			} else if where != "title" {
				where = n.Data
			}
			for _, k := range []string{"aria-label", "title", "placeholder", "alt"} {
				if v := a[k]; v != "" {
					check(v, n.Data+"@"+k)
				}
			}
			if n.Data == "input" && (a["type"] == "submit" || a["type"] == "button") {
				check(a["value"], "button")
			}
		}
		if n.Type == html.TextNode {
			check(n.Data, where)
		}
		typed := typedListCell(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			// A list's typed text stands bare in its cells, its links and
			// their second lines; badges and the like are still read.
			if typed && (c.Type == html.TextNode || c.Type == html.ElementNode && (c.Data == "a" || c.Data == "small")) {
				continue
			}
			walk(c, where)
		}
	}
	walk(doc, "")
	return problems
}

// typedListTables are the lists whose rows carry what people typed without
// <bdi> (app.css isolates it by position): a subject, a clipping's title,
// a contact's name, a release's lead.
var typedListTables = []string{"petitions", "mon-list", "c-list", "pr-list"}

// typedListCell tells whether n is a body cell of such a list.
func typedListCell(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Data != "td" || n.Parent == nil || n.Parent.Parent == nil || n.Parent.Parent.Data != "tbody" {
		return false
	}
	table := n.Parent.Parent.Parent
	if table == nil || table.Data != "table" {
		return false
	}
	classes := strings.Fields(attrs(table)["class"])
	for _, c := range typedListTables {
		if slices.Contains(classes, c) {
			return true
		}
	}
	return false
}

func isLatvian(doc *html.Node) bool {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			return attrs(n)["lang"] == "lv"
		}
	}
	return false
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

var (
	snakeCase = regexp.MustCompile(`^[A-Za-z]+(_[A-Za-z0-9]+)+$`)
	camelCase = regexp.MustCompile(`^[a-z]+[A-Z][A-Za-z]*$|^[A-Z][a-z]+[A-Z][a-z]+[A-Za-z]*$`)
	dotted    = regexp.MustCompile(`^[a-z]+(\.[a-z_]+)+$`)
	// A dotted word that is no identifier: a web address's host, a file's name.
	hostOrFile = regexp.MustCompile(`\.(lv|lt|ee|eu|com|org|net|ru|gov|pdf|csv|xlsx|ics|png|jpe?g|tiff?)$`)
)

// notLatvian are the words of text that are names from the code or common
// English interface words.
func notLatvian(text string) []string {
	var out []string
	if strings.Contains(text, "MISSING") {
		out = append(out, "MISSING")
	}
	for _, f := range strings.Fields(text) {
		if strings.ContainsAny(f, "@/:") || strings.HasPrefix(f, "http") {
			continue // an address, a path, a time, a number with a slash
		}
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
		if w == "" {
			continue
		}
		switch {
		case snakeCase.MatchString(w), camelCase.MatchString(w) && !allowed[w]:
			out = append(out, w)
		case dotted.MatchString(w) && !hostOrFile.MatchString(w) && !allowed[w]:
			out = append(out, w)
		case englishWords[strings.ToLower(w)] && !allowed[w]:
			out = append(out, w)
		}
	}
	return out
}

// allowed are words the check would flag that are deliberate: names of
// products and abbreviations a Latvian text uses as they are.
var allowed = map[string]bool{
	// The date hint and "darba dienas" abbreviated.
	"dd.mm.gggg": true, "dd.mm": true, "d.d": true,
	"iCalendar": true, "PostgreSQL": true, "JavaScript": true, "YouTube": true, "LinkedIn": true, "TikTok": true,
	"vCard": true, // the address-book format the directory exports and imports
}

// englishWords are common English interface words that are no Latvian
// words ("no", "to", "un", "par", "var" are Latvian and left out).
var englishWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		the and of for with from not this that these those your you our are was were has have will would should
		save cancel delete edit submit search filter next previous prev back page pages list view create update new
		name date status state none yes error errors required optional file files download upload print export import
		home settings setting user users login logout sign password email phone total open closed overdue pending
		booked arrived done left called waiting cancelled show hide more less all any select choose add remove close
		submission submissions visitor visitors booking bookings queue ticket tickets official officials report reports
		task tasks true false null nil undefined todo lorem ipsum loading please sorry success failed warning info
		details detail summary entity action actions when who what where which why how today tomorrow yesterday
		monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
		september october november december week month year day days hour hours minute minutes
		received registered answered forwarded unexamined joined resolution resolve assigned executor addressee
		reset grant deactivate activate petition petitions visit visits reception person address note reason topic
		language room rule rules session sessions slot slots draft scan case kind source holiday value role roles
		account audit log access code channel type answer notice outcome recall transfer undo call board`) {
		m[w] = true
	}
	return m
}()

func TestLatvianProblemsFindsCodeAndEnglish(t *testing.T) {
	page := `<!DOCTYPE html><html lang="lv"><head><title>Žurnāls</title></head><body>
		<button lang="en" aria-label="Switch to English">English</button>
		<table><tr><td>petition</td><td>visit_rule</td><td>create</td><td>petitions.list.title</td><td>dueDate</td>
		<td>Iesniegums 1-14/2026/7, e-pasts anna.1@example.lv, fails skenējums.pdf, 16,7 %</td>
		<td><bdi>Save the date</bdi></td><td translate="no">routes.sample</td></tr></table>
		<table class="mon-list"><tbody><tr><td><a href="/m/1">Draft notice</a><small>Session log</small></td>
		<td>Holiday source<span class="badge">board</span></td></tr></tbody></table>
		<p>Datums dd.mm.gggg. Atlikušas 10 d.d.</p></body></html>`
	got := strings.Join(latvianProblems(page), "\n")
	for _, want := range []string{"petition", "visit_rule", "create", "petitions.list.title", "dueDate", "board"} {
		if !strings.Contains(got, "not Latvian: "+want+" ") {
			t.Errorf("%q is not found in:\n%s", want, got)
		}
	}
	for _, fine := range []string{"English", "Switch", "anna", "example", "skenējums", "Save", "routes", "gggg", "d.d", "Draft", "notice", "Session", "log", "Holiday", "source"} {
		if strings.Contains(got, "not Latvian: "+fine) {
			t.Errorf("%q is flagged:\n%s", fine, got)
		}
	}
}

// placeholder is where a catalogue text takes an argument.
var placeholder = regexp.MustCompile(`%\{[a-z_]+\}|%[sdv]|%%`)

// Every Latvian catalogue text is read the same way, the ones no route
// shows with the test's records too (error messages, empty states, mail).
func TestLatvianCatalogueHasNoEnglish(t *testing.T) {
	for key, text := range i18n.Keys("lv") {
		for _, w := range notLatvian(placeholder.ReplaceAllString(strings.ReplaceAll(text, `\n`, " "), " ")) {
			t.Errorf("lv %s: not Latvian: %s (%s)", key, w, shorten(text))
		}
	}
}
