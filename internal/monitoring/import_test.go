package monitoring_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
)

// siteServer serves the saved feeds of internal/feeds/testdata as a news
// site does: with an ETag, a 304 to a conditional request that has it,
// and whatever status and body the test sets instead.
type siteServer struct {
	*httptest.Server
	mu          sync.Mutex
	file        string // under internal/feeds/testdata
	contentType string
	etag        string
	status      int    // other than 200: answered with no feed
	retryAfter  string // with status
	conditional []string
}

func newSite(t *testing.T, file string) *siteServer {
	t.Helper()
	s := &siteServer{file: file, contentType: "application/rss+xml", etag: `"v1"`}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.conditional = append(s.conditional, r.Header.Get("If-None-Match"))
		if s.status != 0 {
			if s.retryAfter != "" {
				w.Header().Set("Retry-After", s.retryAfter)
			}
			w.WriteHeader(s.status)
			return
		}
		if r.Header.Get("If-None-Match") == s.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		b, err := os.ReadFile(filepath.Join("..", "feeds", "testdata", s.file))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", s.contentType)
		w.Header().Set("ETag", s.etag)
		_, _ = w.Write(b)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *siteServer) set(f func(s *siteServer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *siteServer) lastConditional() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conditional[len(s.conditional)-1]
}

// clock is a test's own clock, which it moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// reader is a store that reads feeds from the test's servers on 127.0.0.1.
func reader(pool *pgxpool.Pool, now func() time.Time) *monitoring.Store {
	return monitoring.NewStore(monitoring.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: now}),
		Feeds: &feeds.Client{AllowPrivate: true}, Now: now})
}

func itemCount(t *testing.T, pool *pgxpool.Pool, feed int64) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `select count(*) from monitoring_items where feed_id = $1`, feed).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func inboxOf(t *testing.T, s *monitoring.Store, feed int64) []monitoring.Item {
	t.Helper()
	var out []monitoring.Item
	var after *monitoring.Cursor
	for {
		p, err := s.Inbox(context.Background(), after)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range p.Rows {
			if i.FeedID == feed {
				out = append(out, i)
			}
		}
		if p.Next == nil {
			return out
		}
		after = p.Next
	}
}

