package feeds

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// pageServer serves the article pages under /name, with the content type
// the test gives, and a redirect from /moved to the first.
func pageServer(t *testing.T, contentType map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "moved" {
			http.Redirect(w, r, "/article-og.html?utm_source=x", http.StatusMovedPermanently)
			return
		}
		ct, ok := contentType[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		if name == "article-jsonld.html" {
			w.Header().Set("Content-Language", "lv")
		}
		if strings.HasSuffix(name, ".html") {
			w.Write(testdata(t, name))
			return
		}
		w.Write([]byte("%PDF-1.7\n"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReadPage(t *testing.T) {
	srv := pageServer(t, map[string]string{
		"article-og.html":     "text/html; charset=UTF-8",
		"article-jsonld.html": "text/html",
		// only <meta charset> says it is Windows-1257
		"article-plain.html": "text/html",
	})
	riga := time.FixedZone("", 2*3600)
	tests := []struct {
		path string
		want Page
	}{
		{"/article-og.html", Page{
			Title:       "Cietokšņa ielā sāksies ūdensvada pārbūve",
			SiteName:    "Daugavpils Ziņas",
			Author:      "Inese Ozola", // not article:author, a profile's link
			Description: "No 16. marta līdz maija beigām satiksme Cietokšņa ielā posmā starp Ģimnāzijas un Saules ielu būs ierobežota.",
			Language:    "lv-LV",
			Published:   time.Date(2026, 3, 11, 9, 15, 0, 0, riga),
		}},
		{"/article-jsonld.html", Page{
			Title:       "Мост через Шуню откроют в октябре",
			SiteName:    "Наш Даугавпилс",
			Author:      "Ольга Смирнова, Игорь Петров",
			Description: "Строительство обойдётся в 4,2 миллиона евро.",
			Language:    "ru",
			Published:   time.Date(2026, 3, 10, 10, 0, 0, 0, riga),
		}},
		{"/article-plain.html", Page{
			// no site name is known, so the suffix stays
			Title:     "Ķīmiķu ciematā atjaunos bērnu laukumu - Latgales Laikraksts",
			Published: time.Date(2026, 3, 11, 8, 30, 0, 0, time.UTC),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := testClient().ReadPage(context.Background(), srv.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.URL = srv.URL + tt.path
			if !got.Published.Equal(tt.want.Published) {
				t.Errorf("Published %v, want %v", got.Published, tt.want.Published)
			}
			got.Published, tt.want.Published = time.Time{}, time.Time{}
			if *got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestReadPageGivesTheURLAfterRedirects(t *testing.T) {
	srv := pageServer(t, map[string]string{"article-og.html": "text/html"})
	page, err := testClient().ReadPage(context.Background(), srv.URL+"/moved")
	if err != nil {
		t.Fatal(err)
	}
	if page.URL != srv.URL+"/article-og.html?utm_source=x" || page.SiteName != "Daugavpils Ziņas" {
		t.Errorf("%+v", page)
	}
}

func TestReadPageRefusals(t *testing.T) {
	srv := pageServer(t, map[string]string{"report.pdf": "application/pdf", "unlabelled.pdf": ""})
	c := testClient()
	for _, path := range []string{"/report.pdf", "/unlabelled.pdf"} {
		if _, err := c.ReadPage(context.Background(), srv.URL+path); !errors.Is(err, ErrNotAPage) {
			t.Errorf("%s: %v, want ErrNotAPage", path, err)
		}
	}
	var se *StatusError
	if _, err := c.ReadPage(context.Background(), srv.URL+"/gone"); !errors.As(err, &se) || se.Code != 404 {
		t.Errorf("missing page: %v, want a StatusError 404", err)
	}
	if _, err := (&Client{}).ReadPage(context.Background(), srv.URL+"/report.pdf"); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("without AllowPrivate: %v, want ErrForbiddenAddress", err)
	}
}

func TestReadPageReadsOnlyTheFirstMegabyte(t *testing.T) {
	head := `<html lang="lv"><head><title>Garš raksts</title></head><body><article>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(head))
		filler := []byte(strings.Repeat("<p>teksts</p>\n", 1024))
		for range 200 { // about 3 MiB
			if _, err := w.Write(filler); err != nil {
				return
			}
		}
		w.Write([]byte(`<time datetime="2026-03-11T10:00:00Z"></time></article></body></html>`))
	}))
	defer srv.Close()
	page, err := testClient().ReadPage(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if page.Title != "Garš raksts" || page.Language != "lv" || !page.Published.IsZero() {
		t.Errorf("%+v; want the head read and the date past the first megabyte not", page)
	}
}

func TestPageMetadataChoices(t *testing.T) {
	tests := []struct {
		name, html string
		want       Page
	}{
		{"og:title over JSON-LD over <title>",
			`<title>T | S</title><meta property="og:title" content="OG"><script type="application/ld+json">{"@type":"NewsArticle","headline":"LD"}</script>`,
			Page{Title: "OG"}},
		{"JSON-LD headline over <title>",
			`<title>T</title><script type="application/ld+json">[{"@type":"WebPage"},{"@type":"http://schema.org/ReportageNewsArticle","headline":"LD &amp;quot;x&amp;quot;"}]</script>`,
			Page{Title: `LD "x"`}},
		{"site name taken off the front too",
			`<title>Latgales Laiks » Jauns parks</title><meta property="og:site_name" content="Latgales laiks">`,
			Page{Title: "Jauns parks", SiteName: "Latgales laiks"}},
		{"a title that is only the site name stays",
			`<title>Vēstis</title><meta property="og:site_name" content="Vēstis">`,
			Page{Title: "Vēstis", SiteName: "Vēstis"}},
		{"an svg's title is not the page's",
			`<body><svg><title>Ikona</title></svg><title>Īstais</title>`,
			Page{Title: "Īstais"}},
		{"itemprop datePublished, and og:locale for the language",
			`<meta property="og:locale" content="ru_RU"><span itemprop="datePublished" content="2026-03-09T08:00:00+02:00"></span>`,
			Page{Language: "ru-RU", Published: time.Date(2026, 3, 9, 6, 0, 0, 0, time.UTC)}},
		{"a <time> outside the article is not its date",
			`<header><time datetime="2026-03-12">šodien</time></header><article><h1>x</h1></article>`,
			Page{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readPage([]byte(tt.html), "text/html; charset=utf-8")
			if err != nil {
				t.Fatal(err)
			}
			if !got.Published.Equal(tt.want.Published) {
				t.Errorf("Published %v, want %v", got.Published, tt.want.Published)
			}
			got.Published, tt.want.Published = time.Time{}, time.Time{}
			if *got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}
