package feeds

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func addTestdataSeeds(f *testing.F, pattern string) {
	f.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(names) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
}

func FuzzParse(f *testing.F) {
	addTestdataSeeds(f, "*.xml")
	f.Add([]byte(`<rss><channel><item><title>a</title></item></channel></rss>`), "text/xml; charset=windows-1257")
	f.Add([]byte(`<feed><entry><title type="xhtml"><div><p>x</p></div></title><link href="/a"/></entry></feed>`), "")
	f.Add([]byte("<rdf:RDF><item><title>\xE2\x80</title></item></rdf:RDF>"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="koi8-r"?><rss><channel><item><title>`+"\xF0\xD2"+`</title></item>`), "")
	base, _ := url.Parse("https://www.dvzinas.example/feed/")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := Parse(bytes.NewReader(body), contentType, base)
		var perr *ParseError
		switch {
		case errors.Is(err, ErrNotAFeed):
			if feed != nil {
				t.Fatal("a feed with ErrNotAFeed")
			}
			return
		case errors.As(err, &perr), err == nil:
			if feed == nil {
				t.Fatalf("no feed with %v", err)
			}
		default:
			return // an unknown encoding
		}
		for _, s := range []string{feed.Title, feed.Link, feed.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("feed field %q is not UTF-8", s)
			}
		}
		for _, it := range feed.Items {
			if it.GUID == "" {
				t.Fatalf("item without a GUID: %+v", it)
			}
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("link %q", it.Link)
			}
			for _, s := range append([]string{it.GUID, it.Link, it.Title, it.Summary, it.Content, it.Author}, it.Categories...) {
				if !utf8.ValidString(s) {
					t.Fatalf("item field %q is not UTF-8", s)
				}
			}
		}
	})
}

func FuzzPageMetadata(f *testing.F) {
	addTestdataSeeds(f, "*.html")
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":["Article"],"author":[[{"name":1}]]}]}</script>`), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		page, err := readPage(body, contentType)
		if err != nil {
			return
		}
		for _, s := range []string{page.Title, page.SiteName, page.Author, page.Description, page.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("%q is not UTF-8", s)
			}
		}
	})
}
