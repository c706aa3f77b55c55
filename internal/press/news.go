package press

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/layout"
)

// The public newsroom: the releases sent, readable without signing in,
// in each language they were published in, with an Atom feed. Each
// client address may read newsBurst pages a minute; a crawler past that
// is told when to come back.
const (
	newsBurst  = 120
	newsPeriod = time.Minute
)

type newsListView struct {
	Lang  Lang
	Items []NewsItem
	Next  string
	First string
}

// newsLang is the language asked for (?lang=ru), Latvian when none.
func newsLang(r *http.Request) (Lang, bool) {
	q := form.FromURL(r)
	l := form.Enum(q, "lang", false, Langs)
	if q.Errors.Any() {
		return "", false
	}
	if l == "" {
		l = Latvian
	}
	return l, true
}

// limited answers 429 when the client has read too much; true if it did.
func (h *Handler) limited(w http.ResponseWriter, r *http.Request) bool {
	if h.newsLimit.Allow(r) {
		return false
	}
	w.Header().Set("Retry-After", "60")
	http.Error(w, i18n.T(r.Context(), "press.news.too_many"), http.StatusTooManyRequests)
	return true
}

func (h *Handler) newsList(w http.ResponseWriter, r *http.Request) {
	if h.limited(w, r) {
		return
	}
	lang, ok := newsLang(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return
	}
	v := newsListView{Lang: lang}
	q := form.URLValues(r)
	var afterAt time.Time
	afterID, _ := strconv.ParseInt(q.Get("after_id"), 10, 64)
	if afterID > 0 {
		var err error
		if afterAt, err = time.Parse(time.RFC3339Nano, q.Get("after")); err != nil {
			afterID = 0
		}
	}
	items, err := h.store.News(r.Context(), lang, afterAt, afterID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	base := "/news?lang=" + string(lang)
	if afterID > 0 {
		v.First = base
	}
	if len(items) > NewsPage {
		items = items[:NewsPage]
		last := items[NewsPage-1]
		v.Next = base + "&after=" + last.PublishedAt.UTC().Format(time.RFC3339Nano) + "&after_id=" + idStr(last.ID)
	}
	v.Items = items
	web.Render(w, r, http.StatusOK, newsListPage(v))
}

func (h *Handler) newsItem(w http.ResponseWriter, r *http.Request) {
	if h.limited(w, r) {
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	lang, ok := newsLang(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return
	}
	n, err := h.store.NewsRelease(r.Context(), id, lang)
	if err == nil {
		n.Files, err = h.store.PublicAttachments(r.Context(), id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, newsItemPage(n))
}

func newsURL(id int64, lang Lang) string {
	u := "/news/" + idStr(id)
	if lang != Latvian {
		u += "?lang=" + string(lang)
	}
	return u
}

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary,omitempty"`
}

// feed is the newsroom's Atom feed in the language asked for: the newest
// releases, with absolute links to their pages.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	if h.limited(w, r) {
		return
	}
	lang, ok := newsLang(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return
	}
	items, err := h.store.News(r.Context(), lang, time.Time{}, 0)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if len(items) > NewsPage {
		items = items[:NewsPage]
	}
	base := layout.PageFrom(r.Context()).BaseURL
	ctx := i18n.WithLocale(r.Context(), "lv")
	f := atomFeed{Lang: string(lang), ID: base + "/news?lang=" + string(lang), Title: i18n.T(ctx, "press.news.feed_title"),
		Author: atomAuthor{Name: i18n.T(ctx, "app.department")},
		Links:  []atomLink{{Rel: "self", Href: base + "/news/feed.atom?lang=" + string(lang)}, {Href: base + "/news?lang=" + string(lang)}}}
	updated := time.Unix(0, 0).UTC()
	for _, n := range items {
		if n.PublishedAt.After(updated) {
			updated = n.PublishedAt
		}
		f.Entries = append(f.Entries, atomEntry{ID: base + newsURL(n.ID, lang), Title: n.Title,
			Updated: n.PublishedAt.UTC().Format(time.RFC3339), Link: atomLink{Href: base + newsURL(n.ID, lang)}, Summary: n.Lead})
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write(append([]byte(xml.Header), out...))
}
