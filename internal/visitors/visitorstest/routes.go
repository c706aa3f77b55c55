package visitorstest

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// RouteSamples are real paths for every route of the area with a path
// parameter, on records made for the test. The demo accounts chair and
// deputy are each an official's for the test; a route that checks per
// request whose record it is (an official sees and serves only their own
// reception) has a sample on each one's record and on another official's,
// with Refused naming the accounts it refuses there.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	wed := func(h, m int) time.Time { return Riga(2026, 11, 4, h, m) }
	type own struct {
		official, booking, ticket int64
	}
	made := map[string]own{}
	for _, who := range []struct{ username, name string }{{"chair", "Ilmārs Priekšsēdis"}, {"deputy", "Ināra Deputāte"}, {"", "Osvalds Cits"}} {
		o := AddOfficial(t, pool, visitors.Official{Name: who.name, Position: "Domes deputāts"},
			Weekly(time.Wednesday, visitors.At(10, 0), visitors.At(12, 0)))
		if who.username != "" {
			Link(t, pool, who.username, o)
		}
		b := AddBooking(t, pool, Booking{OfficialID: o, Start: wed(10, 0)})
		made[who.username] = own{official: o, booking: b, ticket: AddTicket(t, pool, o, wed(9, 50), b, visitors.QWaiting)}
	}
	other := made[""]
	rule := AddRule(t, pool, other.official, Weekly(time.Thursday, visitors.At(14, 0), visitors.At(15, 0)))
	extra := AddExtra(t, pool, other.official, Date(2026, 11, 6), visitors.At(9, 0), visitors.At(10, 0), 15)
	// A day with no bookings: cancelling its remaining bookings changes nothing.
	cancelled := AddCancellation(t, pool, other.official, Date(2026, 11, 11), "Komandējums")
	waiting := AddWaiting(t, pool, other.official, "Rūta Gaidītāja", "+37120007777")
	visit := AddVisit(t, pool, other.official, wed(9, 30))
	token := AddFeed(t, pool, made["deputy"].official)
	// A step the clerk took, which only the clerk may undo.
	noShow := AddBooking(t, pool, Booking{OfficialID: other.official, Start: wed(11, 0), State: visitors.NoShow})
	step := AddStep(t, pool, "clerk", other.official, noShow, visitors.Booked)

	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	official, booking, ticket := id(other.official), id(other.booking), id(other.ticket)
	samples := []apptest.RouteSample{
		{Pattern: "/visitors/bookings/{id}/slip", Path: "/visitors/bookings/" + booking + "/slip"},
		{Pattern: "/visitors/bookings/{id}/checkin", Path: "/visitors/bookings/" + booking + "/checkin"},
		{Pattern: "/visitors/bookings/{id}/change", Path: "/visitors/bookings/" + booking + "/change"},
		{Pattern: "/visitors/bookings/{id}/move", Path: "/visitors/bookings/" + booking + "/move"},
		{Pattern: "/visitors/bookings/{id}/cancel", Path: "/visitors/bookings/" + booking + "/cancel"},
		{Pattern: "/visitors/bookings/{id}/noshow", Path: "/visitors/bookings/" + booking + "/noshow"},
		{Pattern: "/visitors/queue/{id}/left", Path: "/visitors/queue/" + ticket + "/left"},
		{Pattern: "/visitors/queue/{id}/transfer", Path: "/visitors/queue/" + ticket + "/transfer"},
		{Pattern: "/visitors/queue/{id}/submission", Path: "/visitors/queue/" + ticket + "/submission"},
		{Pattern: "/visitors/steps/{id}/undo", Path: "/visitors/steps/" + id(step) + "/undo",
			Refused: []string{"staff", "head", "chair", "deputy"}},
		{Pattern: "/visitors/cancellations/{id}", Path: "/visitors/cancellations/" + id(cancelled)},
		{Pattern: "/visitors/cancellations/{id}/bookings", Path: "/visitors/cancellations/" + id(cancelled) + "/bookings"},
		{Pattern: "/visitors/waitlist/{id}/remove", Path: "/visitors/waitlist/" + id(waiting) + "/remove"},
		{Pattern: "/visitors/log/{id}/out", Path: "/visitors/log/" + id(visit) + "/out"},
		{Pattern: "/visitors/officials/{id}", Path: "/visitors/officials/" + official},
		{Pattern: "/visitors/officials/{id}/edit", Path: "/visitors/officials/" + official + "/edit"},
		{Pattern: "/visitors/officials/{id}/rules/new", Path: "/visitors/officials/" + official + "/rules/new"},
		{Pattern: "/visitors/officials/{id}/rules", Path: "/visitors/officials/" + official + "/rules"},
		{Pattern: "/visitors/officials/{id}/extras/new", Path: "/visitors/officials/" + official + "/extras/new"},
		{Pattern: "/visitors/officials/{id}/extras", Path: "/visitors/officials/" + official + "/extras"},
		{Pattern: "/visitors/officials/{id}/extras/{eid}/delete", Path: "/visitors/officials/" + official + "/extras/" + id(extra) + "/delete"},
		{Pattern: "/visitors/officials/{id}/cancellations/new", Path: "/visitors/officials/" + official + "/cancellations/new"},
		{Pattern: "/visitors/officials/{id}/cancellations", Path: "/visitors/officials/" + official + "/cancellations"},
		{Pattern: "/visitors/officials/{id}/cancellations/{cid}/delete", Path: "/visitors/officials/" + official + "/cancellations/" + id(cancelled) + "/delete"},
		{Pattern: "/visitors/officials/{id}/ical", Path: "/visitors/officials/" + official + "/ical"},
		{Pattern: "/visitors/rules/{id}/edit", Path: "/visitors/rules/" + id(rule) + "/edit"},
		{Pattern: "/visitors/rules/{id}/end", Path: "/visitors/rules/" + id(rule) + "/end"},
		{Pattern: "/visitors/ical/{token}.ics", Path: "/visitors/ical/" + token + ".ics"},
	}
	// An official sees only their own bookings, and calls and closes only
	// their own queue's tickets.
	for _, s := range []struct {
		owner   string
		refused []string
	}{{"chair", []string{"deputy"}}, {"deputy", []string{"chair"}}, {"", []string{"chair", "deputy"}}} {
		o := made[s.owner]
		samples = append(samples,
			apptest.RouteSample{Pattern: "/visitors/bookings/{id}", Path: "/visitors/bookings/" + id(o.booking), Refused: s.refused},
			apptest.RouteSample{Pattern: "/visitors/queue/{id}/outcome", Path: "/visitors/queue/" + id(o.ticket) + "/outcome", Refused: s.refused},
			apptest.RouteSample{Pattern: "/visitors/queue/{id}/recall", Path: "/visitors/queue/" + id(o.ticket) + "/recall", Refused: s.refused},
			apptest.RouteSample{Pattern: "/visitors/queue/call", Path: "/visitors/queue/call",
				Form: url.Values{"official": {id(o.official)}}, Refused: s.refused})
	}
	return samples
}