func TestAFeedReadTwiceStoresItsItemsOnceAndTheMatchedWaitInTheInbox(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx, _ := signedIn(t, pool)
	clk := &clock{now: time.Date(2026, 3, 11, 10, 0, 0, 0, time.UTC)}
	s := reader(pool, clk.Now)
	site := newSite(t, "rss2.xml")
	word := "Cietokšņ"
	rule := monitoringtest.AddRule(t, pool, "Cietoksnis", word+" NE Rīg", nil)
	feed := monitoringtest.AddFeed(t, pool, site.URL+"/feed/"+strings.ReplaceAll(t.Name(), "/", "-"))

	res, err := s.ReadFeed(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 3 || itemCount(t, pool, feed) != 3 || res.Matched < 1 {
		t.Fatalf("first read: %+v, %d stored", res, itemCount(t, pool, feed))
	}
	f, _ := s.Feed(ctx, feed)
	if f.ETag != `"v1"` || f.LastSuccessAt == nil || !f.LastSuccessAt.Equal(clk.Now()) || f.Failures != 0 ||
		!f.NextReadAt.Equal(clk.Now().Add(30*time.Minute)) {
		t.Errorf("after a good read: %+v", f)
	}
	inbox := inboxOf(t, s, feed)
	var hit *monitoring.Item
	for i := range inbox {
		if strings.HasPrefix(inbox[i].Title, "Cietokšņa ielā") {
			hit = &inbox[i]
		}
	}
	if hit == nil {
		t.Fatalf("the matched item is not in the inbox: %+v", inbox)
	}
	found := slices.ContainsFunc(hit.Hits, func(h monitoring.ItemHit) bool {
		return h.RuleID == rule && slices.Equal(h.Terms, []string{word}) && strings.HasPrefix(h.RuleName, "Cietoksnis")
	})
	if !found || hit.FeedName == "" || hit.OutletID == nil || hit.PublishedAt == nil {
		t.Errorf("the hit: %+v", hit)
	}

	// The second read is conditional, and the site has nothing new.
	clk.advance(31 * time.Minute)
	if res, err := s.ReadFeed(ctx, feed); err != nil || res.New != 0 {
		t.Fatalf("second read: %+v %v", res, err)
	}
	if site.lastConditional() != `"v1"` {
		t.Errorf("the second read sent If-None-Match %q", site.lastConditional())
	}
	if f, _ := s.Feed(ctx, feed); !f.LastSuccessAt.Equal(clk.Now()) || f.ETag != `"v1"` {
		t.Errorf("a 304 is a good read: %+v", f)
	}

	// A decision stays when the site sends the same items again.
	if n, err := s.DismissItems(ctx, []int64{hit.ID}); err != nil || n != 1 {
		t.Fatalf("dismiss: %d %v", n, err)
	}
	site.set(func(s *siteServer) { s.etag = `"v2"` })
	clk.advance(time.Hour)
	if res, err := s.ReadFeed(ctx, feed); err != nil || res.New != 0 || itemCount(t, pool, feed) != 3 {
		t.Fatalf("third read: %+v %v, %d stored", res, err, itemCount(t, pool, feed))
	}
	if again, _ := s.Item(ctx, hit.ID); again.Status != monitoring.ItemDismissed {
		t.Errorf("a re-read undid the decision: %q", again.Status)
	}
	if f, _ := s.Feed(ctx, feed); f.ETag != `"v2"` {
		t.Errorf("new validators not kept: %q", f.ETag)
	}
	lines, _ := s.Timeline(ctx, "monitoring_feed", feed)
	if len(lines) != 2 || lines[0].Action != "read" || !strings.Contains(lines[0].Summary, "jauni ieraksti 3") {
		t.Errorf("the reads in the audit log (the first one only, as the others brought nothing): %+v", lines)
	}
}

func TestABrokenFeedKeepsTheItemsBeforeTheBreakAndSaysWhy(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	clk := &clock{now: time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)}
	s := reader(pool, clk.Now)
	site := newSite(t, "broken.xml")
	feed := monitoringtest.AddFeed(t, pool, site.URL+"/broken")
	res, err := s.ReadFeed(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	if res.New < 1 || res.New > 3 || itemCount(t, pool, feed) != res.New {
		t.Fatalf("the items before the break: %+v", res)
	}
	f, _ := s.Feed(ctx, feed)
	if f.Failures != 1 || !strings.HasPrefix(f.LastErrorCode, "broken:") || f.LastErrorAt == nil || f.LastSuccessAt != nil {
		t.Fatalf("a broken feed: %+v", f)
	}
	if !strings.Contains(f.LastError, "bojāta") || strings.Contains(f.LastError, "feeds:") {
		t.Errorf("the error is not words a person acts on: %q", f.LastError)
	}
	if f.ETag != "" {
		t.Errorf("a broken read's validators are kept: the next read would be a 304 and never the whole feed")
	}
}

func TestAFailingFeedKeepsItsItemsAndIsReadLaterEachTime(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	start := time.Date(2026, 3, 12, 8, 0, 0, 0, time.UTC)
	clk := &clock{now: start}
	s := reader(pool, clk.Now)
	site := newSite(t, "atom.xml")
	site.contentType = "application/atom+xml"
	feed := monitoringtest.AddFeed(t, pool, site.URL+"/atom")
	first, err := s.ReadFeed(ctx, feed)
	if err != nil || first.New == 0 {
		t.Fatalf("first read: %+v %v", first, err)
	}

	site.set(func(s *siteServer) { s.status = 500 })
	for i, wait := range []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour} {
		clk.advance(time.Minute)
		if _, err := s.ReadFeed(ctx, feed); err != nil {
			t.Fatal(err)
		}
		f, _ := s.Feed(ctx, feed)
		if f.Failures != i+1 || !f.NextReadAt.Equal(clk.Now().Add(wait)) || f.LastErrorCode != "status_server:500" {
			t.Errorf("failure %d: %d failures, next in %v, %q", i+1, f.Failures, f.NextReadAt.Sub(clk.Now()), f.LastErrorCode)
		}
		if !strings.Contains(f.LastError, "(500)") {
			t.Errorf("failure %d: %q", i+1, f.LastError)
		}
	}
	if itemCount(t, pool, feed) != first.New {
		t.Errorf("a failing feed lost its items: %d of %d", itemCount(t, pool, feed), first.New)
	}

	// A site that asks to be left alone for two days is.
	site.set(func(s *siteServer) { s.status, s.retryAfter = 503, "172800" })
	clk.advance(time.Minute)
	if _, err := s.ReadFeed(ctx, feed); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.Feed(ctx, feed); !f.NextReadAt.Equal(clk.Now().Add(48 * time.Hour)) {
		t.Errorf("Retry-After of two days: next in %v", f.NextReadAt.Sub(clk.Now()))
	}

	// Working again: no failures, the interval again, the last error kept
	// for the page to show.
	site.set(func(s *siteServer) { s.status, s.etag = 0, `"v9"` })
	clk.advance(time.Minute)
	if _, err := s.ReadFeed(ctx, feed); err != nil {
		t.Fatal(err)
	}
	f, _ := s.Feed(ctx, feed)
	if f.Failures != 0 || !f.NextReadAt.Equal(clk.Now().Add(30*time.Minute)) || f.LastErrorAt == nil || f.LastErrorCode == "" {
		t.Errorf("working again: %+v", f)
	}
	lines, _ := s.Timeline(ctx, "monitoring_feed", feed)
	var summaries []string
	for _, l := range lines {
		summaries = append(summaries, l.Summary)
	}
	// create, first read, first failure, 503 (another error), working again
	if len(lines) != 5 || !strings.Contains(lines[0].Summary, "atkal pēc 4") {
		t.Errorf("the audit log: %q", summaries)
	}
}

