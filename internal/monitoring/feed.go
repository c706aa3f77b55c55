package monitoring

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Feeds are news sites' RSS and Atom feeds, read on a schedule by a River
// job (ReadFeedsArgs); what they bring is matched against the keyword
// rules (KeywordRule), and the items a rule matches wait in the inbox
// (Item) for staff to accept as a clipping or dismiss.

// Feed is one news site's feed and the state of its reading.
type Feed struct {
	ID              int64
	Name            string
	URL             string
	OutletID        *int64
	Language        Language
	MediaType       MediaType
	Active          bool
	IntervalMinutes int
	ETag            string
	LastModified    string
	LastSuccessAt   *time.Time
	LastErrorAt     *time.Time
	// LastErrorCode is why the last failed read failed (readErrorCode);
	// LastError the same in Latvian words.
	LastErrorCode string
	LastError     string
	Failures      int
	NextReadAt    time.Time
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// NewItems are the feed's items waiting in the inbox (the list's).
	NewItems int
	// IdempotencyKey is the create form's key; empty on an edit.
	IdempotencyKey string
}

// Limits of a feed's fields, the same as the database's.
const (
	MaxFeedName     = 200
	MinFeedInterval = 5
	MaxFeedInterval = 1440
	// DefaultFeedInterval is how often a new feed is read, in minutes.
	DefaultFeedInterval = 30
)

// Failing reports whether the last read failed.
func (f Feed) Failing() bool { return f.Failures > 0 }

// Check is the feed's rules, as (field, catalogue key) pairs; the
// database holds the same.
func (f Feed) Check() [][2]string {
	var out [][2]string
	if strings.TrimSpace(f.Name) == "" {
		out = append(out, [2]string{"name", "monitoring.feed.name_required"})
	}
	if f.URL == "" {
		out = append(out, [2]string{"url", "monitoring.feed.url_required"})
	} else if !webAddress(f.URL) || len(f.URL) > MaxURL {
		out = append(out, [2]string{"url", "monitoring.feed.url_invalid"})
	}
	if f.OutletID == nil {
		out = append(out, [2]string{"outlet_id", "monitoring.feed.outlet_id_required"})
	}
	if f.IntervalMinutes < MinFeedInterval || f.IntervalMinutes > MaxFeedInterval {
		out = append(out, [2]string{"interval_minutes", "monitoring.feed.interval_minutes_invalid"})
	}
	return out
}

// How long a failing feed is left alone: its interval doubled for each
// failure in a row, at most maxBackoff; longer when the site asks so
// with Retry-After, but never longer than maxRetryAfter, so that a
// mistaken header does not silence a feed for a year.
const (
	maxBackoff    = 24 * time.Hour
	maxRetryAfter = 7 * 24 * time.Hour
)

// nextRead is when a feed read at now is read again: after its interval
// when the read went well (failures 0), else interval × 2^failures, capped
// at maxBackoff, or the site's Retry-After when that is longer.
func nextRead(now time.Time, interval time.Duration, failures int, retryAfter time.Duration) time.Time {
	d := interval
	for i := 0; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	if retryAfter > d {
		d = min(retryAfter, maxRetryAfter)
	}
	return now.Add(d)
}

// readErrorCode names why a read failed, for the feeds page to say in
// words a person can act on: a kind, and after a colon a number the words
// name (the HTTP status, the line a feed breaks at).
func readErrorCode(err error) string {
	var parse *feeds.ParseError
	var status *feeds.StatusError
	var dns *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &parse):
		return "broken:" + strconv.Itoa(parse.Line)
	case errors.As(err, &status):
		kind := "status"
		switch c := status.Code; {
		case c == 404 || c == 410:
			kind = "status_gone"
		case c == 401 || c == 403:
			kind = "status_denied"
		case c == 429 || c == 503:
			kind = "status_busy"
		case c >= 500:
			kind = "status_server"
		}
		return kind + ":" + strconv.Itoa(status.Code)
	case errors.Is(err, feeds.ErrNotAFeed):
		return "not_a_feed"
	case errors.Is(err, feeds.ErrTooLarge):
		return "too_large"
	case errors.Is(err, feeds.ErrForbiddenAddress):
		return "forbidden_address"
	case errors.Is(err, feeds.ErrTooManyRedirects):
		return "redirects"
	case errors.As(err, &dns) && dns.IsNotFound:
		return "no_such_host"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.As(err, &netErr):
		return "unreachable"
	}
	return "failed"
}

// lvContext is a context in Latvian: what the tables and the audit log
// keep in words is written in the department's language whoever acted.
var lvContext = i18n.WithLocale(context.Background(), "lv")

// readErrorText is a read's failure (readErrorCode) in the words of ctx's
// language; "" for none.
func readErrorText(ctx context.Context, code string) string {
	if code == "" {
		return ""
	}
	kind, arg, _ := strings.Cut(code, ":")
	key := "monitoring.feed.error." + kind
	if !i18n.Has(ctx, key) {
		return i18n.T(ctx, "monitoring.feed.error.failed")
	}
	if arg != "" {
		return i18n.T(ctx, key, arg)
	}
	return i18n.T(ctx, key)
}

// retryAfterOf is how long the site asked to be left alone, if it did.
func retryAfterOf(err error, now time.Time) time.Duration {
	var status *feeds.StatusError
	if errors.As(err, &status) {
		if d, ok := status.Delay(now); ok {
			return d
		}
	}
	return 0
}
