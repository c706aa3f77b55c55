package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
)

// monitoringInboxJourney: a news site's feed, read when a staff member
// asks, brings an item a keyword rule matches; the staff member accepts it
// from the inbox as a clipping, judges it negative and gives it a topic,
// and the head's weekly report of that week lists it among the negative
// ones. Axe checks the feeds, rules, inbox, trends and reports pages.
//
// The site is a local server: no test reaches the network. The app is one
// of its own, whose feed reader may reach 127.0.0.1 and whose clock is a
// Wednesday, so that "last week" is the item's week whenever it runs.
func monitoringInboxJourney(t *testing.T, b *browser) {
	n := time.Now().UnixNano() % 1e9
	word := fmt.Sprintf("Cietoksnis%d", n)
	title := fmt.Sprintf("%s: Cietokšņa ielā atkal plīsis ūdensvads", word)
	published := time.Date(2026, 12, 2, 9, 15, 0, 0, i18n.Riga) // a Wednesday
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Latgales Laiks</title><link>https://www.latgaleslaiks.lv/</link>
<item><title>%s</title><link>https://www.latgaleslaiks.lv/zinas/%d</link><guid>urn:ll:%d</guid>
<pubDate>%s</pubDate><description>Iedzīvotāji sūdzas, ka ūdens nav jau otro dienu.</description></item>
<item><title>Laikapstākļi nedēļas nogalē</title><link>https://www.latgaleslaiks.lv/laiks/%d</link><guid>urn:ll:laiks:%d</guid>
<pubDate>%s</pubDate></item>
</channel></rss>`, title, n, n, published.Format(time.RFC1123Z), n, n, published.Format(time.RFC1123Z))
	}))
	t.Cleanup(site.Close)

	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Feeds = &feeds.Client{AllowPrivate: true} })
	srv.Clock.Set(t, time.Date(2026, 12, 9, 10, 0, 0, 0, i18n.Riga))
	feed := monitoringtest.AddFeed(t, srv.Pool, site.URL+"/rss")
	monitoringtest.AddRule(t, srv.Pool, "Cietokšņa iela", strings.ToLower(word)+" OR \"cietokšņa iela\"", nil)
	topic := monitoringtest.AddTopic(t, srv.Pool, "Komunālie pakalpojumi E2E")

	staff := openTab(t, b, srv)
	staff.signInAs("staff")
	staff.open("/monitoring/feeds")
	petAxe(staff, "feeds")
	staff.clickAndLoad(fmt.Sprintf(`form[action="/monitoring/feeds/%d/read"] button[type=submit]`, feed))
	staff.open("/monitoring/rules")
	petAxe(staff, "keyword rules")

	// The read is a job: the app's job client works it as the server's would.
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatalf("the read job: %v", err)
	}
	var item int64
	if err := srv.Pool.QueryRow(ctx, `select id from monitoring_items where feed_id = $1 and guid = $2`,
		feed, fmt.Sprintf("urn:ll:%d", n)).Scan(&item); err != nil {
		t.Fatalf("the feed's item after the read: %v", err)
	}
	staff.open("/monitoring/inbox")
	inbox := staff.text(`[data-testid=inbox]`)
	if !strings.Contains(inbox, title) {
		t.Fatalf("the inbox lacks the matched item: %s", inbox)
	}
	if strings.Contains(inbox, "Laikapstākļi") {
		t.Errorf("the inbox holds an item no rule matches: %s", inbox)
	}
	petAxe(staff, "inbox")

	staff.clickAndLoad(fmt.Sprintf(`a[href="/monitoring/new?item=%d"]`, item))
	if got := run(staff, "title", chromedp.Value(chromedp.CSS("#title"))); got != title {
		t.Errorf("the accepted item's title in the form is %q, want %q", got, title)
	}
	if got := run(staff, "date", chromedp.Value(chromedp.CSS("#published_date"))); got != "02.12.2026." {
		t.Errorf("the accepted item's date in the form is %q", got)
	}
	staff.do("judge it",
		chromedp.SetValue(chromedp.CSS("#tone"), "negative"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=topics][value="%d"]`, topic))),
	)
	staff.clickAndLoad(`form[action="/monitoring"] .actions button[type=submit]`)
	facts := staff.text(`[data-testid=clipping]`)
	if got := staff.text("h1"); got != title {
		t.Errorf("the card is of %q, want the item's %q", got, title)
	}
	for _, want := range []string{"Negatīva", "Komunālie pakalpojumi E2E"} {
		if !strings.Contains(facts, want) {
			t.Errorf("the card lacks %q: %s", want, facts)
		}
	}
	staff.open("/monitoring/inbox")
	if strings.Contains(staff.text("main"), title) {
		t.Errorf("the accepted item is still in the inbox")
	}

	head := openTab(t, b, srv)
	head.signInAs("head")
	head.open("/monitoring/reports")
	petAxe(head, "reports")
	head.clickAndLoad(`button[name=kind][value=weekly]`)
	if got := head.text("h1"); !strings.Contains(got, "30.11.2026.") {
		t.Errorf("the weekly report is not of the item's week: %s", got)
	}
	if negative := head.text(`[data-testid=negative]`); !strings.Contains(negative, title) {
		t.Errorf("the report's negative clippings lack it: %s", negative)
	}
	petAxe(head, "weekly report")
	head.open("/monitoring/trends")
	petAxe(head, "trends")
}
