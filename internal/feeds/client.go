package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	// DefaultMaxBytes bounds a feed's body; the largest news feeds are a
	// few hundred kilobytes.
	DefaultMaxBytes = 5 << 20
	// DefaultUserAgent names the desk to the sites it reads, so that their
	// administrators can tell who polls them.
	DefaultUserAgent = "PRDesk/1.0 (media monitoring; +https://prdesk.daugavpils.lv)"
	// DefaultTimeout bounds one request, redirects and body included, when
	// Client.HTTP is not given.
	DefaultTimeout = 20 * time.Second
	// MaxRedirects is how many redirects a fetch follows.
	MaxRedirects = 5
)

var (
	// ErrTooLarge: the body is over Client.MaxBytes.
	ErrTooLarge = errors.New("feeds: the response is too large")
	// ErrForbiddenAddress: the URL leads, directly or by a redirect or by
	// DNS, to a loopback, private, link-local or otherwise internal address.
	ErrForbiddenAddress = errors.New("feeds: the address is not a public one")
	// ErrUnsupportedScheme: only http and https URLs are fetched.
	ErrUnsupportedScheme = errors.New("feeds: only http and https URLs can be read")
	// ErrTooManyRedirects: more than MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("feeds: too many redirects")
)

// StatusError: the server answered with a status that gives no feed or page.
// A caller backs off on it, the longer for a 429 or 503 with RetryAfter.
type StatusError struct {
	Code int
	// RetryAfter is the Retry-After header as sent, delay-seconds or an
	// HTTP date; empty when there was none. Delay reads it.
	RetryAfter string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("feeds: the server answered %d %s", e.Code, http.StatusText(e.Code))
	if e.RetryAfter != "" {
		msg += " (retry after " + e.RetryAfter + ")"
	}
	return msg
}

// Delay is how long after now the server asked to be left alone, and
// whether it asked (a date already past gives 0 and true).
func (e *StatusError) Delay(now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(e.RetryAfter)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(365*24*time.Hour/time.Second))) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// Validators make the next fetch of a feed a conditional one, which most
// sites answer with a bodiless 304 while nothing is new.
type Validators struct {
	ETag         string
	LastModified string
}

// Result is one fetch of a feed.
type Result struct {
	Feed        *Feed // nil when NotModified
	NotModified bool
	Validators  Validators // to keep for the next fetch
	Status      int
	URL         string // after redirects; a feed that moved for good is worth updating
}

// Client fetches feeds and pages. Its fields are read on first use and must
// not change after, nor the Client be copied; one Client serves any number
// of goroutines, and keeps their connections to a site alive between polls.
type Client struct {
	// HTTP, when set, is the client to send requests with. Its Transport
	// must be nil or an *http.Transport unless AllowPrivate: a clone of it
	// gets the dialer that refuses internal addresses. Its CheckRedirect
	// is replaced. Nil means a client with DefaultTimeout.
	HTTP      *http.Client
	UserAgent string // DefaultUserAgent when empty
	MaxBytes  int64  // DefaultMaxBytes when 0
	// AllowPrivate lets requests reach internal addresses: for tests,
	// whose servers listen on 127.0.0.1, never for URLs staff type in.
	AllowPrivate bool

	once    sync.Once
	http    *http.Client
	httpErr error
}

