package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	htmltok "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// maxPageBytes is how much of an article page is read: the metadata is in
// the head and the article's start, and some pages are megabytes of script.
const maxPageBytes = 1 << 20

const maxDescriptionRunes = 5_000

// ErrNotAPage: the URL answered with something other than HTML (a PDF, an
// image), which has no metadata to read; the caller keeps the bare link.
var ErrNotAPage = errors.New("feeds: not an HTML page")

// Page is what an article page says about itself, for the entry a staff
// member makes from a pasted URL. Its texts are plain text; any may be
// empty, as sites differ in what they declare.
type Page struct {
	URL         string // after redirects
	Title       string
	SiteName    string
	Author      string
	Description string
	Language    string
	Published   time.Time // zero when the page gives no date
}

// ReadPage fetches pageURL and reads its metadata: Open Graph and article
// tags, JSON-LD, the <title>, and the first <time> in the <article>. A
// status that is not a success gives a *StatusError.
func (c *Client) ReadPage(ctx context.Context, pageURL string) (*Page, error) {
	header := http.Header{}
	header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	resp, err := c.get(ctx, pageURL, header)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := statusError(resp); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageBytes))
	if err != nil && len(body) == 0 {
		return nil, fmt.Errorf("feeds: reading %s: %w", resp.Request.URL.Redacted(), err)
	}
	// A body broken off after the head still has the metadata; err is
	// dropped when some of it came.
	contentType := resp.Header.Get("Content-Type")
	if !isHTML(contentType, body) {
		return nil, fmt.Errorf("%w: %s is %s", ErrNotAPage, resp.Request.URL.Redacted(), contentType)
	}
	page, err := readPage(body, contentType)
	if err != nil {
		return nil, err
	}
	page.URL = resp.Request.URL.String()
	if page.Language == "" {
		page.Language = clean(strings.Split(resp.Header.Get("Content-Language"), ",")[0], 35)
	}
	return page, nil
}

func isHTML(contentType string, body []byte) bool {
	media, _, _ := mime.ParseMediaType(contentType)
	switch media {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "text/plain", "application/octet-stream":
		// servers that do not say, or say wrong
		return strings.HasPrefix(http.DetectContentType(body), "text/html")
	}
	return false
}

// readPage reads the metadata of an HTML page whose first bytes are body.
func readPage(body []byte, contentType string) (*Page, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return &Page{}, nil
	}
	// The encoding comes from a byte-order mark, the HTTP charset or a
	// <meta charset> in the first kilobyte, in the order browsers use.
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, fmt.Errorf("feeds: decoding the page: %w", err)
	}
	var m pageMeta
	m.read(htmltok.NewTokenizer(r))
	return m.page(), nil
}

// pageMeta gathers the candidates for each field as the tokens pass; page
// then chooses among them.
type pageMeta struct {
	meta        map[string]string // first content of each <meta> by property, name or "itemprop:"+itemprop
	title       string            // the document's <title>
	lang        string
	articleTime string // the first <time datetime> inside an <article>
	itemprop    string // an element's itemprop="datePublished" date
	ld          linkedData
}

func (m *pageMeta) read(z *htmltok.Tokenizer) {
	m.meta = make(map[string]string)
	var inTitle, titleDone, inLD bool
	var svg, article int
	for {
		tt := z.Next()
		switch tt {
		case htmltok.ErrorToken:
			return
		case htmltok.TextToken:
			switch {
			case inTitle:
				m.title += string(z.Text())
			case inLD:
				m.ld.read(z.Text())
			}
		case htmltok.StartTagToken, htmltok.SelfClosingTagToken:
			name, _ := z.TagName()
			attrs := tagAttrs(z)
			if date := firstNonEmpty(attrs["content"], attrs["datetime"]); strings.EqualFold(attrs["itemprop"], "datePublished") && m.itemprop == "" {
				m.itemprop = date
			}
			opens := tt == htmltok.StartTagToken
			switch string(name) {
			case "html":
				if m.lang == "" {
					m.lang = attrs["lang"]
				}
			case "meta":
				m.addMeta(attrs)
			case "title":
				// an <svg>'s <title> labels an icon
				inTitle = opens && svg == 0 && !titleDone
			case "svg":
				if opens {
					svg++
				}
			case "article":
				if opens {
					article++
				}
			case "time":
				if article > 0 && m.articleTime == "" {
					m.articleTime = attrs["datetime"]
				}
			case "script":
				inLD = opens && strings.Contains(strings.ToLower(attrs["type"]), "ld+json")
			}
		case htmltok.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "title":
				if inTitle {
					inTitle, titleDone = false, true
				}
			case "svg":
				svg = max(svg-1, 0)
			case "article":
				article = max(article-1, 0)
			case "script":
				inLD = false
			}
		}
	}
}

