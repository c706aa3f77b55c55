package feeds

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	htmltok "golang.org/x/net/html"
)

// Caps on what one field keeps: a feed's whole article text is useful for
// searching, but a runaway one must not fill a row.
const (
	maxTextRunes     = 100_000
	maxTitleRunes    = 1_000
	maxCategoryRunes = 200
	maxCategories    = 50
	// A GUID longer than this is stored as its hash: callers index GUIDs, and
	// PostgreSQL refuses a B-tree entry larger than about 2.7 kB.
	maxGUIDBytes = 512
)

// A tag or an entity still in text that was already decoded once means the
// feed escaped it twice ("&amp;quot;", "&amp;lt;b&amp;gt;"), which many CMSs do.
var stillEscaped = regexp.MustCompile(`&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});|</?[a-zA-Z][a-zA-Z0-9]*[\s/>]`)

// htmlText is the plain text a person reads in an HTML fragment: tags gone,
// entities decoded, whitespace collapsed, at most limit runes.
func htmlText(s string, limit int) string {
	text := stripTags(s)
	for range 2 {
		if !stillEscaped.MatchString(text) {
			break
		}
		text = stripTags(text)
	}
	return clean(text, limit)
}

// plainText is for fields that are text by declaration (an Atom
// type="text"): a "<" there is a character, but a doubly escaped entity is
// still the feed's mistake.
func plainText(s string, limit int) string {
	for range 3 {
		if !strings.Contains(s, "&") {
			break
		}
		unescaped := html.UnescapeString(s)
		if unescaped == s {
			break
		}
		s = unescaped
	}
	return clean(s, limit)
}

// Elements whose content is not text a reader sees.
var hiddenElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "noembed": true, "noframes": true, "object": true,
}

// Elements that separate words: "<p>Rīga</p><p>Daugavpils</p>" must not read
// "RīgaDaugavpils".
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"dd": true, "div": true, "dl": true, "dt": true, "figcaption": true, "figure": true,
	"footer": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true,
	"p": true, "pre": true, "section": true, "table": true, "td": true, "th": true,
	"tr": true, "ul": true, "img": true, "caption": true, "summary": true, "details": true,
}

func stripTags(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	z := htmltok.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	hidden := 0
	for {
		switch z.Next() {
		case htmltok.ErrorToken:
			return b.String()
		case htmltok.TextToken:
			if hidden == 0 {
				b.Write(z.Text())
			}
		case htmltok.StartTagToken:
			name, _ := z.TagName()
			if hiddenElements[string(name)] {
				hidden++
			} else if blockElements[string(name)] {
				b.WriteByte(' ')
			}
		case htmltok.EndTagToken:
			name, _ := z.TagName()
			if hiddenElements[string(name)] {
				hidden = max(hidden-1, 0)
			} else if blockElements[string(name)] {
				b.WriteByte(' ')
			}
		case htmltok.SelfClosingTagToken:
			name, _ := z.TagName()
			if blockElements[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// clean makes s one line of valid UTF-8: runs of whitespace become one
// space, control and invisible formatting characters go, and at most limit
// runes remain.
func clean(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(min(len(s), limit*2))
	space, runes := false, 0
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '\u00AD' || r == '\u200B' || r == '\u2060' || r == '\uFEFF':
			// soft hyphens and zero-width spaces from CMS editors would
			// break searching for the word they sit in
			continue
		case unicode.IsControl(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			if runes++; runes > limit {
				break
			}
			b.WriteByte(' ')
		}
		space = false
		if runes++; runes > limit {
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace)
}
