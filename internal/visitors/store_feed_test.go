package visitors_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func TestFeedTokenStore(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Inta Bērziņa")
	if has, err := f.store.HasFeed(ctx, f.official); err != nil || has {
		t.Fatalf("feed before any: %v %v", has, err)
	}
	tok, err := f.store.NewFeedToken(ctx, f.official)
	if err != nil || len(tok) != 43 {
		t.Fatalf("token %q %v", tok, err)
	}
	o, err := f.store.FeedOfficial(ctx, tok)
	if err != nil || o.ID != f.official {
		t.Fatalf("lookup %+v %v", o, err)
	}
	var stored []byte
	if err := f.pool.QueryRow(ctx, `select ical_token_hash from visit_officials where id = $1`, f.official).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stored), tok) || len(stored) != 32 {
		t.Fatal("the token itself is stored")
	}
	again, err := f.store.NewFeedToken(ctx, f.official)
	if err != nil || again == tok {
		t.Fatalf("new token %q %v", again, err)
	}
	if _, err := f.store.FeedOfficial(ctx, tok); !errors.Is(err, errs.NotFound) {
		t.Fatalf("the old token still works: %v", err)
	}

	// The feed lists the booking, and a cancelled one as cancelled.
	id, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 4, 10, 30), "+37120003333"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `update visit_bookings set state = 'cancelled' where id = $1`, id); err != nil {
		t.Fatal(err)
	}
	bs, err := f.store.FeedBookings(ctx, f.official, fixedNow.Add(-visitors.FeedPast))
	if err != nil || len(bs) != 1 || bs[0].State != visitors.Cancelled {
		t.Fatalf("feed bookings %+v %v", bs, err)
	}
	if out := visitors.Feed(o, bs, fixedNow); !strings.Contains(out, "STATUS:CANCELLED") {
		t.Fatalf("cancelled booking not marked:\n%s", out)
	}
}

// A deactivated official's feed stops: their address is not found.
func TestFeedOfAnInactiveOfficial(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Ilze Neaktīvā")
	tok := visitorstest.AddFeed(t, f.pool, f.official)
	if _, err := f.store.FeedOfficial(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `update visit_officials set active = false where id = $1`, f.official); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.FeedOfficial(ctx, tok); !errors.Is(err, errs.NotFound) {
		t.Fatalf("an inactive official's feed: %v", err)
	}
}