func tagAttrs(z *htmltok.Tokenizer) map[string]string {
	attrs := make(map[string]string)
	for {
		key, val, more := z.TagAttr()
		if len(key) > 0 {
			if _, seen := attrs[string(key)]; !seen {
				attrs[string(key)] = string(val)
			}
		}
		if !more {
			return attrs
		}
	}
}

func (m *pageMeta) addMeta(attrs map[string]string) {
	content := strings.TrimSpace(attrs["content"])
	if content == "" {
		return
	}
	for _, key := range []string{attrs["property"], attrs["name"]} {
		if key = strings.ToLower(strings.TrimSpace(key)); key != "" && m.meta[key] == "" {
			m.meta[key] = content
		}
	}
	if key := strings.ToLower(strings.TrimSpace(attrs["itemprop"])); key != "" && m.meta["itemprop:"+key] == "" {
		m.meta["itemprop:"+key] = content
	}
}

// Separators that sites put between an article's title and their own name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / "}

func (m *pageMeta) page() *Page {
	p := &Page{
		SiteName: htmlText(firstNonEmpty(m.meta["og:site_name"], m.ld.publisher, m.meta["application-name"]), maxTitleRunes),
		Description: htmlText(firstNonEmpty(m.meta["og:description"], m.meta["description"], m.ld.description,
			m.meta["twitter:description"]), maxDescriptionRunes),
		Language: clean(strings.ReplaceAll(firstNonEmpty(m.lang, m.meta["og:locale"], m.ld.language), "_", "-"), 35),
	}
	title := htmlText(firstNonEmpty(m.meta["og:title"], m.ld.headline, m.meta["twitter:title"], m.title), maxTitleRunes)
	p.Title = withoutSiteName(title, p.SiteName)

	// article:author is often a link to the author's profile, not a name.
	authorTag := m.meta["article:author"]
	if strings.Contains(authorTag, "://") {
		authorTag = ""
	}
	p.Author = htmlText(firstNonEmpty(m.meta["author"], m.ld.author, authorTag, m.meta["itemprop:author"]), maxTitleRunes)

	for _, date := range []string{
		m.meta["article:published_time"], m.ld.datePublished, m.meta["itemprop:datepublished"], m.itemprop,
		m.meta["pubdate"], m.meta["publishdate"], m.meta["date"], m.meta["dc.date.issued"], m.meta["dcterms.created"],
		m.articleTime,
	} {
		if t := parseDate(date); !t.IsZero() {
			p.Published = t
			break
		}
	}
	return p
}

// withoutSiteName takes a site's name off the end (or the start) of a
// page's title, "Jauns tilts pār Daugavu | Latgales Laiks": a list of one
// outlet's articles need not repeat it on every line.
func withoutSiteName(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && strings.EqualFold(strings.TrimSpace(title[i+len(sep):]), site) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && strings.EqualFold(strings.TrimSpace(title[:i]), site) {
			if rest := strings.TrimSpace(title[i+len(sep):]); rest != "" {
				return rest
			}
		}
	}
	return title
}

// linkedData is what a page's JSON-LD says of its article: the first
// object of an article type found.
type linkedData struct {
	found         bool
	headline      string
	datePublished string
	author        string
	description   string
	publisher     string
	language      string
}

func (ld *linkedData) read(script []byte) {
	if ld.found {
		return
	}
	// CMS templates put raw line breaks inside JSON strings, which JSON
	// forbids; outside strings they are only whitespace.
	script = bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, script)
	var v any
	if json.Unmarshal(script, &v) != nil {
		return
	}
	ld.walk(v, 0)
}

func (ld *linkedData) walk(v any, depth int) {
	if ld.found || depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			ld.walk(e, depth+1)
		}
	case map[string]any:
		if isArticleType(x["@type"]) {
			ld.found = true
			ld.headline = firstNonEmpty(ldString(x["headline"]), ldString(x["name"]))
			ld.datePublished = ldString(x["datePublished"])
			ld.author = ldNames(x["author"])
			ld.description = ldString(x["description"])
			ld.publisher = ldNames(x["publisher"])
			ld.language = ldString(x["inLanguage"])
			return
		}
		ld.walk(x["@graph"], depth+1)
		ld.walk(x["mainEntity"], depth+1)
	}
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		// "NewsArticle", "schema:NewsArticle", "https://schema.org/NewsArticle"
		name := x[strings.LastIndexAny(x, "/:")+1:]
		return strings.HasSuffix(name, "Article") || name == "BlogPosting" || name == "LiveBlogPosting" || name == "Report"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		return firstNonEmpty(ldString(x["name"]), ldString(x["@value"]))
	}
	return ""
}

// ldNames reads a person or organisation, or a list of them, as names.
func ldNames(v any) string {
	switch x := v.(type) {
	case []any:
		var names []string
		for _, e := range x {
			names = append(names, ldNames(e))
		}
		return joinNames(names)
	case map[string]any:
		return ldString(x["name"])
	case string:
		return x
	}
	return ""
}