// Fetch gets the feed at feedURL, conditionally on prev when it has
// validators. A 304 gives a Result with NotModified. A status that is not a
// success gives a *StatusError. A feed that breaks partway gives the Result
// with the items read before the break, together with the *ParseError.
func (c *Client) Fetch(ctx context.Context, feedURL string, prev Validators) (*Result, error) {
	header := http.Header{}
	header.Set("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
	if prev.ETag != "" {
		header.Set("If-None-Match", prev.ETag)
	}
	if prev.LastModified != "" {
		header.Set("If-Modified-Since", prev.LastModified)
	}
	resp, err := c.get(ctx, feedURL, header)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	res := &Result{
		Status: resp.StatusCode,
		URL:    resp.Request.URL.String(),
		Validators: Validators{
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
		},
	}
	if resp.StatusCode == http.StatusNotModified {
		// A 304 need not repeat the validators; the old ones still hold.
		if res.Validators.ETag == "" {
			res.Validators.ETag = prev.ETag
		}
		if res.Validators.LastModified == "" {
			res.Validators.LastModified = prev.LastModified
		}
		res.NotModified = true
		return res, nil
	}
	if err := statusError(resp); err != nil {
		return nil, err
	}
	body, err := readCapped(resp, c.maxBytes())
	if err != nil {
		return nil, err
	}
	feed, err := Parse(bytes.NewReader(body), resp.Header.Get("Content-Type"), resp.Request.URL)
	if feed == nil {
		return nil, err
	}
	res.Feed = feed
	return res, err
}

// get sends a GET for rawURL after checking that it is an http(s) URL.
func (c *Client) get(ctx context.Context, rawURL string, header http.Header) (*http.Response, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("feeds: %q is not a URL: %w", rawURL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, err
	}
	hc, err := c.client()
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	req.Header = header
	req.Header.Set("User-Agent", c.userAgent())
	resp, err := hc.Do(req)
	if err != nil {
		var refused *refusedAddress
		if errors.As(err, &refused) {
			// the net and url errors around it only repeat the address
			return nil, fmt.Errorf("%w: %s (for %s)", ErrForbiddenAddress, refused.host, u.Redacted())
		}
		return nil, fmt.Errorf("feeds: fetching %s: %w", u.Redacted(), err)
	}
	return resp, nil
}

func checkScheme(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: %q", ErrUnsupportedScheme, u.Redacted())
	}
	if u.Host == "" {
		return fmt.Errorf("feeds: %q names no host", u.Redacted())
	}
	return nil
}

func statusError(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	return &StatusError{Code: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After")}
}

// readCapped reads the body, failing rather than cutting it at limit: a
// feed cut short would read as one whose older items were removed.
func readCapped(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLarge, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("feeds: reading the response: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return body, nil
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	return DefaultUserAgent
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

func (c *Client) client() (*http.Client, error) {
	c.once.Do(func() { c.http, c.httpErr = c.build() })
	return c.http, c.httpErr
}

func (c *Client) build() (*http.Client, error) {
	hc := &http.Client{Timeout: DefaultTimeout}
	if c.HTTP != nil {
		copied := *c.HTTP
		hc = &copied
	}
	var transport *http.Transport
	switch t := hc.Transport.(type) {
	case nil:
		transport = http.DefaultTransport.(*http.Transport).Clone()
	case *http.Transport:
		transport = t.Clone()
	default:
		if !c.AllowPrivate {
			return nil, fmt.Errorf("feeds: Client.HTTP's transport is a %T, into which the guard against internal addresses cannot be put", t)
		}
	}
	if transport != nil && !c.AllowPrivate {
		if transport.DialTLSContext != nil || transport.DialTLS != nil {
			return nil, errors.New("feeds: Client.HTTP's transport dials TLS itself, past the guard against internal addresses")
		}
		dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: refuseInternal}
		transport.DialContext = dialer.DialContext
		// Through a proxy the address dialled would be the proxy's, and
		// the guard would check the wrong one.
		transport.Proxy = nil
	}
	if transport != nil {
		transport.MaxResponseHeaderBytes = 64 << 10
		hc.Transport = transport
	}
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > MaxRedirects {
			return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, MaxRedirects)
		}
		// The dialer checks each redirect's address; the scheme is
		// checked here, for a redirect to file: or gopher:.
		return checkScheme(req.URL)
	}
	return hc, nil
}

// refuseInternal runs for every connection, after DNS has answered, with
// the address really dialled: checking the name before the request would
// let a name that resolves to a public address once and to 127.0.0.1 the
// next time through.
func refuseInternal(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return &refusedAddress{host: address}
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !isPublic(ip) {
		return &refusedAddress{host: host}
	}
	return nil
}

type refusedAddress struct{ host string }

func (e *refusedAddress) Error() string { return ErrForbiddenAddress.Error() + ": " + e.host }

func (e *refusedAddress) Is(target error) bool { return target == ErrForbiddenAddress }

// Ranges that are not the public internet beyond those netip.Addr names:
// "this network" (0.0.0.0/8 reaches the host itself on Linux), carrier-grade
// NAT (cloud providers' metadata services live there), protocol
// assignments, benchmarking, documentation, the reserved class E with the
// broadcast address, and the old IPv6 site-local range.
var internalPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("fec0::/10"),
}

// IPv6 ranges that carry an IPv4 address in their last 32 bits, which is
// what they reach: NAT64 and 6to4 (whose address is bits 16 to 48).
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

func isPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() {
		return false
	}
	for _, p := range internalPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return isPublic(netip.AddrFrom4([4]byte(b[12:16])))
	case sixTo4.Contains(ip):
		return isPublic(netip.AddrFrom4([4]byte(b[2:6])))
	}
	return true
}