func TestWindows1257TitlesKeepTheirLatvianLetters(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	s := reader(pool, time.Now)
	site := newSite(t, "windows-1257.xml")
	site.contentType = "text/xml"
	feed := monitoringtest.AddFeed(t, pool, site.URL+"/lv")
	if _, err := s.ReadFeed(ctx, feed); err != nil {
		t.Fatal(err)
	}
	item, err := s.ItemByGUID(ctx, feed, "https://latgaleslaikraksts.example/zinas/1201")
	if err != nil {
		t.Fatal(err)
	}
	if item.Title != "Ģimnāzijas skolēni čempionātā izcīna zeltu" || !strings.Contains(item.Summary, "Ķēniņš, Ļaudaskalns un Šņore") {
		t.Errorf("%q / %q", item.Title, item.Summary)
	}
}

// The job reads the feeds whose time has come, and only those.
func TestTheJobReadsTheFeedsThatAreDue(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	s := reader(pool, time.Now)
	site := newSite(t, "utf8-bom.xml")
	due := monitoringtest.AddFeed(t, pool, site.URL+"/due")
	later := monitoringtest.AddFeed(t, pool, site.URL+"/later")
	if _, err := s.ReadFeed(ctx, later); err != nil { // now due in half an hour
		t.Fatal(err)
	}
	n, err := s.ReadDue(ctx)
	if err != nil || n < 1 {
		t.Fatalf("read %d: %v", n, err)
	}
	if f, _ := s.Feed(ctx, due); f.LastSuccessAt == nil {
		t.Errorf("the due feed was not read: %+v", f)
	}
	f, _ := s.Feed(ctx, later)
	if f.NextReadAt.Before(time.Now().Add(25 * time.Minute)) {
		t.Errorf("the feed not due was read again: next %v", f.NextReadAt)
	}
}

// The nightly purge deletes the items no rule matched once they are old,
// and keeps the matched ones and the recent ones.
func TestPurgeDeletesOnlyOldUnmatchedItems(t *testing.T) {
	pool := dbtest.Pool(t)
	word := fmt.Sprintf("Zilonis%d", serial.Add(1))
	monitoringtest.AddRule(t, pool, "Zilonis", strings.ToLower(word), nil)
	feed := monitoringtest.AddFeed(t, pool, "")
	now := time.Date(2077, 6, 1, 3, 0, 0, 0, time.UTC)
	item := func(at time.Time, title string) int64 {
		s := monitoringtest.At(pool, at)
		guid := fmt.Sprintf("urn:purge:%d", serial.Add(1))
		if _, err := s.ImportFeed(context.Background(), feed, &feeds.Feed{Items: []feeds.Item{{GUID: guid, Title: title}}}); err != nil {
			t.Fatal(err)
		}
		it, err := s.ItemByGUID(context.Background(), feed, guid)
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	old := item(now.AddDate(0, 0, -monitoring.UnmatchedKeptDays-1), "Laikapstākļi")
	oldMatched := item(now.AddDate(0, 0, -monitoring.UnmatchedKeptDays-1), "Zoodārzā ieradies "+word)
	recent := item(now.AddDate(0, 0, -monitoring.UnmatchedKeptDays+1), "Sports")

	n, err := monitoringtest.At(pool, now).PurgeUnmatched(context.Background())
	if err != nil || n < 1 {
		t.Fatalf("purged %d: %v", n, err)
	}
	for id, want := range map[int64]bool{old: false, oldMatched: true, recent: true} {
		var kept bool
		if err := pool.QueryRow(context.Background(), `select exists(select 1 from monitoring_items where id = $1)`, id).Scan(&kept); err != nil || kept != want {
			t.Errorf("item %d kept %v, want %v (%v)", id, kept, want, err)
		}
	}
	var summary string
	if err := pool.QueryRow(context.Background(), `select summary from audit_log where entity = 'monitoring_items_purge'
		order by id desc limit 1`).Scan(&summary); err != nil || !strings.Contains(summary, "03.12.2076.") {
		t.Errorf("the audit entry: %q %v", summary, err)
	}
}
