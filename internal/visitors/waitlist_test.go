package visitors_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
)

var (
	offeredStart = regexp.MustCompile(`<input type="hidden" name="start" value="(\d+)">`)
	removeAction = regexp.MustCompile(`/visitors/waitlist/(\d+)/remove`)
	waitingLine  = regexp.MustCompile(`(?s)<p data-testid="waiting">.*?Gaidītāju sarakstā: (\d+).*?<a href="([^"]+)">gaidītāju saraksts</a>`)
)

func TestWaitingListOffersTheNearestFreeSlot(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	ctx := context.Background()
	clerk := srv.Client(t, "clerk")
	id := idText(o.deputyChair)
	page := "/visitors/waitlist?official=" + id

	if res := clerk.Get(t, "/visitors/waitlist"); res.StatusCode != 200 || !strings.Contains(res.Body, `name="official"`) {
		t.Fatalf("choose an official: %d", res.StatusCode)
	}
	if res := clerk.Get(t, "/visitors/waitlist?official=987654"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown official: %d", res.StatusCode)
	}
	// The booking page says how many wait for the official, and links to them.
	waiting := func() string {
		t.Helper()
		res := clerk.Get(t, "/visitors/book?official="+id)
		m := waitingLine.FindStringSubmatch(res.Body)
		if res.StatusCode != 200 || m == nil || m[2] != page {
			t.Fatalf("no waiting list on the booking page: %d", res.StatusCode)
		}
		return m[1]
	}
	if n := waiting(); n != "0" {
		t.Fatalf("booking page: %s waiting", n)
	}
	res := clerk.Get(t, page)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Gaida: 0") || strings.Contains(res.Body, `data-testid="offer"`) {
		t.Fatalf("empty list: %d", res.StatusCode)
	}

	// Refused: no way to reach the person, nothing saved.
	add := url.Values{"official": {id}, "name": {"Olga Ivanova"}, "phone": {""}, "email": {""}, "topic": {"Dzīvokļa rinda"}}
	if res := clerk.PostForm(t, "/visitors/waitlist", add); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Norādiet tālruni vai e-pastu") {
		t.Fatalf("no contact: %d", res.StatusCode)
	}
	add.Set("phone", "+371 2900 1122")
	if res := clerk.PostForm(t, "/visitors/waitlist", add); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("add: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	second := url.Values{"official": {id}, "name": {"Kārlis Balodis"}, "phone": {""}, "email": {"karlis@example.lv"}, "topic": {"Parka soliņi"}}
	if res := clerk.PostForm(t, "/visitors/waitlist", second); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add second: %d", res.StatusCode)
	}

	if n := waiting(); n != "2" {
		t.Fatalf("booking page: %s waiting, want 2", n)
	}
	// The first on the list is offered the nearest free slot, one press away.
	res = clerk.Get(t, page)
	m := offeredStart.FindStringSubmatch(res.Body)
	if !strings.Contains(res.Body, "Gaida: 2") || m == nil || !strings.Contains(res.Body, "pirmajam sarakstā – Olga Ivanova") {
		t.Fatalf("offer: %s", res.Body)
	}
	free := freeStarts(t, clerk.Get(t, "/visitors/book?official="+id).Body)
	if len(free) == 0 || free[0] != m[1] {
		t.Fatalf("offered %s, nearest free %v", m[1], free[:min(1, len(free))])
	}
	book := url.Values{"official": {id}, "start": {m[1]}, "name": {"Olga Ivanova"}, "phone": {"+37129001122"}, "email": {""},
		"topic": {"Dzīvokļa rinda"}, "language": {"lv"}}
	if res := clerk.PostForm(t, "/visitors/book", book); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("book the offer: %d %s", res.StatusCode, res.Body)
	}
	// Booked: off the list; the next person is offered the next free slot.
	res = clerk.Get(t, page)
	// (The flash above the list still names her booking.)
	list := res.Body[strings.Index(res.Body, "<h1>"):]
	if !strings.Contains(list, "Gaida: 1") || strings.Contains(list, "Olga Ivanova") || !strings.Contains(list, "pirmajam sarakstā – Kārlis Balodis") {
		t.Fatalf("after booking: %s", res.Body)
	}
	if m2 := offeredStart.FindStringSubmatch(res.Body); m2 == nil || m2[1] == m[1] {
		t.Fatalf("the taken slot is offered again")
	}
	if n := waiting(); n != "1" {
		t.Fatalf("booking page after booking: %s waiting, want 1", n)
	}

	// Taking someone off needs a reason.
	rm := removeAction.FindStringSubmatch(res.Body)
	if rm == nil {
		t.Fatal("no remove form")
	}
	var version string
	if err := srv.Pool.QueryRow(ctx, `select version::text from visit_waitlist where id = $1`, rm[1]).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if res := clerk.PostForm(t, rm[0], url.Values{"official": {id}, "version": {version}, "reason": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no reason: %d", res.StatusCode)
	}
	if res := clerk.PostForm(t, rm[0], url.Values{"official": {id}, "version": {version}, "reason": {"Atrisināts pa tālruni"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if res := clerk.PostForm(t, rm[0], url.Values{"official": {id}, "version": {version}, "reason": {"Vēlreiz"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("remove twice: %d", res.StatusCode)
	}
	if res := clerk.Get(t, page); !strings.Contains(res.Body, "Gaida: 0") {
		t.Fatal("list not empty")
	}
	var audits int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'visit_waitlist'
		and entity_id in (select id::text from visit_waitlist where official_id = $1)`, id).Scan(&audits); err != nil || audits != 3 {
		t.Fatalf("%d audit entries, %v", audits, err)
	}
	// The list holds personal data: the officials do not see it.
	if res := srv.Client(t, "chair").Get(t, page); res.StatusCode != http.StatusForbidden {
		t.Fatalf("chair: %d", res.StatusCode)
	}
}
