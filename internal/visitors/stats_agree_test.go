package visitors_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// TestStatisticsLogAndSummaryAgree builds a reception day through the pages
// as the front desk works it, in a year no other test touches, and checks
// that the statistics page, the visitor log and Summary tell the same:
// one visit is one row, whether the queue wrote it or the clerk typed it
// (issue 10, item 3).
func TestStatisticsLogAndSummaryAgree(t *testing.T) {
	ctx := context.Background()
	srv := apptest.New(t)
	day := riga(2034, 10, 2, 10, 5) // a Monday
	srv.Clock.Set(t, day)
	o := addDemoOfficials(t, srv)
	chair := idText(o.chair)
	visitorstest.AddExtra(t, srv.Pool, o.chair, visitorstest.Date(2034, 10, 2), visitors.At(10, 0), visitors.At(12, 0), 15)
	book := func(h, m int, d int) string {
		return idText(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2034, 10, d, h, m),
			Name: "Apmeklētāja " + idText(int64(h*100+m)), Phone: "+3712000" + idText(int64(1000+h*100+m))}))
	}
	received1, received2, leftUnseen := book(10, 15, 2), book(10, 30, 2), book(10, 45, 2)
	noShow := book(9, 0, 2)
	book(10, 0, 9) // a week ahead: a booking whose time has not come
	visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2034, 10, 2, 11, 0), State: visitors.Cancelled})

	clerk := srv.Client(t, "clerk")
	for _, b := range []string{received1, received2, leftUnseen} {
		q := clerk.Get(t, "/visitors/queue").Body
		follow(t, clerk, clerk.PostForm(t, "/visitors/bookings/"+b+"/checkin", url.Values{"version": {formVersion(t, q, "/visitors/bookings/"+b+"/checkin")}}))
	}
	// Called in turn: the two received, the third goes away unseen once
	// called; then a walk-in comes and goes away while waiting.
	for _, outcome := range []string{"Atbildēts", "Atbildēts rakstiski", ""} {
		page := follow(t, clerk, clerk.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}))
		called := regexp.MustCompile(`Aicināts ([A-Z]-\d{3})`).FindStringSubmatch(page)[1]
		id := ticketID(t, page, called)
		if outcome == "" {
			follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+id+"/left", url.Values{"version": {formVersion(t, page, "/visitors/queue/"+id+"/left")}}))
			continue
		}
		follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+id+"/outcome", url.Values{"outcome": {outcome},
			"version": {formVersion(t, page, "/visitors/queue/"+id+"/outcome")}}))
	}
	walk := follow(t, clerk, clerk.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {chair}, "topic": {"Ietves remonts"}}))
	walkTicket := ticketRe.FindString(walk[strings.Index(walk, "Rindas numurs"):])
	q := clerk.Get(t, "/visitors/queue").Body
	wid := ticketID(t, q, walkTicket)
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+wid+"/left", url.Values{"version": {formVersion(t, q, "/visitors/queue/"+wid+"/left")}}))
	chg := clerk.Get(t, "/visitors/bookings/"+noShow+"/change").Body
	follow(t, clerk, clerk.PostForm(t, "/visitors/bookings/"+noShow+"/noshow", url.Values{"noshow_reason": {"Neieradās"},
		"version": {formVersion(t, chg, "/visitors/bookings/"+noShow+"/noshow")}}))
	// Two visitors the clerk types in: one to the chair, one to a unit.
	follow(t, clerk, clerk.PostForm(t, "/visitors/log", url.Values{"person": {"Roberts Ozols"}, "official": {chair}, "purpose": {"Dokumenti"}}))
	follow(t, clerk, clerk.PostForm(t, "/visitors/log", url.Values{"unit": {"Sociālais dienests"}, "purpose": {"Pabalsts"}}))

	// Summary, as the director's reports read it.
	store := visitorstest.NewStore(t, srv.Pool)
	store.Clock.Set(day)
	r, err := store.Summary(ctx, riga(2034, 10, 1, 0, 0), riga(2034, 11, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := visitors.Report{Visits: 4, QueueVisits: 2, Left: 2, Bookings: 5, Past: 4, Received: 2, BookingsLeft: 1, NoShows: 1}
	if r.Visits != want.Visits || r.QueueVisits != want.QueueVisits || r.Left != want.Left || r.Bookings != want.Bookings ||
		r.Past != want.Past || r.Received != want.Received || r.BookingsLeft != want.BookingsLeft || r.NoShows != want.NoShows || r.Unmarked() != 0 {
		t.Fatalf("summary %+v, want %+v", r, want)
	}
	var mine *visitors.OfficialCount
	for i := range r.PerOfficial {
		if r.PerOfficial[i].ID == o.chair {
			mine = &r.PerOfficial[i]
		}
	}
	// The chair received two visitors through the queue and one typed in.
	if mine == nil || mine.Visits != 3 || mine.Bookings != 5 || mine.NoShows != 1 || mine.Left != 2 {
		t.Fatalf("the chair's figures %+v", mine)
	}

	// The statistics page shows the same figures.
	stats := srv.Client(t, "head").Get(t, "/visitors/stats?from=2034-10-01&to=2034-10-31&by=month").Body
	text := func(testid string) string {
		t.Helper()
		m := regexp.MustCompile(`data-testid="` + testid + `">([^<]*)<`).FindStringSubmatch(stats)
		if m == nil {
			t.Fatalf("the statistics page has no %s", testid)
		}
		return strings.TrimSpace(m[1])
	}
	num := func(n int) string { return i18n.Number(int64(n)) }
	for testid, want := range map[string]string{
		"visits": num(r.Visits), "left": num(r.Left), "bookings": num(r.Bookings), "received": num(r.Received),
		"bookings-left": num(r.BookingsLeft), "no-shows": num(r.NoShows), "unmarked": num(r.Unmarked()),
		"no-show-rate": "25,0\u00a0%",
	} {
		if got := text(testid); got != want {
			t.Errorf("statistics page %s: %q, want %q", testid, got, want)
		}
	}
	// The no-show rate is a share of the total the page shows beside it.
	if !strings.Contains(stats, "Notikušie pieraksti ("+num(r.Past)+")") || !strings.Contains(text("queue-visits"), num(r.QueueVisits)) {
		t.Error("the page does not show the total the shares are of")
	}
	if !regexp.MustCompile(`data-official="` + chair + `"><td>Valdis Liepiņš</td><td>3</td><td>5</td><td>1</td><td>2</td>`).MatchString(stats) {
		t.Error("the chair's line of the statistics differs from Summary")
	}
	if !strings.Contains(stats, "<tr><td>2034. gada oktobris</td><td>4</td><td>5</td><td>1</td></tr>") {
		t.Error("the month's line differs from Summary")
	}

	// The visitor log of the day lists the same visits: the received ones
	// from the queue, and the ones typed in, each once.
	log := clerk.Get(t, "/visitors/log?day=2034-10-02").Body
	if !strings.Contains(log, `<span class="count">(`+num(r.Visits)+`)</span>`) || strings.Count(log, "no rindas, numurs") != r.QueueVisits {
		t.Errorf("the log of the day does not show %d visits, %d of them from the queue", r.Visits, r.QueueVisits)
	}
}
