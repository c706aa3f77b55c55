// Package feeds reads what news sites publish, for the media-monitoring
// area: their RSS and Atom feeds, fetched on a schedule, and the title,
// outlet and date of an article page that a staff member pastes.
//
// Sites' feeds are often broken, mislabelled or in a legacy encoding
// (Windows-1257 and Windows-1251 are still common in Latvia), so the reader
// forgives what it can and, where it cannot, keeps the items it read before
// the break. Every text comes out as plain text, since the area shows and
// searches it, and never renders a site's HTML.
//
// Fetching goes only to public addresses: the URLs are typed in by staff,
// and the server must not be made to reach the council's own network.
package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// Item is one story in a feed. Its texts are plain text.
type Item struct {
	// GUID tells the item apart from the feed's others across fetches: the
	// feed's guid or id, else the link, else a hash of title and date. It
	// is unique within one feed only, so callers key items by feed and GUID.
	GUID       string
	Link       string // absolute http(s), or empty
	Title      string
	Summary    string
	Content    string
	Author     string
	Published  time.Time // zero when the feed gives none (Atom feeds often give only Updated)
	Updated    time.Time
	Categories []string
}

// Feed is what Parse read: the channel's own title, site link and language,
// and its items in the feed's order.
type Feed struct {
	Title    string
	Link     string
	Language string
	Items    []Item
}

// ErrNotAFeed: the body is empty, an HTML page, or some other document; a
// site whose feed URL now answers with its front page gives this.
var ErrNotAFeed = errors.New("feeds: not an RSS or Atom feed")

// ParseError: the feed broke off partway (a truncated download, a bare "<"
// in a title). Parse returns it together with the items read before the
// break, so a caller can both keep them and record that the feed is broken.
type ParseError struct {
	Line int // where the feed broke, counted from 1
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("feeds: the feed breaks off at line %d: %v", e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 feed from r. The
// contentType is the HTTP Content-Type, whose charset counts when the feed
// does not declare its encoding; base is the feed's URL, against which
// relative links are resolved (nil: relative links are dropped).
//
// It reads all of r into memory: callers bound r (Client.Fetch does).
// When the feed breaks partway, Parse returns what it read with a
// *ParseError; when it is no feed at all, an error wrapping ErrNotAFeed.
func Parse(r io.Reader, contentType string, base *url.URL) (*Feed, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("feeds: reading the feed: %w", err)
	}
	text, err := toUTF8(raw, contentType)
	if err != nil {
		return nil, err
	}
	root, readErr := readTree(text, base)
	var feed *Feed
	switch {
	case root == nil && readErr != nil:
		return nil, fmt.Errorf("%w: %w", ErrNotAFeed, readErr)
	case root == nil:
		return nil, ErrNotAFeed
	case formatOf(root.name) == formatRSS:
		feed = readRSS(root)
	case formatOf(root.name) == formatAtom:
		feed = readAtom(root)
	default:
		return nil, fmt.Errorf("%w: the document is <%s>", ErrNotAFeed, root.name.Local)
	}
	feed.Items = finishItems(feed.Items)
	if readErr != nil {
		return feed, readErr
	}
	return feed, nil
}

// finishItems gives each item its GUID and drops those a reader could do
// nothing with, and the repeats that some feeds carry (a caller inserting
// the items under a unique key would otherwise fail on the second).
func finishItems(items []Item) []Item {
	seen := make(map[string]bool, len(items))
	kept := items[:0]
	for _, it := range items {
		if it.Title == "" && it.Link == "" && it.Summary == "" && it.Content == "" {
			continue
		}
		it.GUID = clean(it.GUID, maxTextRunes)
		if it.GUID == "" {
			it.GUID = it.Link
		}
		if it.GUID == "" {
			it.GUID = hashGUID(it)
		}
		if len(it.GUID) > maxGUIDBytes {
			sum := sha256.Sum256([]byte(it.GUID))
			it.GUID = "sha256:" + hex.EncodeToString(sum[:])
		}
		if seen[it.GUID] {
			continue
		}
		seen[it.GUID] = true
		kept = append(kept, it)
	}
	return kept
}

// hashGUID names an item that has neither id nor link by what stays the
// same between fetches: its title and date (or, with no title, its text).
func hashGUID(it Item) string {
	var b strings.Builder
	b.WriteString(it.Title)
	b.WriteByte(0)
	if !it.Published.IsZero() {
		b.WriteString(it.Published.UTC().Format(time.RFC3339))
	}
	if it.Title == "" {
		b.WriteByte(0)
		b.WriteString(it.Summary)
		b.WriteByte(0)
		b.WriteString(it.Content)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// resolveLink makes a feed's link absolute. Only http and https are kept:
// the area puts links in pages, where a "javascript:" one would run.
func resolveLink(base *url.URL, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
