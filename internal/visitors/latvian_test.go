package visitors_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/mail"
)

// Every mail a visitor gets, in Latvian, greets without their name, and
// names the official on a line of its own: the program declines no name
// ("pie Valdis Liepiņš", "Labdien, Mārtiņš Bērziņš!"), and a date is never
// a word in a sentence that would want it declined ("pārcelts uz
// pirmdiena") (issue 10, item 10).
func TestVisitorsMailLetsNamesAndDatesStandAlone(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Mārtiņš Bērziņš")
	f.at(riga(2027, 4, 5, 8, 0)) // a Monday
	b := visitor(f.official, riga(2027, 4, 7, 10, 0), "+37120005555")
	b.VisitorName, b.Email = "Līga Dēliņa", "liga.delina@example.lv"
	id, err := f.store.Book(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Move(ctx, id, f.version(t, id), riga(2027, 4, 7, 10, 30), "Amatpersonas komandējums"); err != nil {
		t.Fatal(err)
	}
	f.at(riga(2027, 4, 6, 8, 0))
	if _, err := f.store.SendReminders(ctx, f.jobs); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CancelSession(ctx, f.official, riga(2027, 4, 7, 0, 0), "Slimība"); err != nil {
		t.Fatal(err)
	}
	out, err := mail.ForEntity(ctx, f.pool, "booking", id)
	if err != nil || len(out) != 4 {
		t.Fatalf("%d mails (%v), want the confirmation, the move, the reminder and the cancellation", len(out), err)
	}
	weekdayAsWord := regexp.MustCompile(`(uz|pie|līdz|no) (pirmdiena|otrdiena|trešdiena|ceturtdiena|piektdiena|sestdiena|svētdiena)`)
	for _, m := range out {
		for _, bad := range []string{"pie Mārtiņš", "Labdien, ", "pierakstīts", "pierakstījies"} {
			if strings.Contains(m.Subject+m.BodyText, bad) {
				t.Errorf("%q says %q", m.Subject, bad)
			}
		}
		if weekdayAsWord.MatchString(m.Subject + m.BodyText) {
			t.Errorf("%q puts a weekday in a sentence: %q", m.Subject, weekdayAsWord.FindString(m.Subject+m.BodyText))
		}
		if !strings.HasPrefix(m.BodyText, "Labdien!\n") || !strings.Contains(m.BodyText, "\nAmatpersona: Mārtiņš Bērziņš, Domes deputāts\n") ||
			!strings.Contains(m.BodyText, "\nVārds, uzvārds: Līga Dēliņa\n") {
			t.Errorf("%q does not let the names stand alone:\n%s", m.Subject, m.BodyText)
		}
	}
	if got := out[1].Subject; got != "Pieraksts pārcelts. Jaunais laiks: trešdiena, 07.04.2027., plkst. 10:30" {
		t.Errorf("the move's subject %q", got)
	}
}

// A booking cancelled on its own tells a visitor who gave an address, as a
// move does: one mail through the outbox, in the cancellation's
// transaction (a stale form cancels nothing and sends nothing), written
// with the names and the date standing alone, in English for those who
// chose it; a visitor with no address gets none (issue 18, item 7).
func TestCancelledBookingIsMailed(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Inese Krūmiņa")
	f.at(riga(2027, 4, 5, 8, 0)) // a Monday
	phone := 20006660
	book := func(start time.Time, email, lang string) int64 {
		t.Helper()
		phone++
		b := visitor(f.official, start, fmt.Sprintf("+371%d", phone))
		b.VisitorName, b.Email, b.Language = "Jevgēnija Smirnova", email, lang
		id, err := f.store.Book(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	mailed, english, silent := book(riga(2027, 4, 7, 10, 0), "jevgenija@example.lv", "lv"),
		book(riga(2027, 4, 7, 10, 15), "jevgenija.en@example.lv", "en"), book(riga(2027, 4, 7, 10, 30), "", "lv")
	// A stale form: refused, and no mail.
	if err := f.store.Cancel(ctx, mailed, f.version(t, mailed)-1, "Apmeklētāja lūgums"); err == nil {
		t.Fatal("a stale cancellation went through")
	}
	if out, _ := mail.ForEntity(ctx, f.pool, "booking", mailed); len(out) != 1 {
		t.Fatalf("%d mails after a refused cancellation, want the confirmation only", len(out))
	}
	for _, id := range []int64{mailed, english, silent} {
		if err := f.store.Cancel(ctx, id, f.version(t, id), "Apmeklētāja lūgums"); err != nil {
			t.Fatal(err)
		}
	}
	out, err := mail.ForEntity(ctx, f.pool, "booking", mailed)
	if err != nil || len(out) != 2 {
		t.Fatalf("%d mails (%v), want the confirmation and the cancellation", len(out), err)
	}
	m := out[1]
	if m.Subject != "Pieraksts atcelts: trešdiena, 07.04.2027., plkst. 10:00" || m.ToAddress != "jevgenija@example.lv" ||
		!strings.HasPrefix(m.BodyText, "Labdien!\n") || !strings.Contains(m.BodyText, "\nAmatpersona: Inese Krūmiņa, Domes deputāts\n") ||
		!strings.Contains(m.BodyText, "\nVārds, uzvārds: Jevgēnija Smirnova\n") || !strings.Contains(m.BodyText, "\nIemesls: Apmeklētāja lūgums\n") {
		t.Errorf("the cancellation's mail: %q\n%s", m.Subject, m.BodyText)
	}
	if out, _ := mail.ForEntity(ctx, f.pool, "booking", english); len(out) != 2 || out[1].Subject != "Your appointment is cancelled: Wednesday, 07.04.2027., at 10:15" {
		t.Errorf("the English cancellation: %+v", out)
	}
	if out, _ := mail.ForEntity(ctx, f.pool, "booking", silent); len(out) != 0 {
		t.Errorf("%d mails to a visitor with no address", len(out))
	}
}
