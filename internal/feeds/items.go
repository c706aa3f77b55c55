package feeds

import (
	"regexp"
	"slices"
	"strings"
)

// The vocabularies an element can come from. Matching on them, not on the
// local name alone, keeps <media:title> from passing for the title and an
// RSS feed's <atom:link rel="self"> for the site's link.
type vocabulary int

const (
	other   vocabulary = iota
	core               // the feed format's own elements
	atom               // Atom elements inside RSS
	dc                 // Dublin Core
	dcterms            // DCMI terms
	content            // RSS 1.0's content module
	yandex             // Yandex News' full text, which Russian-language sites add
)

// vocabularies knows the feed's vocabularies by URI, and by the bare prefix
// of a feed that uses one without declaring it.
type vocabularies struct{ rootSpace string }

func (v vocabularies) of(n *node) vocabulary {
	switch n.name.Space {
	case v.rootSpace, "":
		return core
	case nsRSS1, nsRSS090, nsUserland:
		if v.rootSpace != nsAtom && v.rootSpace != nsAtom03 {
			return core
		}
	case nsAtom, nsAtom03, "atom":
		return atom
	case nsDC, "dc":
		return dc
	case nsDCTerms, "dcterms":
		return dcterms
	case nsContent, "content":
		return content
	case nsYandex, "yandex":
		return yandex
	}
	return other
}

// child is n's first element child of that vocabulary and local name.
func (v vocabularies) child(n *node, voc vocabulary, local string) *node {
	for _, k := range n.kids {
		if k.name.Local == local && v.of(k) == voc {
			return k
		}
	}
	return nil
}

func (v vocabularies) children(n *node, voc vocabulary, local string) []*node {
	var found []*node
	for _, k := range n.kids {
		if k.name.Local == local && v.of(k) == voc {
			found = append(found, k)
		}
	}
	return found
}

// text is the text of n's first such child.
func (v vocabularies) text(n *node, voc vocabulary, local string) string {
	return v.child(n, voc, local).inner()
}

