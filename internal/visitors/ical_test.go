package visitors

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/ical"
)

// unfold undoes RFC 5545 folding: a CRLF followed by one space or tab joins lines.
func unfold(s string) []string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	s = strings.ReplaceAll(s, "\r\n\t", "")
	return strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
}

func TestFeedFollowsRFC5545(t *testing.T) {
	o := Official{ID: 7, Name: "Valdis Liepiņš", Position: "Domes priekšsēdētājs"}
	long := strings.Repeat("Ūdens, kanalizācija; un \\ citi jautājumi ", 4) + "\npēdējā rinda"
	bookings := []FeedBooking{
		{ID: 41, Start: riga(2026, 11, 2, 14, 0), End: riga(2026, 11, 2, 14, 15), Room: "Domes ēka, 221. kab.", State: Booked,
			VisitorName: "Anna Bērziņa", Topic: long, Version: 3, UpdatedAt: riga(2026, 10, 30, 9, 5)},
		{ID: 42, Start: riga(2026, 7, 6, 14, 15), End: riga(2026, 7, 6, 14, 30), State: Cancelled,
			VisitorName: "Ivans Petrovs", Topic: "Ūdens noplūde", Version: 2, UpdatedAt: riga(2026, 7, 1, 9, 0)},
	}
	out := Feed(o, bookings, riga(2026, 11, 1, 8, 0))

	// Every line ends in CRLF, no bare LF, and no line is longer than 75 octets.
	if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatal("line endings are not CRLF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("%d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("folding split a character: %q", l)
		}
	}
	lines := unfold(out)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Fatalf("calendar frame: %q … %q", lines[0], lines[len(lines)-1])
	}
	has := func(want string) bool {
		for _, l := range lines {
			if l == want {
				return true
			}
		}
		return false
	}
	for _, want := range []string{
		"VERSION:2.0",
		"UID:booking-41@" + ical.Domain,
		"DTSTART:20261102T120000Z", // 14:00 in Riga in winter
		"DTEND:20261102T121500Z",
		"DTSTAMP:20261101T060000Z", // the file's making, 08:00 in Riga
		"LAST-MODIFIED:20261030T070500Z",
		"LAST-MODIFIED:20260701T060000Z",
		"LOCATION:Domes ēka\\, 221. kab.",
		"UID:booking-42@" + ical.Domain,
		"DTSTART:20260706T111500Z", // 14:15 in Riga in summer
		"STATUS:CANCELLED",
		"SUMMARY:Ūdens noplūde — Ivans Petrovs",
	} {
		if !has(want) {
			t.Errorf("no line %q in\n%s", want, out)
		}
	}
	// The escaped text survives the folding whole.
	wantSummary := "SUMMARY:" + strings.Repeat(`Ūdens\, kanalizācija\; un \\ citi jautājumi `, 4) + `\npēdējā rinda — Anna Bērziņa`
	if !has(wantSummary) {
		t.Errorf("summary not escaped as RFC 5545 3.3.11 says:\n%s", out)
	}
	if n := strings.Count(out, "BEGIN:VEVENT"); n != 2 || strings.Count(out, "END:VEVENT") != 2 {
		t.Errorf("%d events", n)
	}
	// Every event is stamped with the file's making, never a booking's change.
	if n := strings.Count(out, "\r\nDTSTAMP:20261101T060000Z\r\n"); n != 2 {
		t.Errorf("%d events stamped with the file's making", n)
	}
}

// An official with nothing booked still gets a calendar with a component
// (RFC 5545 3.6: "calcomponent" is one or more): Riga's time zone, whose
// rules give the offsets of the summer and the winter.
func TestEmptyFeedHasAComponent(t *testing.T) {
	out := Feed(Official{ID: 7, Name: "Valdis Liepiņš"}, nil, riga(2026, 11, 1, 8, 0))
	lines := unfold(out)
	begins := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "BEGIN:") {
			begins++
		}
	}
	if begins < 2 || !strings.Contains(out, "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Riga\r\n") || strings.Contains(out, "VEVENT") {
		t.Fatalf("an empty feed:\n%s", out)
	}
	// The rules' offsets agree with Go's zone data on both sides of each change.
	for _, tc := range []struct {
		at     time.Time
		offset string
	}{
		{time.Date(2027, 3, 28, 0, 59, 0, 0, time.UTC), "+0200"}, {time.Date(2027, 3, 28, 1, 0, 0, 0, time.UTC), "+0300"},
		{time.Date(2027, 10, 31, 0, 59, 0, 0, time.UTC), "+0300"}, {time.Date(2027, 10, 31, 1, 0, 0, 0, time.UTC), "+0200"},
	} {
		if got := tc.at.In(i18n.Riga).Format("-0700"); got != tc.offset {
			t.Errorf("%s: Riga is at %s, the feed's rule says %s", tc.at, got, tc.offset)
		}
	}
	for _, want := range []string{"TZOFFSETTO:+0300", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"} {
		if !strings.Contains(out, want+"\r\n") {
			t.Errorf("no %q", want)
		}
	}
}
