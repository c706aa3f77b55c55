package feeds

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func parseFile(t *testing.T, name, contentType, base string) (*Feed, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b *url.URL
	if base != "" {
		b = mustURL(t, base)
	}
	return Parse(f, contentType, b)
}

// sameItems reports every field that differs, comparing times as instants.
func sameItems(t *testing.T, got, want []Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d items, want %d", len(got), len(want))
		for i, it := range got {
			t.Logf("item %d: %+v", i, it)
		}
		return
	}
	for i := range want {
		g, w := got[i], want[i]
		check := func(field, g, w string) {
			if g != w {
				t.Errorf("item %d %s:\n got %q\nwant %q", i, field, g, w)
			}
		}
		check("GUID", g.GUID, w.GUID)
		check("Link", g.Link, w.Link)
		check("Title", g.Title, w.Title)
		check("Summary", g.Summary, w.Summary)
		check("Content", g.Content, w.Content)
		check("Author", g.Author, w.Author)
		if !g.Published.Equal(w.Published) {
			t.Errorf("item %d Published %v, want %v", i, g.Published, w.Published)
		}
		if !g.Updated.Equal(w.Updated) {
			t.Errorf("item %d Updated %v, want %v", i, g.Updated, w.Updated)
		}
		if !slices.Equal(g.Categories, w.Categories) {
			t.Errorf("item %d Categories %q, want %q", i, g.Categories, w.Categories)
		}
	}
}

