package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// htmlProblems are what the W3C checker found on PR Desk's forms, checked
// on every page the route × role test opens, so that later areas stay
// valid: a required select whose first option is not an empty
// placeholder; maxlength (or minlength) on an input that takes no typed
// text; an id used twice; a label, aria-describedby or aria-labelledby
// pointing at no element. And two of issue 10's: a browser's own date or
// month picker (the product's one date input is a text field written
// dd.mm.gggg., components.DateField), and a filter (a field of a form that
// searches, method get) that says it is optional: every filter is.
func htmlProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	var problems []string
	ids := map[string]int{}
	type ref struct{ attr, id, on string }
	var refs []ref
	var walk func(n *html.Node, inFilter bool)
	walk = func(n *html.Node, inFilter bool) {
		if n.Type == html.ElementNode {
			a := attrs(n)
			if n.Data == "form" {
				inFilter = a["method"] == "" || strings.EqualFold(a["method"], "get")
			}
			if id, ok := a["id"]; ok {
				ids[id]++
			}
			desc := describe(n, a)
			switch n.Data {
			case "select":
				_, required := a["required"]
				_, multiple := a["multiple"]
				if required && !multiple && a["size"] == "" {
					if first := firstOption(n); first == nil || attrs(first)["value"] != "" {
						problems = append(problems, desc+": a required select whose first option is not an empty placeholder")
					}
				}
			case "input":
				typ := strings.ToLower(a["type"])
				if typ == "" {
					typ = "text"
				}
				if slices.Contains([]string{"date", "month", "week", "datetime-local"}, typ) {
					problems = append(problems, fmt.Sprintf("%s: the browser's own %s picker, not the one date field (dd.mm.gggg.)", desc, typ))
				}
				for _, limit := range []string{"maxlength", "minlength"} {
					if _, ok := a[limit]; ok && !slices.Contains([]string{"text", "search", "url", "tel", "email", "password"}, typ) {
						problems = append(problems, fmt.Sprintf("%s: %s on an input of type %s", desc, limit, typ))
					}
				}
			case "span", "strong", "a":
				// Words and a badge beside them read as one word without a
				// space ("1-12/2026/23Gaida rezolūciju").
				if a["class"] == "badge" || strings.HasPrefix(a["class"], "badge ") {
					if p := n.PrevSibling; p != nil && p.Type == html.TextNode && gluedEnd(p.Data) {
						problems = append(problems, fmt.Sprintf("badge %q glued to the text before it (%q)", textOf(n), tail(p.Data)))
					}
					if nx := n.NextSibling; nx != nil && gluedStart(nx) {
						problems = append(problems, fmt.Sprintf("badge %q glued to what follows it (%q)", textOf(n), tail(textOf(nx))))
					}
				}
			case "label":
				if f := a["for"]; f != "" {
					refs = append(refs, ref{"for", f, desc})
				}
				if t := textOf(n); inFilter && (strings.Contains(t, "(nav obligāts)") || strings.Contains(t, "(optional)")) {
					problems = append(problems, "label for "+a["for"]+": a filter that says it is optional (every filter is)")
				}
			}
			for _, at := range []string{"aria-describedby", "aria-labelledby", "aria-controls"} {
				for _, id := range strings.Fields(a[at]) {
					refs = append(refs, ref{at, id, desc})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inFilter)
		}
	}
	walk(doc, false)
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("id %q used %d times", id, n))
		}
	}
	for _, r := range refs {
		if ids[r.id] == 0 {
			problems = append(problems, fmt.Sprintf("%s: %s names %q, which no element has", r.on, r.attr, r.id))
		}
	}
	slices.Sort(problems)
	return problems
}

func attrs(n *html.Node) map[string]string {
	m := make(map[string]string, len(n.Attr))
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

func describe(n *html.Node, a map[string]string) string {
	switch {
	case a["id"] != "":
		return n.Data + "#" + a["id"]
	case a["name"] != "":
		return n.Data + "[name=" + a["name"] + "]"
	}
	return n.Data
}

func firstOption(sel *html.Node) *html.Node {
	for c := sel.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.Data == "option" {
			return c
		}
		if c.Data == "optgroup" {
			if o := firstOption(c); o != nil {
				return o
			}
		}
	}
	return nil
}

// textOf is the text inside n, its children's included.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestHTMLProblemsFindsDatePickersAndOptionalFilters: the two checks of
// issue 10 find what they look for, and leave a form that saves alone.
func TestHTMLProblemsFindsDatePickersAndOptionalFilters(t *testing.T) {
	page := `<!doctype html><html lang="lv"><body>
		<form method="get" action="/visitors"><label for="day">Datums <span class="hint">(nav obligāts)</span></label><input type="date" id="day" name="day"></form>
		<form method="post" action="/visitors/log"><label for="note">Piezīme <span class="hint">(nav obligāts)</span></label><input id="note" name="note"></form>
		<form method="post" action="/x"><label for="m">Mēnesis</label><input type="month" id="m" name="m"></form>
		<h1>Iesniegums 1-12/2026/23<span class="badge warn">Gaida rezolūciju</span></h1>
		<p><span class="badge bad">Nokavēts par 9 darbdienām</span><strong>Nokavēts</strong></p>
		<p>Numurs <span class="badge ok">Slēgts</span> (<span class="badge ok">labi</span>)</p>
	</body></html>`
	got := strings.Join(htmlProblems(page), "\n")
	for _, want := range []string{`input#day: the browser's own date picker`, `input#m: the browser's own month picker`, "a filter that says it is optional", `badge "Gaida rezolūciju" glued to the text before it`, `badge "Nokavēts par 9 darbdienām" glued to what follows it`} {
		if !strings.Contains(got, want) {
			t.Errorf("not found: %s\nin:\n%s", want, got)
		}
	}
	if strings.Count(got, "glued") != 2 {
		t.Errorf("a badge with a space or a bracket beside it is glued to nothing:\n%s", got)
	}
	if strings.Count(got, "says it is optional") != 1 {
		t.Errorf("a form that saves may say a field is optional:\n%s", got)
	}
}

// gluedEnd: text that ends in a letter or digit, so that what follows it
// without a space reads as part of its last word.
func gluedEnd(s string) bool {
	r := []rune(s)
	return len(r) > 0 && (unicode.IsLetter(r[len(r)-1]) || unicode.IsDigit(r[len(r)-1]))
}

// gluedStart: a node that starts with a letter or digit right away.
func gluedStart(n *html.Node) bool {
	if n.Type == html.ElementNode && (n.Data == "br" || n.Data == "div" || n.Data == "p" || n.Data == "ul" || n.Data == "table") {
		return false
	}
	r := []rune(textOf(n))
	return len(r) > 0 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0]))
}

func tail(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 30 {
		return string(r[len(r)-30:])
	}
	return string(r)
}
