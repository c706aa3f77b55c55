package monitoring_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
)

// formValues are the fields of the page's first post form to action, as a
// browser would send them: inputs with their values, ticked boxes, the
// selected options, textareas.
func formValues(t *testing.T, page, action string) url.Values {
	t.Helper()
	i := strings.Index(page, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form posts to %s", action)
	}
	end := strings.Index(page[i:], "</form>")
	f := page[i : i+end]
	vals := url.Values{}
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return "", strings.Contains(tag, " "+name+">") || strings.Contains(tag, " "+name+" ") || strings.Contains(tag, " "+name+"/")
		}
		return html.UnescapeString(m[1]), true
	}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(f, -1) {
		name, _ := attr(tag, "name")
		typ, _ := attr(tag, "type")
		value, _ := attr(tag, "value")
		if name == "" {
			continue
		}
		if typ == "checkbox" || typ == "radio" {
			if _, checked := attr(tag, "checked"); !checked {
				continue
			}
			if value == "" {
				value = "on"
			}
		}
		vals.Add(name, value)
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(f, -1) {
		if o := regexp.MustCompile(`<option value="([^"]*)" selected`).FindStringSubmatch(m[2]); o != nil {
			vals.Set(m[1], html.UnescapeString(o[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(f, -1) {
		vals.Set(m[1], html.UnescapeString(m[2]))
	}
	return vals
}

func TestAnItemAcceptedFromTheInboxBecomesAClippingOnce(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	word := fmt.Sprintf("Zvaigznīte%d", n)
	topic := monitoringtest.AddTopic(t, srv.Pool, "Transports")
	monitoringtest.AddRule(t, srv.Pool, "Zvaigznīte", strings.ToLower(word[:len(word)-2]), &topic)
	feed := monitoringtest.AddFeed(t, srv.Pool, "")
	published := time.Date(2026, 11, 30, 9, 15, 0, 0, i18n.Riga)
	item := monitoringtest.AddItem(t, srv.Pool, feed, feeds.Item{Title: "Daugavpilī " + word + " atklāj tramvaja līniju",
		Summary: "Jaunā līnija <b>savienos</b> centru ar Ķīmiķu ciematu.", Link: "https://www.gorod.lv/novosti/" + strconv.FormatInt(n, 10) + "?utm_source=rss",
		Author: "Inese Ozola", Published: published})
	if !item.Matched || item.Status != monitoring.ItemNew {
		t.Fatalf("the item: %+v", item)
	}

	inbox := staff.Get(t, "/monitoring/inbox")
	if inbox.StatusCode != 200 || !strings.Contains(inbox.Body, "<mark>"+word+"</mark>") || !strings.Contains(inbox.Body, "Zvaigznīte ") ||
		!strings.Contains(inbox.Body, `href="/monitoring/new?item=`+strconv.FormatInt(item.ID, 10)+`"`) {
		t.Fatalf("the inbox: %d, the item with its word marked, the rule and Pieņemt", inbox.StatusCode)
	}
	if strings.Contains(inbox.Body, "<b>savienos") {
		t.Error("the summary's markup is shown as markup")
	}

	accept := "/monitoring/new?item=" + strconv.FormatInt(item.ID, 10)
	page := staff.Get(t, accept)
	if page.StatusCode != 200 {
		t.Fatalf("the form from the item: %d", page.StatusCode)
	}
	form := formValues(t, page.Body, "/monitoring")
	for field, want := range map[string]string{
		"title": item.Title, "url": "https://www.gorod.lv/novosti/" + strconv.FormatInt(n, 10), "published_date": "30.11.2026.",
		"published_time": "09:15", "author": "Inese Ozola", "language": "lv", "media_type": "online",
		"topics": strconv.FormatInt(topic, 10), "item_id": strconv.FormatInt(item.ID, 10),
		"outlet_id": strconv.FormatInt(*item.OutletID, 10),
	} {
		if got := form.Get(field); got != want {
			t.Errorf("prefilled %s: %q, want %q", field, got, want)
		}
	}
	if !strings.Contains(form.Get("body"), "centru ar Ķīmiķu ciematu") {
		t.Errorf("the body: %q", form.Get("body"))
	}
	form.Set("tone", "positive")
	saved := staff.PostForm(t, "/monitoring", form)
	if saved.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d %s", saved.StatusCode, saved.Body[:min(len(saved.Body), 400)])
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(saved.Header.Get("Location"), "/monitoring/"), 10, 64)
	s := monitoringtest.Store(srv.Pool)
	c, err := s.Clipping(t.Context(), id)
	if err != nil || c.ItemID == nil || *c.ItemID != item.ID || len(c.TopicIDs) != 1 || c.TopicIDs[0] != topic {
		t.Fatalf("the clipping: %+v %v", c, err)
	}
	if after, _ := s.Item(t.Context(), item.ID); after.Status != monitoring.ItemAccepted || after.DecidedAt == nil {
		t.Errorf("the item after: %q", after.Status)
	}
	if strings.Contains(staff.Get(t, "/monitoring/inbox").Body, word) {
		t.Error("an accepted item is still in the inbox")
	}
	lines, _ := s.Timeline(t.Context(), "monitoring_item", item.ID)
	if len(lines) != 1 || lines[0].Action != "accept" || !strings.Contains(lines[0].Summary, "publikācija Nr. "+strconv.FormatInt(id, 10)) {
		t.Errorf("the item's audit: %+v", lines)
	}

	// Accepted twice: the form is not offered again, and a form opened
	// before the first save is refused, saving nothing.
	if res := staff.Get(t, accept); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/monitoring/inbox" {
		t.Errorf("the form of an accepted item: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	form.Set("idem", fmt.Sprintf("second-accept-%d", n))
	form.Set("confirm", "on")
	again := staff.PostForm(t, "/monitoring", form)
	if again.StatusCode != http.StatusConflict || !strings.Contains(again.Body, "Par šo ierakstu jau ir lemts") {
		t.Errorf("accepted twice: %d", again.StatusCode)
	}
	if p, _ := s.List(t.Context(), monitoring.ListQuery{OutletID: *item.OutletID}); p.Total != 1 {
		t.Errorf("clippings of the item's outlet: %d", p.Total)
	}
	if res := staff.Get(t, "/monitoring/new?item=999999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an item that is not: %d", res.StatusCode)
	}
}

func TestItemsAreDismissedOneByOneOrTicked(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	word := fmt.Sprintf("Mēnesnīca%d", n)
	monitoringtest.AddRule(t, srv.Pool, "Mēnesnīca", word, nil)
	feed := monitoringtest.AddFeed(t, srv.Pool, "")
	var items []monitoring.Item
	for i := range 3 {
		items = append(items, monitoringtest.AddItem(t, srv.Pool, feed, feeds.Item{Title: fmt.Sprintf("%s numur %d", word, i)}))
	}
	s := monitoringtest.Store(srv.Pool)
	one := staff.PostForm(t, "/monitoring/inbox/"+strconv.FormatInt(items[0].ID, 10)+"/dismiss", url.Values{})
	if one.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss: %d", one.StatusCode)
	}
	ticked := staff.PostForm(t, "/monitoring/inbox/dismiss", url.Values{"item": {strconv.FormatInt(items[1].ID, 10), strconv.FormatInt(items[2].ID, 10)}})
	if ticked.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss the ticked: %d", ticked.StatusCode)
	}
	if page := staff.Get(t, "/monitoring/inbox"); !strings.Contains(page.Body, "Noraidīti ieraksti: 2.") || strings.Contains(page.Body, word) {
		t.Errorf("after dismissing: the flash, and none of the items")
	}
	for _, it := range items {
		if got, _ := s.Item(t.Context(), it.ID); got.Status != monitoring.ItemDismissed {
			t.Errorf("item %d: %q", it.ID, got.Status)
		}
	}
	staff.PostForm(t, "/monitoring/inbox/"+strconv.FormatInt(items[0].ID, 10)+"/dismiss", url.Values{})
	if page := staff.Get(t, "/monitoring/inbox"); !strings.Contains(page.Body, "Par šo ierakstu jau ir lemts") {
		t.Error("dismissed twice: no word of it")
	}
	if res := staff.PostForm(t, "/monitoring/inbox/999999999/dismiss", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an item that is not: %d", res.StatusCode)
	}
}

func TestTheInboxFeedsAndRulesAreTheDepartments(t *testing.T) {
	srv := apptest.New(t)
	for user, want := range map[string][2]int{"staff": {200, 200}, "head": {200, 200}, "director": {200, 403}, "unit": {200, 403}} {
		c := srv.Client(t, user)
		if res := c.Get(t, "/monitoring"); res.StatusCode != want[0] {
			t.Errorf("%s /monitoring: %d", user, res.StatusCode)
		}
		for _, p := range []string{"/monitoring/inbox", "/monitoring/feeds", "/monitoring/rules", "/monitoring/feeds/new", "/monitoring/rules/new"} {
			if res := c.Get(t, p); res.StatusCode != want[1] {
				t.Errorf("%s %s: %d, want %d", user, p, res.StatusCode, want[1])
			}
		}
		nav := c.Get(t, "/monitoring").Body
		if has := strings.Contains(nav, `href="/monitoring/inbox"`); has != (want[1] == 200) {
			t.Errorf("%s: the inbox in the area's navigation: %v", user, has)
		}
	}
}

func TestARuleFormSaysWhereTheRuleIsWrongTriesItAndAppliesIt(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	word := fmt.Sprintf("Kalnskola%d", n)
	feed := monitoringtest.AddFeed(t, srv.Pool, "")
	before := monitoringtest.AddItem(t, srv.Pool, feed, feeds.Item{Title: "Rīt " + word + " atvērs durvis"})
	if before.Matched {
		t.Fatal("matched before the rule")
	}
	page := staff.Get(t, "/monitoring/rules/new")
	form := formValues(t, page.Body, "/monitoring/rules")
	name := fmt.Sprintf("Kalnu skola %d", n)
	form.Set("name", name)

	form.Set("expression", `Daugavpil "domes`)
	bad := staff.PostForm(t, "/monitoring/rules", form)
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="expression-error"`) ||
		!strings.Contains(bad.Body, "Pēdiņas nav aizvērtas (11. zīme)") || !strings.Contains(bad.Body, `value="Daugavpil &#34;domes"`) {
		t.Fatalf("a quote not closed: %d", bad.StatusCode)
	}
	form.Set("expression", `Daugavpil VAI`)
	if res := staff.PostForm(t, "/monitoring/rules", form); !strings.Contains(res.Body, "Pie VAI, UN vai NE trūkst vārda (11. zīme)") {
		t.Errorf("an operator without a word: %d", res.StatusCode)
	}
	empty := staff.PostForm(t, "/monitoring/rules", url.Values{"idem": {form.Get("idem")}, "version": {"0"}})
	if !strings.Contains(empty.Body, "Ievadiet noteikuma nosaukumu") || !strings.Contains(empty.Body, "Ievadiet noteikumu: vārdus vai frāzes") {
		t.Errorf("an empty form: %d", empty.StatusCode)
	}

	// Tried: the count and the title, with nothing saved.
	form.Set("expression", strings.ToLower(word)+" | Даугавпилс")
	form.Set("do", "try")
	tried := staff.PostForm(t, "/monitoring/rules", form)
	if tried.StatusCode != 200 || !strings.Contains(tried.Body, `data-testid="trial"`) || !strings.Contains(tried.Body, "<mark>"+word+"</mark>") {
		t.Fatalf("a trial: %d", tried.StatusCode)
	}
	if strings.Contains(staff.Get(t, "/monitoring/rules").Body, name) {
		t.Fatal("a trial saved the rule")
	}

	// Saved and applied: the canonical text, and the item of before in
	// the inbox with the rule's hit.
	form.Set("do", "save")
	form.Set("apply", "on")
	saved := staff.PostForm(t, "/monitoring/rules", form)
	if saved.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d", saved.StatusCode)
	}
	list := staff.Get(t, "/monitoring/rules")
	if !strings.Contains(list.Body, name) || !strings.Contains(list.Body, strings.ToLower(word)+" VAI Даугавпилс") ||
		!strings.Contains(list.Body, "piemērots pēdējo dienu ierakstiem: atlasīti 1 no") {
		t.Errorf("the list after saving: the rule in its canonical form, and the flash of applying it")
	}
	s := monitoringtest.Store(srv.Pool)
	after, _ := s.Item(t.Context(), before.ID)
	if !after.Matched || len(after.Hits) != 1 || after.Hits[0].RuleName != name || after.Hits[0].Terms[0] != strings.ToLower(word) {
		t.Errorf("the item after applying: %+v", after)
	}
	if dup := staff.PostForm(t, "/monitoring/rules", form); dup.StatusCode != http.StatusSeeOther {
		t.Errorf("the same form again: %d", dup.StatusCode)
	}
	form.Set("idem", fmt.Sprintf("another-rule-%d", n))
	if taken := staff.PostForm(t, "/monitoring/rules", form); taken.StatusCode != http.StatusConflict ||
		!strings.Contains(taken.Body, "Noteikums ar šādu nosaukumu jau ir") {
		t.Errorf("a name taken: %d", taken.StatusCode)
	}
	rule := after.Hits[0].RuleID
	lines, _ := s.Timeline(t.Context(), "monitoring_rule", rule)
	if len(lines) != 2 || lines[0].Action != "apply" || !strings.Contains(lines[0].Summary, "atlasīti 1") {
		t.Errorf("the rule's audit: %+v", lines)
	}

	// A stale edit overwrites nothing.
	edit := staff.Get(t, "/monitoring/rules/"+strconv.FormatInt(rule, 10)+"/edit")
	stale := formValues(t, edit.Body, "/monitoring/rules/"+strconv.FormatInt(rule, 10)+"/edit")
	fresh := formValues(t, edit.Body, "/monitoring/rules/"+strconv.FormatInt(rule, 10)+"/edit")
	fresh.Set("active", "")
	fresh.Set("do", "save")
	if res := staff.PostForm(t, "/monitoring/rules/"+strconv.FormatInt(rule, 10)+"/edit", fresh); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an edit: %d", res.StatusCode)
	}
	stale.Set("name", "Cits nosaukums")
	stale.Set("do", "save")
	if res := staff.PostForm(t, "/monitoring/rules/"+strconv.FormatInt(rule, 10)+"/edit", stale); res.StatusCode != http.StatusConflict {
		t.Errorf("a stale edit: %d", res.StatusCode)
	}
}

func TestAFeedFormRefusesWhatCannotBeReadAndQueuesARead(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	outlet := monitoringtest.Outlet(t, srv.Pool, fmt.Sprintf("Latgales Laiks %d", n))
	page := staff.Get(t, "/monitoring/feeds/new")
	form := formValues(t, page.Body, "/monitoring/feeds")
	if form.Get("interval_minutes") != "30" || form.Get("language") != "lv" || form.Get("active") != "on" {
		t.Errorf("a new feed's defaults: %v", form)
	}
	form.Set("name", "<script>alert(1)</script> Latgales Laiks")
	form.Set("url", "javascript:alert(1)")
	form.Set("outlet_id", strconv.FormatInt(outlet, 10))
	form.Set("interval_minutes", "2")
	bad := staff.PostForm(t, "/monitoring/feeds", form)
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "kas sākas ar http:// vai https://") ||
		!strings.Contains(bad.Body, "no 5 līdz 1") || strings.Contains(bad.Body, "<script>alert") {
		t.Fatalf("a bad feed: %d", bad.StatusCode)
	}
	address := fmt.Sprintf("https://www.latgaleslaiks.lv/feed/%d", n)
	form.Set("url", address)
	form.Set("interval_minutes", "60")
	if res := staff.PostForm(t, "/monitoring/feeds", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, "/monitoring/feeds", form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a double click: %d", res.StatusCode)
	}
	form.Set("idem", fmt.Sprintf("another-feed-%d", n))
	if res := staff.PostForm(t, "/monitoring/feeds", form); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "Plūsma ar šādu adresi jau ir pievienota") {
		t.Errorf("the same address again: %d", res.StatusCode)
	}
	list := staff.Get(t, "/monitoring/feeds")
	m := regexp.MustCompile(`/monitoring/feeds/(\d+)/read`).FindAllStringSubmatch(list.Body, -1)
	var id string
	for _, x := range m {
		if f, _ := monitoringtest.Store(srv.Pool).Feed(t.Context(), mustID(x[1])); f.URL == address {
			id = x[1]
		}
	}
	if id == "" {
		t.Fatal("the new feed is not listed")
	}
	read := staff.PostForm(t, "/monitoring/feeds/"+id+"/read", url.Values{})
	if read.StatusCode != http.StatusSeeOther {
		t.Fatalf("read now: %d", read.StatusCode)
	}
	var queued int
	if err := srv.Pool.QueryRow(t.Context(), `select count(*) from river_job where kind = 'monitoring_read_feeds'
		and args->>'feed_id' = $1`, id).Scan(&queued); err != nil || queued != 1 {
		t.Errorf("jobs queued: %d %v", queued, err)
	}
	if !strings.Contains(staff.Get(t, "/monitoring/feeds").Body, "tiks nolasīta pēc brīža") {
		t.Error("no word of the read queued")
	}
}

func mustID(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

func TestAPastedAddressFillsTheFormKeepingWhatWasTyped(t *testing.T) {
	article, err := os.ReadFile(filepath.Join("..", "feeds", "testdata", "article-og.html"))
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(article)
	}))
	defer site.Close()
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Feeds = &feeds.Client{AllowPrivate: true} })
	staff := srv.Client(t, "staff")
	form := formValues(t, staff.Get(t, "/monitoring/new").Body, "/monitoring")
	if !strings.Contains(staff.Get(t, "/monitoring/new").Body, `formaction="/monitoring/new/read"`) {
		t.Fatal("no read button on the form")
	}
	form.Set("url", site.URL+"/pilseta/2026/03/11/cietoksna-iela-udensvads/?utm_source=fb")
	form.Set("author", "Redakcija")
	form.Set("read", "1")
	res := staff.PostForm(t, "/monitoring/new/read", form)
	if res.StatusCode != 200 {
		t.Fatalf("read: %d", res.StatusCode)
	}
	got := formValues(t, res.Body, "/monitoring")
	for field, want := range map[string]string{"title": "Cietokšņa ielā sāksies ūdensvada pārbūve", "published_date": "11.03.2026.",
		"published_time": "09:15", "author": "Redakcija", "language": "lv", "idem": form.Get("idem"), "url": form.Get("url")} {
		if got.Get(field) != want {
			t.Errorf("%s: %q, want %q", field, got.Get(field), want)
		}
	}
	if !strings.Contains(got.Get("body"), "Cietokšņa ielā") || !strings.Contains(res.Body, `data-testid="notice"`) {
		t.Errorf("the description into the text, and a word that the page was read")
	}

	site.Close()
	gone := staff.PostForm(t, "/monitoring/new/read", form)
	if gone.StatusCode != 200 || !strings.Contains(gone.Body, "Lapu neizdevās nolasīt. Ievadiet publikācijas datus paši") ||
		formValues(t, gone.Body, "/monitoring").Get("author") != "Redakcija" {
		t.Errorf("a page that cannot be read: %d", gone.StatusCode)
	}
	form.Set("url", "")
	if res := staff.PostForm(t, "/monitoring/new/read", form); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet publikācijas adresi, ko nolasīt") {
		t.Errorf("no address: %d", res.StatusCode)
	}
}