func TestParseFeeds(t *testing.T) {
	tests := []struct {
		file, contentType, base string
		title, link, language   string
		items                   []Item
	}{
		{
			file: "rss2.xml", base: "https://www.dvzinas.example/feed/",
			title: "Daugavpils Ziņas", link: "https://www.dvzinas.example/", language: "lv",
			items: []Item{{
				GUID:    "https://www.dvzinas.example/?p=48213",
				Link:    "https://www.dvzinas.example/pilseta/2026/03/11/cietoksna-iela-udensvads/",
				Title:   "Cietokšņa ielā sāksies ūdensvada pārbūve",
				Summary: "No 16. marta līdz maija beigām satiksme Cietokšņa ielā posmā starp Ģimnāzijas un Saules ielu būs ierobežota.",
				Content: "No 16. marta līdz maija beigām satiksme Cietokšņa ielā posmā starp Ģimnāzijas un Saules ielu būs ierobežota. " +
					"Darbus veic SIA “Daugavpils ūdens”, informē pašvaldība.",
				Author:     "Inese Ozola",
				Published:  at(t, "2026-03-11T09:15:00+02:00"),
				Categories: []string{"Pilsēta", "Satiksme"},
			}, {
				// a guid that is a permalink stands for the missing <link>
				GUID:       "https://www.dvzinas.example/kultura/2026/03/10/rotko-izstade/",
				Link:       "https://www.dvzinas.example/kultura/2026/03/10/rotko-izstade/",
				Title:      "Vienības namā atklāta Marka Rotko darbu izstāde",
				Summary:    "Izstāde būs apskatāma līdz 30. aprīlim.",
				Author:     "Jānis Bērziņš",
				Published:  at(t, "2026-03-10T17:40:00+02:00"),
				Categories: []string{"Kultūra"},
			}, {
				GUID:      "dvz-48190",
				Link:      "https://www.dvzinas.example/pasvaldiba/2026/03/10/budzeta-grozijumi/",
				Title:     "Domes sēdē apstiprina budžeta grozījumus",
				Summary:   "Deputāti atbalstīja papildu finansējumu skolu ēdināšanai.",
				Published: at(t, "2026-03-10T12:00:00Z"),
			}},
		},
		{
			file: "rss1-rdf.xml", contentType: "application/rdf+xml",
			title: "Latgales Dati: jaunumi", link: "https://latgalesdati.example/", language: "lv",
			items: []Item{{
				GUID:       "https://latgalesdati.example/jaunumi/iedzivotaju-skaits-2026",
				Link:       "https://latgalesdati.example/jaunumi/iedzivotaju-skaits-2026",
				Title:      "Daugavpilī gada sākumā dzīvoja 77 tūkstoši iedzīvotāju",
				Summary:    "Iedzīvotāju skaits gada laikā samazinājies par 1,4 %.",
				Author:     "Pēteris Kalniņš",
				Published:  at(t, "2026-03-09T08:00:00+02:00"),
				Categories: []string{"Demogrāfija"},
			}, {
				GUID:       "https://latgalesdati.example/jaunumi/bezdarbs-februari",
				Link:       "https://latgalesdati.example/jaunumi/bezdarbs-februari",
				Title:      "Bezdarba līmenis Latgalē februārī",
				Summary:    "Reģistrētā bezdarba līmenis Latgalē februārī bija 11,2 %.",
				Content:    "Reģistrētā bezdarba līmenis Latgalē februārī bija 11,2 %, liecina NVA dati.",
				Published:  at(t, "2026-03-06T14:30:00Z"),
				Categories: []string{"Darba tirgus", "Statistika"},
			}},
		},
		{
			file: "atom.xml", contentType: "application/atom+xml",
			title: "Latgales Vēstis", link: "https://latgalesvestis.example/", language: "lv",
			items: []Item{{
				GUID:       "tag:latgalesvestis.example,2026:raksts-5521",
				Link:       "https://latgalesvestis.example/raksti/2026/03/krastmala-liepas",
				Title:      "Foto: Daugavas krastmalā iestāda 120 liepas",
				Summary:    "Talkā piedalījās skolēni & pensionāri.",
				Content:    "Sestdien Daugavas krastmalā iestādīja 120 liepas. Talkā piedalījās ap 300 cilvēku.",
				Author:     "Aija Daugule",
				Published:  at(t, "2026-03-11T10:00:00+02:00"),
				Updated:    at(t, "2026-03-11T10:05:00+02:00"),
				Categories: []string{"Vide", "Pilsēta"},
			}, {
				// the entry's own xml:base, and the feed's author for one
				// that names none
				GUID:    "tag:latgalesvestis.example,2026:raksts-5519",
				Link:    "https://latgalesvestis.example/sports/2026/03/lokomotive-uzvar",
				Title:   `Daugavpils "Lokomotīve" uzvar Rīgā`,
				Summary: "Hokejisti uzvarēja ar 4:2.",
				Author:  "Latgales Vēstis redakcija",
				Updated: at(t, "2026-03-10T21:45:00Z"),
			}},
		},
		{
			file: "utf8-bom.xml", contentType: "text/xml; charset=windows-1257",
			title: "Dinaburga šodien", link: "https://dinaburga.example/", language: "lv-LV",
			items: []Item{{
				GUID:      "https://dinaburga.example/zinas/tramvajs-kimiki",
				Link:      "https://dinaburga.example/zinas/tramvajs-kimiki",
				Title:     "Jaunā tramvaja līnija sasniegs Ķīmiķu ciematu",
				Summary:   "Līnijas būvniecība sāksies rudenī.",
				Published: at(t, "2026-03-05T07:45:00+02:00"),
			}},
		},
		{
			file: "windows-1257.xml", contentType: "application/rss+xml",
			title: "Latgales Laikraksts", link: "https://latgaleslaikraksts.example/", language: "lv",
			items: []Item{{
				GUID:       "https://latgaleslaikraksts.example/zinas/1201",
				Link:       "https://latgaleslaikraksts.example/zinas/1201",
				Title:      "Ģimnāzijas skolēni čempionātā izcīna zeltu",
				Summary:    "Komandā spēlēja Ķēniņš, Ļaudaskalns un Šņore.",
				Published:  at(t, "2026-03-09T16:20:00+02:00"),
				Categories: []string{"Izglītība"},
			}, {
				GUID:      "https://latgaleslaikraksts.example/zinas/1200",
				Link:      "https://latgaleslaikraksts.example/zinas/1200",
				Title:     "Ūdens, ķīmija, ēnas: āķīgi jautājumi žūrijai",
				Summary:   "ā č ē ģ ī ķ ļ ņ š ū ž — Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž",
				Published: at(t, "2026-03-09T12:05:00+02:00"),
			}},
		},
		{
			// the declaration wins over the HTTP charset
			file: "windows-1251.xml", contentType: "text/xml; charset=utf-8",
			title: "Наш Даугавпилс", link: "https://nashdaugavpils.example/", language: "ru",
			items: []Item{{
				GUID:       "nd-8841",
				Link:       "https://nashdaugavpils.example/news/8841",
				Title:      "В Даугавпилсе откроют новый мост через Шуню",
				Summary:    "Строительство обойдётся в 4,2 миллиона евро. «Работы начнутся весной», — сообщили в думе.",
				Published:  at(t, "2026-03-10T10:00:00+02:00"),
				Categories: []string{"Город"},
			}, {
				GUID:      "nd-8839",
				Link:      "https://nashdaugavpils.example/news/8839",
				Title:     "Ёлочный базар закрылся: итоги сезона",
				Summary:   "Продано 1 200 ёлок.",
				Published: at(t, "2026-03-09T19:30:00+02:00"),
			}},
		},
		{
			file:  "html-titles.xml",
			title: `Daugavpils "Ziņas" & notikumi`, link: "https://www.dvzinas.example/",
			items: []Item{{
				GUID:    "https://www.dvzinas.example/1",
				Link:    "https://www.dvzinas.example/1",
				Title:   "Svarīgi: ūdens padeves pārtraukums Jaunbūvē",
				Summary: "Trešdien no 9.00 līdz 15.00. Atvainojamies par neērtībām.",
			}, {
				GUID:    "https://www.dvzinas.example/2",
				Link:    "https://www.dvzinas.example/2",
				Title:   "Teātris \"Gorod\" iestudē «Kaiju»",
				Summary: "Pirmizrāde – 21. martā.",
			}, {
				GUID:    "https://www.dvzinas.example/3",
				Link:    "https://www.dvzinas.example/3",
				Title:   "Video Mēra uzruna pilsētas iedzīvotājiem",
				Summary: "Uzrunu var noskatīties šeit. Runa ilgst 12 minūtes.",
			}, {
				GUID:  "https://www.dvzinas.example/4",
				Link:  "https://www.dvzinas.example/4",
				Title: `Deputāts: "Budžets ir sabalansēts"`,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feed, err := parseFile(t, tt.file, tt.contentType, tt.base)
			if err != nil {
				t.Fatal(err)
			}
			if feed.Title != tt.title || feed.Link != tt.link || feed.Language != tt.language {
				t.Errorf("feed %q %q %q, want %q %q %q", feed.Title, feed.Link, feed.Language, tt.title, tt.link, tt.language)
			}
			sameItems(t, feed.Items, tt.items)
		})
	}
}

func TestParseKeepsItemsBeforeABreak(t *testing.T) {
	feed, err := parseFile(t, "broken.xml", "application/rss+xml", "")
	var perr *ParseError
	if !errors.As(err, &perr) {
		t.Fatalf("error %v, want a *ParseError", err)
	}
	if perr.Line != 20 {
		t.Errorf("breaks at line %d, want 20 (the bare <): %v", perr.Line, perr)
	}
	if feed == nil || feed.Title != "Daugavpils Ziņas" {
		t.Fatalf("feed %+v", feed)
	}
	// Before the break: HTML written into a description without escaping,
	// entities without their ";", a stray </i>, an item never closed.
	sameItems(t, feed.Items, []Item{{
		GUID:      "https://www.dvzinas.example/kultura/2026/03/svetku-programma/",
		Link:      "https://www.dvzinas.example/kultura/2026/03/svetku-programma/",
		Title:     "Pilsētas svētku programma publiskota",
		Summary:   "Pilsētas svētkos uzstāsies Intars Busulis un koris „Latgale”. Biļetes – no 5 € & vairāk © 2026",
		Published: at(t, "2026-03-09T11:00:00+02:00"),
	}, {
		GUID:      "https://www.dvzinas.example/veseliba/2026/03/apmeklejumi/",
		Link:      "https://www.dvzinas.example/veseliba/2026/03/apmeklejumi/",
		Title:     "Slimnīcā ierobežo apmeklējumus «gripas dēļ»",
		Summary:   "Ierobežojumi stājas spēkā no pirmdienas.",
		Published: at(t, "2026-03-09T09:30:00+02:00"),
	}})
}

func TestParseTruncatedFeed(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cut := raw[:bytes.Index(raw, []byte("<title>Domes sēdē"))]
	feed, err := Parse(bytes.NewReader(cut), "", nil)
	var perr *ParseError
	if !errors.As(err, &perr) || !strings.Contains(perr.Error(), "ends before </rss>") {
		t.Fatalf("error %v, want a *ParseError for the missing end", err)
	}
	if len(feed.Items) != 2 {
		t.Errorf("%d items before the cut, want the 2 whole ones", len(feed.Items))
	}
}

func TestParseWithoutDates(t *testing.T) {
	feed, err := parseFile(t, "no-dates.xml", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 4 {
		t.Fatalf("%d items, want 4 (the empty one dropped): %+v", len(feed.Items), feed.Items)
	}
	for _, it := range feed.Items {
		if !it.Published.IsZero() || !it.Updated.IsZero() {
			t.Errorf("%q: dates %v %v, want zero for the caller to fill in", it.Title, it.Published, it.Updated)
		}
	}
	if feed.Items[0].GUID != "https://novadavestis.example/skola-atverto-durvju-diena" {
		t.Errorf("GUID %q, want the link", feed.Items[0].GUID)
	}
	// with neither guid nor link, the GUID is the hash of what stays the same
	hashed := feed.Items[1].GUID
	if !strings.HasPrefix(hashed, "sha256:") || len(hashed) != len("sha256:")+64 {
		t.Errorf("GUID %q, want a hash", hashed)
	}
	again, _ := parseFile(t, "no-dates.xml", "", "")
	if again.Items[1].GUID != hashed {
		t.Error("the hashed GUID changed between two reads of the same feed")
	}
	if hashed == feed.Items[2].GUID {
		t.Error("two items without links got one GUID")
	}
}

func TestParseRefusesWhatIsNoFeed(t *testing.T) {
	for name, body := range map[string]string{
		"empty":      "",
		"whitespace": " \n\t ",
		"JSON":       `{"items": []}`,
		"text":       "Service temporarily unavailable",
		"XHTML":      `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`,
		"sitemap":    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`,
	} {
		if feed, err := Parse(strings.NewReader(body), "", nil); !errors.Is(err, ErrNotAFeed) {
			t.Errorf("%s: %+v, %v; want ErrNotAFeed", name, feed, err)
		}
	}
	feed, err := parseFile(t, "not-a-feed.html", "text/html; charset=utf-8", "")
	if !errors.Is(err, ErrNotAFeed) || feed != nil {
		t.Errorf("HTML page: %+v, %v; want ErrNotAFeed", feed, err)
	}
}

// encode writes a UTF-8 feed in a legacy encoding, as the site would send it.
func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEncodings(t *testing.T) {
	const lv, ru = "Ķīmiķu ciematā: ūdens „tīrs”", "Жители Даугавпилса"
	rss := func(decl, title string) string {
		return decl + `<rss version="2.0"><channel><title>x</title><item><title>` + title + `</title><link>https://x.example/1</link></item></channel></rss>`
	}
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"ISO-8859-13 declared", "", encode(t, charmap.ISO8859_13, rss(`<?xml version="1.0" encoding="ISO-8859-13"?>`, lv)), lv},
		{"ISO-8859-4 declared", "", encode(t, charmap.ISO8859_4, rss(`<?xml version='1.0' encoding='iso-8859-4'?>`, "Šodien")), "Šodien"},
		{"KOI8-R declared", "", encode(t, charmap.KOI8R, rss(`<?xml version="1.0" encoding="KOI8-R"?>`, ru)), ru},
		{"Windows-1257 from HTTP", "application/rss+xml; charset=windows-1257", encode(t, charmap.Windows1257, rss(`<?xml version="1.0"?>`, lv)), lv},
		{"Windows-1251 from HTTP", `text/xml; charset="Windows-1251"`, encode(t, charmap.Windows1251, rss("", ru)), ru},
		// an old template's declaration over a site that moved to UTF-8
		{"UTF-8 declared as Windows-1257", "", []byte(rss(`<?xml version="1.0" encoding="windows-1257"?>`, lv)), lv},
		// a legacy byte in a UTF-8 feed costs that character, not the feed
		{"stray byte", "", []byte(rss("", "Rīga\xE2 un\x0B Daugavpils")), "Rīga\uFFFD un Daugavpils"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, err := Parse(bytes.NewReader(tt.body), tt.contentType, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(feed.Items) != 1 || feed.Items[0].Title != tt.want {
				t.Fatalf("items %+v, want the title %q", feed.Items, tt.want)
			}
		})
	}
	if _, err := Parse(strings.NewReader(rss(`<?xml version="1.0" encoding="x-no-such"?>`, "\xE2")), "", nil); err == nil || errors.Is(err, ErrNotAFeed) {
		t.Errorf("unknown encoding: %v, want an error naming it", err)
	}
}

