package visitors_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// A form that edits a record carries the version it was drawn from; a form
// without one, or with one that is no number, is a conflict like any stale
// form (409), and changes nothing: the check is never skipped.
func TestFormsWithoutTheirVersionAreConflicts(t *testing.T) {
	srv := apptest.New(t)
	now := riga(2026, 11, 2, 10, 20) // a Monday, in the chair's session of the day
	srv.Clock.Set(t, now)
	keepRetention(t, srv.Pool)
	o := addDemoOfficials(t, srv)
	pool := srv.Pool
	visitorstest.AddExtra(t, pool, o.chair, day(2026, 11, 2), visitors.At(10, 0), visitors.At(12, 0), 15)
	rule := visitorstest.AddRule(t, pool, o.deputy, visitorstest.Weekly(time.Friday, visitors.At(9, 0), visitors.At(10, 0)))
	extra := visitorstest.AddExtra(t, pool, o.deputy, day(2026, 11, 13), visitors.At(9, 0), visitors.At(10, 0), 15)
	cancelled := visitorstest.AddCancellation(t, pool, o.deputy, day(2026, 11, 19), "Komandējums")
	due := visitorstest.AddBooking(t, pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2026, 11, 2, 10, 0)})
	later := visitorstest.AddBooking(t, pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2026, 11, 2, 11, 0)})
	called := visitorstest.AddTicket(t, pool, o.chair, riga(2026, 11, 2, 10, 10), 0, visitors.QCalled)
	waiting := visitorstest.AddTicket(t, pool, o.chair, riga(2026, 11, 2, 10, 15), 0, visitors.QWaiting)
	entry := visitorstest.AddWaiting(t, pool, o.deputy, "Rūta Gaidītāja", "+37120008888")
	free := strconv.FormatInt(riga(2026, 11, 2, 11, 30).Unix(), 10)
	official, deputy := idText(o.chair), idText(o.deputy)

	row := func(table string, id int64) func() string {
		return func() string {
			var s string
			if err := pool.QueryRow(context.Background(), `select row_to_json(x)::text from `+table+` x where id = $1`, id).Scan(&s); err != nil {
				t.Fatalf("%s %d: %v", table, id, err)
			}
			return s
		}
	}
	retention := func() string {
		var s string
		if err := pool.QueryRow(context.Background(), `select value::text || ' ' || version from settings where key = $1`, visitors.RetentionKey).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		name, path string
		form       url.Values
		record     func() string
	}{
		{"an official", "/visitors/officials/" + official + "/edit",
			url.Values{"name": {"Cits Vārds"}, "position": {"Domes priekšsēdētājs"}, "kind": {"chair"}, "active": {"on"}},
			row("visit_officials", o.chair)},
		{"a rule", "/visitors/rules/" + idText(rule) + "/edit",
			url.Values{"kind": {"weekly"}, "weekday": {"4"}, "every_weeks": {"1"}, "start": {"9:00"}, "end": {"10:00"},
				"room": {"105. kab."}, "slot_minutes": {"15"}, "valid_from": {"2026-01-01"}},
			row("visit_rules", rule)},
		{"a rule's end", "/visitors/rules/" + idText(rule) + "/end", url.Values{"valid_to_end": {"2026-12-31"}}, row("visit_rules", rule)},
		{"a one-off session", "/visitors/officials/" + deputy + "/extras/" + idText(extra) + "/delete", url.Values{},
			row("visit_extra_sessions", extra)},
		{"a cancelled date", "/visitors/officials/" + deputy + "/cancellations/" + idText(cancelled) + "/delete", url.Values{},
			row("visit_cancellations", cancelled)},
		{"a check-in", "/visitors/bookings/" + idText(due) + "/checkin", url.Values{}, row("visit_bookings", due)},
		{"a no-show", "/visitors/bookings/" + idText(due) + "/noshow", url.Values{"noshow_reason": {"Neieradās"}}, row("visit_bookings", due)},
		{"a cancelled booking", "/visitors/bookings/" + idText(later) + "/cancel", url.Values{"cancel_reason": {"Atsauca"}}, row("visit_bookings", later)},
		{"a moved booking", "/visitors/bookings/" + idText(later) + "/move", url.Values{"move_start": {free}, "move_reason": {"Lūdza vēlāk"}},
			row("visit_bookings", later)},
		{"an outcome", "/visitors/queue/" + idText(called) + "/outcome", url.Values{"outcome": {"Izskatīs komiteja"}}, row("visit_queue", called)},
		{"a visitor who left", "/visitors/queue/" + idText(waiting) + "/left", url.Values{}, row("visit_queue", waiting)},
		{"a waiting-list entry", "/visitors/waitlist/" + idText(entry) + "/remove", url.Values{"reason": {"Atrisināts"}}, row("visit_waitlist", entry)},
		{"the retention period", "/visitors/retention", url.Values{"days": {"400"}}, retention},
	} {
		for _, version := range []string{"", "x", "-1"} {
			t.Run(tc.name+" "+strconv.Quote(version), func(t *testing.T) {
				form := url.Values{}
				for k, v := range tc.form {
					form[k] = v
				}
				if version != "" {
					form.Set("version", version)
				}
				before := tc.record()
				res := srv.Client(t, "staff").PostForm(t, tc.path, form)
				if res.StatusCode != http.StatusConflict {
					t.Errorf("%d, want 409", res.StatusCode)
				}
				if after := tc.record(); after != before {
					t.Errorf("changed:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	}
}