func firstNonEmpty(values ...string) string {
	for _, s := range values {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func readRSS(root *node) *Feed {
	v := vocabularies{rootSpace: root.name.Space}
	channel := v.child(root, core, "channel")
	if channel == nil {
		channel = root
	}
	feed := &Feed{
		Title: htmlText(v.text(channel, core, "title"), maxTitleRunes),
		Link: resolveLink(channel.base, firstNonEmpty(
			v.text(channel, core, "link"), v.child(channel, core, "link").attrOrEmpty("href"), atomLink(v, channel))),
		Language: clean(firstNonEmpty(
			v.text(channel, core, "language"), v.text(channel, dc, "language"), root.attrValue(nsXML, "lang")), 35),
	}
	// RSS 2.0 puts its items in the channel, RSS 1.0 beside it, and broken
	// feeds anywhere.
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.kids {
			if k.name.Local == "item" && v.of(k) == core {
				if k.closed {
					feed.Items = append(feed.Items, readRSSItem(v, k))
				}
				continue
			}
			if k.name.Local != "" {
				walk(k)
			}
		}
	}
	walk(root)
	return feed
}

func readRSSItem(v vocabularies, n *node) Item {
	guid := v.child(n, core, "guid")
	it := Item{
		GUID:    firstNonEmpty(guid.inner(), n.attrValue(nsRDF, "about")),
		Title:   htmlText(v.text(n, core, "title"), maxTitleRunes),
		Summary: htmlText(firstNonEmpty(v.text(n, core, "description"), v.text(n, dc, "description")), maxTextRunes),
		Content: htmlText(firstNonEmpty(v.text(n, content, "encoded"), v.text(n, yandex, "full-text")), maxTextRunes),
		Published: parseDate(firstNonEmpty(v.text(n, core, "pubDate"), v.text(n, dc, "date"),
			v.text(n, dcterms, "issued"), v.text(n, dcterms, "created"))),
		Updated: parseDate(firstNonEmpty(v.text(n, atom, "updated"), v.text(n, dcterms, "modified"))),
	}
	link := firstNonEmpty(v.text(n, core, "link"), v.child(n, core, "link").attrOrEmpty("href"), atomLink(v, n))
	// RSS 2.0: a guid is the item's permanent link unless it says otherwise.
	if link == "" && guid != nil && !strings.EqualFold(strings.TrimSpace(guid.attrValue("", "isPermaLink")), "false") {
		link = guid.inner()
	}
	it.Link = resolveLink(n.base, link)

	var authors []string
	for _, c := range v.children(n, dc, "creator") {
		authors = append(authors, c.inner())
	}
	if len(authors) == 0 {
		authors = append(authors, rssAuthor(v.text(n, core, "author")))
	}
	it.Author = joinNames(authors)

	var categories []string
	for _, c := range v.children(n, core, "category") {
		categories = append(categories, c.inner())
	}
	for _, c := range v.children(n, dc, "subject") {
		categories = append(categories, c.inner())
	}
	it.Categories = cleanCategories(categories)
	return it
}

// RSS 2.0's <author> is an address, "redakcija@example.lv (Anna Kalniņa)";
// the name is what a reader wants.
var emailWithName = regexp.MustCompile(`^\s*\S+@\S+\s*\((.+)\)\s*$`)

func rssAuthor(s string) string {
	if m := emailWithName.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}

func joinNames(names []string) string {
	var kept []string
	for _, name := range names {
		if name = htmlText(name, maxTitleRunes); name != "" && !slices.Contains(kept, name) {
			kept = append(kept, name)
		}
	}
	return strings.Join(kept, ", ")
}

func cleanCategories(raw []string) []string {
	var kept []string
	for _, c := range raw {
		if len(kept) == maxCategories {
			break
		}
		if c = htmlText(c, maxCategoryRunes); c != "" && !slices.Contains(kept, c) {
			kept = append(kept, c)
		}
	}
	return kept
}

func (n *node) attrOrEmpty(local string) string {
	if n == nil {
		return ""
	}
	return n.attrValue("", local)
}

// atomLink is the href of n's link to the page a person reads: rel
// "alternate" (or none), an HTML one preferred over others.
func atomLink(v vocabularies, n *node) string {
	voc := atom
	if v.rootSpace == nsAtom || v.rootSpace == nsAtom03 {
		voc = core
	}
	best, bestHTML := "", false
	for _, l := range v.children(n, voc, "link") {
		rel := strings.ToLower(strings.TrimSpace(l.attrValue("", "rel")))
		href := strings.TrimSpace(l.attrValue("", "href"))
		if href == "" || (rel != "" && rel != "alternate") {
			continue
		}
		typ := strings.ToLower(l.attrValue("", "type"))
		isHTML := typ == "" || strings.Contains(typ, "html")
		if best == "" || (isHTML && !bestHTML) {
			best, bestHTML = resolveLink(l.base, href), isHTML
			if best == "" {
				bestHTML = false
			}
		}
	}
	return best
}

func readAtom(root *node) *Feed {
	v := vocabularies{rootSpace: root.name.Space}
	feed := &Feed{
		Title:    textConstruct(v.child(root, core, "title"), maxTitleRunes),
		Link:     atomLink(v, root),
		Language: clean(root.attrValue(nsXML, "lang"), 35),
	}
	feedAuthors := atomAuthors(v, root)
	for _, e := range v.children(root, core, "entry") {
		if !e.closed {
			continue
		}
		it := Item{
			GUID:      v.text(e, core, "id"),
			Link:      atomLink(v, e),
			Title:     textConstruct(v.child(e, core, "title"), maxTitleRunes),
			Summary:   textConstruct(v.child(e, core, "summary"), maxTextRunes),
			Content:   atomContent(v.child(e, core, "content")),
			Published: parseDate(firstNonEmpty(v.text(e, core, "published"), v.text(e, core, "issued"))),
			Updated:   parseDate(firstNonEmpty(v.text(e, core, "updated"), v.text(e, core, "modified"))),
		}
		authors := atomAuthors(v, e)
		if len(authors) == 0 {
			if src := v.child(e, core, "source"); src != nil {
				authors = atomAuthors(v, src)
			}
		}
		if len(authors) == 0 {
			authors = feedAuthors
		}
		it.Author = joinNames(authors)
		var categories []string
		for _, c := range v.children(e, core, "category") {
			categories = append(categories, firstNonEmpty(c.attrValue("", "label"), c.attrValue("", "term"), c.inner()))
		}
		it.Categories = cleanCategories(categories)
		feed.Items = append(feed.Items, it)
	}
	return feed
}

func atomAuthors(v vocabularies, n *node) []string {
	var names []string
	for _, a := range v.children(n, core, "author") {
		names = append(names, firstNonEmpty(v.text(a, core, "name"), v.text(a, core, "email")))
	}
	return names
}

// textConstruct reads an Atom text: type "text" is text (a "<" in it is a
// character), "html" is escaped HTML, "xhtml" is markup inline.
func textConstruct(n *node, limit int) string {
	if n == nil {
		return ""
	}
	if strings.EqualFold(n.attrValue("", "mode"), "base64") { // Atom 0.3
		return ""
	}
	switch typ := strings.ToLower(strings.TrimSpace(n.attrValue("", "type"))); {
	case typ == "html" || typ == "text/html" || strings.EqualFold(n.attrValue("", "mode"), "escaped"):
		return htmlText(n.inner(), limit)
	case typ == "xhtml" || typ == "application/xhtml+xml":
		return clean(n.inner(), limit)
	case typ == "" || typ == "text" || strings.HasPrefix(typ, "text/"):
		return plainText(n.inner(), limit)
	}
	return "" // an image or other media, not text
}

func atomContent(n *node) string {
	if n == nil || n.attrValue("", "src") != "" {
		return "" // the content is elsewhere
	}
	return textConstruct(n, maxTextRunes)
}