func TestParseUTF16(t *testing.T) {
	const src = `<?xml version="1.0" encoding="UTF-16"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Vēstis</title>` +
		`<entry><id>1</id><title>Ļoti labi</title></entry></feed>`
	for _, littleEndian := range []bool{true, false} {
		var b []byte
		if littleEndian {
			b = append(b, 0xFF, 0xFE)
		} else {
			b = append(b, 0xFE, 0xFF)
		}
		for _, r := range src {
			u := uint16(r)
			if littleEndian {
				b = append(b, byte(u), byte(u>>8))
			} else {
				b = append(b, byte(u>>8), byte(u))
			}
		}
		feed, err := Parse(bytes.NewReader(b), "", nil)
		if err != nil || feed.Title != "Vēstis" || len(feed.Items) != 1 || feed.Items[0].Title != "Ļoti labi" {
			t.Errorf("little-endian %v: %+v, %v", littleEndian, feed, err)
		}
	}
}

func TestParseLinks(t *testing.T) {
	const src = `<rss><channel><link>/</link>
<item><title>a</title><link>javascript:alert(1)</link></item>
<item><title>b</title><link>
  https://x.example/b
</link></item>
<item><title>c</title><link>c?id=1&amp;p=2</link></item>
<item><title>d</title><atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="alternate" href="/d"/></item>
</channel></rss>`
	feed, err := Parse(strings.NewReader(src), "", mustURL(t, "https://x.example/rss/feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if feed.Link != "https://x.example/" {
		t.Errorf("feed link %q", feed.Link)
	}
	var links []string
	for _, it := range feed.Items {
		links = append(links, it.Link)
	}
	want := []string{"", "https://x.example/b", "https://x.example/rss/c?id=1&p=2", "https://x.example/d"}
	if !slices.Equal(links, want) {
		t.Errorf("links %q, want %q", links, want)
	}
}

func TestParseDropsRepeatsAndCapsText(t *testing.T) {
	long := strings.Repeat("ā", maxTextRunes+50)
	src := `<rss><channel>
<item><guid>1</guid><title>first</title></item>
<item><guid>1</guid><title>the same again</title></item>
<item><guid>` + strings.Repeat("g", 600) + `</guid><title>long guid</title><description>` + long + `</description></item>
</channel></rss>`
	feed, err := Parse(strings.NewReader(src), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 2 || feed.Items[0].Title != "first" {
		t.Fatalf("items %+v, want the first of the repeats and the long one", feed.Items)
	}
	it := feed.Items[1]
	if n := utf8.RuneCountInString(it.Summary); n != maxTextRunes {
		t.Errorf("summary of %d runes, want it capped at %d", n, maxTextRunes)
	}
	if len(it.GUID) > maxGUIDBytes || !strings.HasPrefix(it.GUID, "sha256:") {
		t.Errorf("GUID %q, want a long one hashed", it.GUID)
	}
}

func TestParseForgivesMissingEndTags(t *testing.T) {
	// a missing </item> does not swallow the next item, and a stray end tag
	// does not close the channel
	const src = `<rss><channel><title>t</title>
<item><title>one</title><description>a <b>bold</i> claim</description>
<item><title>two</title></b></item>
<item><title>three</title><link>https://x.example/3</link></item>
</channel></rss>`
	feed, err := Parse(strings.NewReader(src), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, it := range feed.Items {
		titles = append(titles, it.Title)
	}
	if !slices.Equal(titles, []string{"one", "two", "three"}) {
		t.Errorf("titles %q", titles)
	}
	if feed.Items[0].Summary != "a bold claim" {
		t.Errorf("summary %q", feed.Items[0].Summary)
	}
}

func TestParseBoundsDepth(t *testing.T) {
	src := `<rss><channel><item><title>deep</title><description>` + strings.Repeat("<div>", 10_000) + "text" +
		strings.Repeat("</div>", 10_000) + `</description></item></channel></rss>`
	feed, err := Parse(strings.NewReader(src), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 1 || feed.Items[0].Summary != "text" {
		t.Errorf("items %+v", feed.Items)
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  spaced \n\t out  ", "spaced out"},
		{"<p>Rīga</p><p>Daugavpils</p>", "Rīga Daugavpils"},
		{"a<br>b<br/>c", "a b c"},
		{"<b>Dau</b>gavpils", "Daugavpils"},
		{"&quot;jā&quot; &amp; &#8220;nē&#8221;", `"jā" & “nē”`},
		{"&amp;quot;divreiz&amp;quot;", `"divreiz"`},
		{"&lt;b&gt;escaped&lt;/b&gt; tag", "escaped tag"},
		{"x < 5 and y > 3", "x < 5 and y > 3"},
		{"<script>alert(1)</script>teksts<style>p{}</style>", "teksts"},
		{"<noscript><img src=x></noscript>redzams", "redzams"},
		{"nbsp&nbsp;here\u00a0too", "nbsp here too"},
		{"soft\u00adhy\u200bphen", "softhyphen"},
		{"ctrl\x01char", "ctrl char"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in, 1000); got != tt.want {
			t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := htmlText("ā b c", 3); got != "ā b" {
		t.Errorf("capped to %q", got)
	}
	if got := plainText("5 <b> &amp;amp; 6", 100); got != "5 <b> & 6" {
		t.Errorf("plainText kept %q", got)
	}
}

func TestParseSkipsPHPWarningsBeforeTheFeed(t *testing.T) {
	warning := "<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by (output started at " +
		"/var/www/html/wp-content/plugins/kalendars/kalendars.php:112) in <b>/var/www/html/wp-includes/feed-rss2.php</b> on line <b>8</b><br />\n"
	feed := encode(t, charmap.Windows1257, `<?xml version="1.0" encoding="windows-1257"?>
<rss version="2.0"><channel><title>Novada ziņas</title>
<item><title>Ūdens atslēgšana Ķīmiķu ciematā</title><link>https://novads.example/1</link></item>
</channel></rss>`)
	got, err := Parse(bytes.NewReader(append([]byte(warning), feed...)), "text/html; charset=UTF-8", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 1 || got.Items[0].Title != "Ūdens atslēgšana Ķīmiķu ciematā" {
		t.Errorf("items %+v", got.Items)
	}
}

func TestParseXML11(t *testing.T) {
	// xml.Decoder supports only 1.0; nothing a feed uses differs in 1.1
	src := `<?xml version="1.1" encoding="UTF-8"?><rss><channel><item><title>Jā</title><link>https://x.example/1</link></item></channel></rss>`
	feed, err := Parse(strings.NewReader(src), "", nil)
	if err != nil || len(feed.Items) != 1 {
		t.Fatalf("%+v, %v", feed, err)
	}
}
