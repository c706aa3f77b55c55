package monitoring

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/feeds"
)

// KeywordRule is a stored keyword rule: its expression as ParseRule writes
// it back (Rule.String), and the topic a clipping accepted from its match
// starts with.
type KeywordRule struct {
	ID         int64
	Name       string
	Expression string
	TopicID    *int64
	Active     bool
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Recent is how many items of the last RecentDays the rule matched
	// (the list's).
	Recent int
	// IdempotencyKey is the create form's key; empty on an edit.
	IdempotencyKey string
}

// Limits of a rule's fields, the same as the database's.
const MaxRuleName = 200

// RecentDays is how far back a rule is tried and applied: the items
// first seen in the last two weeks.
const RecentDays = 14

// Check is the rule's rules, as (field, catalogue key) pairs; the
// expression's own are ParseRule's.
func (r KeywordRule) Check() [][2]string {
	var out [][2]string
	if strings.TrimSpace(r.Name) == "" {
		out = append(out, [2]string{"name", "monitoring.rule.name_required"})
	}
	if strings.TrimSpace(r.Expression) == "" {
		out = append(out, [2]string{"expression", "monitoring.rule.expression_required"})
	}
	return out
}

// ItemStatus is what staff decided about an item.
type ItemStatus string

const (
	ItemNew       ItemStatus = "new"
	ItemAccepted  ItemStatus = "accepted" // a clipping was made of it
	ItemDismissed ItemStatus = "dismissed"
)

// Item is one story a feed brought, and why it is in the inbox.
type Item struct {
	ID          int64
	FeedID      int64
	FeedName    string
	OutletID    *int64
	Language    Language
	MediaType   MediaType
	GUID        string
	URL         string
	Title       string
	Summary     string
	Author      string
	PublishedAt *time.Time
	FirstSeenAt time.Time
	Matched     bool
	Status      ItemStatus
	DecidedAt   *time.Time
	Hits        []ItemHit
}

// ItemHit is a rule that matched an item, and its words the item holds.
type ItemHit struct {
	RuleID   int64    `json:"rule"`
	RuleName string   `json:"name"`
	TopicID  *int64   `json:"topic"`
	Terms    []string `json:"terms"`
}

// At is when the item was published, or first seen when the feed does
// not say.
func (i Item) At() time.Time {
	if i.PublishedAt != nil {
		return *i.PublishedAt
	}
	return i.FirstSeenAt
}

// Excerpt is the start of the summary, for the inbox.
func (i Item) Excerpt(n int) string {
	return Clipping{Body: i.Summary}.Excerpt(n)
}

// Terms are every matched word of the item's hits, each once.
func (i Item) Terms() []string {
	var out []string
	for _, h := range i.Hits {
		for _, t := range h.Terms {
			found := false
			for _, o := range out {
				found = found || o == t
			}
			if !found {
				out = append(out, t)
			}
		}
	}
	return out
}

// Limits of an item's fields, the same as the database's: a longer text
// is cut, a longer link or guid dropped or hashed by the feeds package.
const (
	maxItemTitle   = 1000
	maxItemSummary = 20000
	maxItemAuthor  = 300
	maxItemGUID    = 2000
)

// newItem is a feed's story as the table keeps it: plain texts cut to the
// columns' limits, the summary (or, without one, the article's text), and
// the link's key for finding the same article again.
type newItem struct {
	GUID, URL, URLKey, Title, Summary, Author string
	Published                                 *time.Time
}

func itemOf(it feeds.Item) (newItem, bool) {
	if it.GUID == "" || len(it.GUID) > maxItemGUID {
		return newItem{}, false
	}
	n := newItem{GUID: it.GUID, Title: cutRunes(it.Title, maxItemTitle), Author: cutRunes(it.Author, maxItemAuthor)}
	n.Summary = it.Summary
	if n.Summary == "" {
		n.Summary = it.Content
	}
	n.Summary = cutRunes(n.Summary, maxItemSummary)
	if it.Link != "" && len(it.Link) <= MaxURL && webAddress(it.Link) {
		n.URL, n.URLKey = it.Link, urlKey(it.Link)
	}
	switch {
	case !it.Published.IsZero():
		p := it.Published
		n.Published = &p
	case !it.Updated.IsZero():
		p := it.Updated
		n.Published = &p
	}
	return n, true
}

// matchText is what the rules read of an item: its title and summary.
func (n newItem) matchText() string { return n.Title + "\n" + n.Summary }

// cutRunes is s cut to at most n runes.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
