package visitors

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/web"
)

// An official's bookings are a calendar feed at a secret address for
// Outlook or a phone, which cannot sign in: the address is the secret. Only
// its SHA-256 is stored, so the address is shown once, when it is made; a
// new one makes the old one stop working.

// FeedPast is how far back the feed reaches; a calendar keeps what it saw.
const FeedPast = 60 * 24 * time.Hour

// newFeedToken is 32 random bytes, URL-safe.
func newFeedToken() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(tok))
	return tok, sum[:], nil
}

// NewFeedToken gives official a new feed address and returns its token;
// the previous address stops working.
func (s *Store) NewFeedToken(ctx context.Context, officialID int64) (string, error) {
	tok, hash, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `update visit_officials set ical_token_hash = $2, updated_at = now()
			where id = $1 returning name`, officialID, hash).Scan(&name)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_official", EntityID: officialID, Action: "feed_token",
			Summary: "Jauna kalendāra plūsmas adrese amatpersonai " + name})
	})
	return tok, err
}

// HasFeed tells whether official has a feed address.
func (s *Store) HasFeed(ctx context.Context, officialID int64) (bool, error) {
	var has bool
	err := s.pool.QueryRow(ctx, `select ical_token_hash is not null from visit_officials where id = $1`, officialID).Scan(&has)
	return has, err
}

// FeedOfficial finds the official whose feed token is tok; pgx.ErrNoRows
// when none. It looks up by the token's hash, and compares the stored hash
// in constant time as well, so neither the index nor the comparison tells
// how much of a guess was right.
func (s *Store) FeedOfficial(ctx context.Context, tok string) (Official, error) {
	sum := sha256.Sum256([]byte(tok))
	var stored []byte
	var o Official
	err := s.pool.QueryRow(ctx, `select id, name, position, kind, active, ical_token_hash from visit_officials
		where ical_token_hash = $1`, sum[:]).Scan(&o.ID, &o.Name, &o.Position, &o.Kind, &o.Active, &stored)
	if err != nil {
		return o, err
	}
	if subtle.ConstantTimeCompare(stored, sum[:]) != 1 {
		return o, pgx.ErrNoRows
	}
	return o, nil
}

// FeedBooking is one booking as the feed shows it.
type FeedBooking struct {
	ID          int64     `db:"id"`
	Start       time.Time `db:"start_at"`
	End         time.Time `db:"end_at"`
	Room        string    `db:"room"`
	State       State     `db:"state"`
	VisitorName string    `db:"visitor_name"`
	Topic       string    `db:"topic"`
	Version     int       `db:"version"`
	UpdatedAt   time.Time `db:"updated_at"`
}

// FeedBookings lists official's bookings from since on, cancelled ones too
// (the feed marks them so, and a calendar that saw them removes them).
func (s *Store) FeedBookings(ctx context.Context, officialID int64, since time.Time) ([]FeedBooking, error) {
	rows, _ := s.pool.Query(ctx, `
		select id, lower(slot) as start_at, upper(slot) as end_at, room, state, visitor_name, topic, version, updated_at
		from visit_bookings where official_id = $1 and lower(slot) >= $2 order by lower(slot), id`, officialID, since)
	return pgx.CollectRows(rows, pgx.RowToStructByName[FeedBooking])
}

// FeedDomain makes the UIDs of the feed's events unique world-wide.
const FeedDomain = "prdesk.daugavpils.lv"

// icalText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and line breaks.
func icalText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// icalFold writes one content line folded at 75 octets (RFC 5545 3.1):
// a continuation line begins with a space, and no UTF-8 character is split.
func icalFold(b *strings.Builder, line string) {
	const limit = 75
	first := true
	for len(line) > 0 {
		n := limit
		if !first {
			n = limit - 1 // the leading space counts
			b.WriteByte(' ')
		}
		if n >= len(line) {
			n = len(line)
		} else {
			for n > 0 && !utf8.RuneStart(line[n]) {
				n--
			}
		}
		b.WriteString(line[:n])
		b.WriteString("\r\n")
		line = line[n:]
		first = false
	}
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Feed is the iCalendar (RFC 5545) text of an official's bookings; now is
// the DTSTAMP of the calendar's generation where a booking has none better.
func Feed(o Official, bookings []FeedBooking, now time.Time) string {
	var b strings.Builder
	line := func(s string) { icalFold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Daugavpils valstspilsētas pašvaldība//PR Desk//LV")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + icalText("Pieņemšana: "+o.Name))
	line("X-WR-TIMEZONE:Europe/Riga")
	for _, bk := range bookings {
		stamp := bk.UpdatedAt
		if stamp.IsZero() {
			stamp = now
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:booking-%d@%s", bk.ID, FeedDomain))
		line("DTSTAMP:" + icalTime(stamp))
		line("DTSTART:" + icalTime(bk.Start))
		line("DTEND:" + icalTime(bk.End))
		line("SEQUENCE:" + strconv.Itoa(bk.Version))
		line("SUMMARY:" + icalText(bk.Topic+" — "+bk.VisitorName))
		if bk.Room != "" {
			line("LOCATION:" + icalText(bk.Room))
		}
		if bk.State == Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok := chi.URLParam(r, "token")
	if len(tok) < 20 || len(tok) > 100 {
		web.Error(w, r, errs.NotFound)
		return
	}
	o, err := h.store.FeedOfficial(ctx, tok)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !o.Active) {
		web.Error(w, r, errs.NotFound)
		return
	} else if err != nil {
		web.Error(w, r, err)
		return
	}
	now := time.Now()
	bookings, err := h.store.FeedBookings(ctx, o.ID, now.Add(-FeedPast))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// Names of visitors: no cache on the way may keep them.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Write([]byte(Feed(o, bookings, now))) //nolint:errcheck
}

// feedURL is the feed's absolute address as the request reached us.
func feedURL(r *http.Request, tok string) string {
	scheme := "https"
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	} else if r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host + "/visitors/ical/" + tok + ".ics"
}

func (h *Handler) regenerateFeed(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	tok, err := h.store.NewFeedToken(r.Context(), o.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	// Shown on this answer only: the address is not stored.
	h.renderOfficial(w, r, o, feedURL(r, tok))
}

func (h *Handler) routesFeed(m *auth.Mux) {
	// The token in the address is the credential; a calendar cannot sign in.
	m.Get("/visitors/ical/{token}.ics", auth.Public, h.feed)
}
