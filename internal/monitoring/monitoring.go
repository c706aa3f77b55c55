// Package monitoring is the department's media monitoring (regulation
// clause 4.5): it collects what the media wrote about the municipality and
// its units (clippings), evaluates it (tone, topics, the units and
// officials mentioned), and informs the management and the staff.
//
// Outlets, journalists, units and officials are contacts of the directory
// (internal/contacts); the area keeps only their ids.
package monitoring

import (
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Tone is how a publication speaks of the municipality.
type Tone string

const (
	Positive Tone = "positive"
	Neutral  Tone = "neutral"
	Negative Tone = "negative"
	Mixed    Tone = "mixed"
	Unjudged Tone = "unjudged" // nobody has judged it yet
)

// Tones in the order forms, filters and reports show them.
var Tones = []Tone{Positive, Neutral, Negative, Mixed, Unjudged}

// Badge is the badge colour of a tone.
func (t Tone) Badge() string {
	switch t {
	case Positive:
		return "ok"
	case Negative:
		return "bad"
	case Mixed:
		return "warn"
	case Neutral:
		return "info"
	default:
		return "neutral"
	}
}

// MediaType is the kind of medium a publication appeared in.
type MediaType string

const (
	Print  MediaType = "print"
	Online MediaType = "online"
	TV     MediaType = "tv"
	Radio  MediaType = "radio"
	Social MediaType = "social"
	Agency MediaType = "agency" // a news agency
)

// MediaTypes in the order forms show them.
var MediaTypes = []MediaType{Online, Print, TV, Radio, Social, Agency}

// Language is the language a publication is written in.
type Language string

const (
	Latvian Language = "lv"
	Russian Language = "ru"
	English Language = "en"
	Other   Language = "other"
)

// Languages in the order forms show them.
var Languages = []Language{Latvian, Russian, English, Other}

// Limits of a clipping's fields, the same as the database's.
const (
	MaxTitle  = 500
	MaxURL    = 2000
	MaxAuthor = 300
	MaxBody   = 200000
	MaxReach  = 100_000_000
)

// Clipping is one publication about the municipality, with its evaluation.
type Clipping struct {
	ID           int64
	OutletID     int64
	OutletName   string
	PublishedAt  time.Time
	Title        string
	URL          string
	Author       string
	JournalistID *int64
	MediaType    MediaType
	Language     Language
	Reach        *int
	Body         string
	Tone         Tone
	TonedBy      string // who judged the tone
	TonedAt      *time.Time
	ReleaseID    *int64
	ItemID       *int64
	FileID       *int64
	TopicIDs     []int64
	MentionIDs   []int64 // units, institutions and officials of the directory
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	CreatedBy    string
	// IdempotencyKey is the create form's key; empty on an edit.
	IdempotencyKey string
}

// Excerpt is the start of the body, for lists: its words with one space
// between them, cut at n letters with "…". It reads only as far as it
// needs (a list draws fifty of them a page; splitting the whole text into
// words and letters was a quarter of the list's time), and while the words
// so far stand in the body as they are shown (one space between them,
// valid UTF-8) it gives a slice of the body rather than writing them again.
func (c Clipping) Excerpt(n int) string {
	s := c.Body
	var out []byte // the excerpt once it is no longer s[start:end]
	start, end := -1, 0
	runes, space := 0, false
	cut := func() string {
		text := s[max(start, 0):end]
		if out != nil {
			text = string(out)
		}
		return strings.TrimRight(text, " ,.;:") + "…"
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = runes > 0
			i += size
			continue
		}
		if space {
			if runes == n {
				return cut()
			}
			if out == nil && (i != end+1 || s[end] != ' ') {
				out = append(make([]byte, 0, 4*n+4), s[start:end]...)
			}
			if out != nil {
				out = append(out, ' ')
			} else {
				end = i
			}
			runes++
			space = false
		}
		if runes == n {
			return cut()
		}
		if start < 0 {
			start, end = i, i
		}
		if out == nil && r == utf8.RuneError && size == 1 {
			// Shown as U+FFFD, as []rune shows a byte that is not UTF-8.
			out = append(make([]byte, 0, 4*n+4), s[start:end]...)
		}
		if out != nil {
			out = utf8.AppendRune(out, r)
		} else {
			end = i + size
		}
		runes++
		i += size
	}
	if out != nil {
		return string(out)
	}
	return s[max(start, 0):end]
}

// asciiSpace are the ASCII letters unicode.IsSpace takes for spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// Check is the clipping's rules, as (field, catalogue key) pairs; the
// database holds the same.
func (c Clipping) Check() [][2]string {
	var out [][2]string
	if c.OutletID == 0 {
		out = append(out, [2]string{"outlet_id", "monitoring.clipping.outlet_required"})
	}
	if c.URL != "" && !webAddress(c.URL) {
		out = append(out, [2]string{"url", "monitoring.clipping.url_invalid"})
	}
	return out
}

// webAddress tells whether s is an http or https address the database
// takes.
func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}

// Topic is one of the topics the department sorts coverage by.
type Topic struct {
	ID      int64
	Name    string
	Active  bool
	Version int
	Uses    int // clippings of the topic
}

// MaxTopicName is the longest topic name.
const MaxTopicName = 100

// urlKey is the address as duplicates are compared by; "" for none.
func urlKey(u string) string {
	if u == "" {
		return ""
	}
	k, err := NormalizeURL(u)
	if err != nil {
		return ""
	}
	return k
}
