package press_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// The press area's search finds the releases and the press conferences
// and media events by their title, every word, in any order and without
// diacritics; an event's hit links to its card and says its kind, place
// and a cancellation; the latest come first, at most the limit.
func TestSearchFindsReleasesAndEvents(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), "lv")
	pool := dbtest.Pool(t)
	n := strconv.FormatInt(serial.Add(1), 10)
	word := "Lāčplēša" + n // "lacplesa<n>" typed
	at := func(days int) time.Time { return time.Date(2031, 5, 10+days, 10, 0, 0, 0, i18n.Riga) }
	conference := presstest.AddEvent(t, pool, press.Event{Title: "Preses konference par " + word + " ielas remontu",
		StartsAt: at(0), EndsAt: at(0).Add(time.Hour), Place: "Vienības nams", Room: "Zāle " + n})
	cancelled := presstest.AddEvent(t, pool, press.Event{Kind: press.MediaEvent, Title: word + " ielas atklāšana",
		StartsAt: at(2), EndsAt: at(2).Add(time.Hour), Place: "Rīgas iela 1", Room: "Ārā " + n, Status: press.EventCancelled})
	other := presstest.AddEvent(t, pool, press.Event{Title: "Preses brīfings par budžetu " + n,
		StartsAt: at(1), EndsAt: at(1).Add(time.Hour), Place: "Vienības nams", Room: "Mazā zāle " + n})
	release := presstest.AddRelease(t, pool, input(word+" ielā atklāj tiltu"))

	hits, err := press.Search(ctx, pool, "ielas LACPLESA"+n, 10)
	if err != nil {
		t.Fatal(err)
	}
	links := []string{}
	for _, h := range hits {
		links = append(links, h.Link)
	}
	// The events, the later first; the release's title lacks "ielas".
	want := []string{"/press/events/" + strconv.FormatInt(cancelled, 10), "/press/events/" + strconv.FormatInt(conference, 10)}
	if strings.Join(links, " ") != strings.Join(want, " ") {
		t.Fatalf("found %v, want %v", links, want)
	}
	if h := hits[1]; h.Title != "Preses konference par "+word+" ielas remontu" || h.Detail != "Preses konference · Vienības nams" ||
		!h.When.Equal(at(0)) || h.Ref != "event #"+strconv.FormatInt(conference, 10) {
		t.Errorf("the conference's hit: %+v", h)
	}
	if h := hits[0]; h.Detail != "Mediju pasākums · Rīgas iela 1 · Atcelts" {
		t.Errorf("the cancelled event's hit: %+v", h)
	}

	// A word of both: the release too, and the limit holds.
	hits, err = press.Search(ctx, pool, "lacplesa"+n, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, h := range hits {
		found[h.Link] = true
	}
	if len(hits) != 3 || !found["/press/"+strconv.FormatInt(release, 10)] || found["/press/events/"+strconv.FormatInt(other, 10)] {
		t.Errorf("one word: %+v", hits)
	}
	if hits, err := press.Search(ctx, pool, "lacplesa"+n, 2); err != nil || len(hits) != 2 {
		t.Errorf("limit 2: %d hits (%v)", len(hits), err)
	}
	// No word that is in a title: nothing.
	if hits, err := press.Search(ctx, pool, "lacplesa"+n+" debesskrapis", 10); err != nil || len(hits) != 0 {
		t.Errorf("a word in no title: %+v (%v)", hits, err)
	}
}
