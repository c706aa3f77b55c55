package app_test

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// htmlProblems are what the W3C checker found on PR Desk's forms, checked
// on every page the route × role test opens, so that later areas stay
// valid: a required select whose first option is not an empty
// placeholder; maxlength (or minlength) on an input that takes no typed
// text; an id used twice; a label, aria-describedby or aria-labelledby
// pointing at no element.
func htmlProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	var problems []string
	ids := map[string]int{}
	type ref struct{ attr, id, on string }
	var refs []ref
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := attrs(n)
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
				for _, limit := range []string{"maxlength", "minlength"} {
					if _, ok := a[limit]; ok && !slices.Contains([]string{"text", "search", "url", "tel", "email", "password"}, typ) {
						problems = append(problems, fmt.Sprintf("%s: %s on an input of type %s", desc, limit, typ))
					}
				}
			case "label":
				if f := a["for"]; f != "" {
					refs = append(refs, ref{"for", f, desc})
				}
			}
			for _, at := range []string{"aria-describedby", "aria-labelledby", "aria-controls"} {
				for _, id := range strings.Fields(a[at]) {
					refs = append(refs, ref{at, id, desc})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
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
