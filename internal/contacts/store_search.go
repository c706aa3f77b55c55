package contacts

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A search of the directory finds its contacts through contact_words
// (migration 00103): every word of every contact's search text, in byte
// order, so that the contacts whose words begin with a typed word are one
// range of its index. Prepare counts each typed word's matches there, up
// to rareWords. A search with a rare word reads that word's contacts by id
// and sorts them (a few thousand at most); a search of common words only
// walks the list's order, where a match is near, and checks each contact's
// search text as it goes.

// rareWords is how many contacts a word may match and still be read by id:
// above it, walking the list's order finds a page sooner than sorting the
// matches.
var rareWords = 2000

// textPlan is a search looked up in the words' index.
type textPlan struct {
	none   bool // a word matches no contact: nothing is found
	rare   int  // the word whose contacts are read by id; -1 when every word is common
	rarest int  // the word with the fewest matches
	// ids, when byIDs, are the contacts that every word matches (the
	// words are each common, together rare).
	ids   []int64
	byIDs bool
	// prefix: the rarest word's contacts are read in the list's order
	// from the index of the words' first letters (prefixRows).
	prefix bool
	// filtered: the filter alone finds few contacts (filterRows at
	// most) through its own indexes; the words are checked on those.
	filtered bool
	// nearest, when above 0, reads by id only the first this many
	// contacts of the rarest word in the index's order (the words closest
	// to what was typed first): the lookup's quick answer.
	nearest int
	// firstContacts, for a search of one word and nothing else, is how
	// many contacts the word's first countRows index rows name (Count's
	// "more than" without reading them again); 0 when not read.
	firstContacts int
}

// prefixLen is how many first letters of a word contact_words_prefix_idx
// holds: a search word at least this long reads its contacts from there.
const prefixLen = 3

// usePrefix: the index of the words' first letters is read (tests turn
// it off to try the other ways).
var usePrefix = true

// prefixed tells whether every alternative of a search word is long
// enough for the index of the words' first letters.
func prefixed(alts []string) bool {
	if !usePrefix {
		return false
	}
	for _, a := range alts {
		if utf8.RuneCountInString(a) < prefixLen {
			return false
		}
	}
	return true
}

// terms are the alternatives each word of the search may begin (the word,
// and for a Cyrillic word its Latin spelling), at most MaxSearchWords.
func (f ListFilter) terms() [][]string {
	terms := searchTerms(f.Q)
	if len(terms) > MaxSearchWords {
		terms = terms[:MaxSearchWords]
	}
	return terms
}

// wordsCond is the condition that a row w of contact_words begins with one
// of alts: a range of the index for each ("berz" ≤ word < "berz\U0010FFFF",
// which no word reaches: no word holds that character).
func wordsCond(q *query, alts []string) string {
	var b strings.Builder
	b.WriteString("(")
	for i, a := range alts {
		if i > 0 {
			b.WriteString(" or ")
		}
		b.WriteString("(w.word >= " + q.arg(a) + " and w.word < " + q.arg(a+"\U0010FFFF") + ")")
	}
	b.WriteString(")")
	return b.String()
}

// Prepare looks the search's words up in the words' index, once for a page
// and its count (List and Count do it themselves for a filter that has not
// been prepared).
func (s *Store) Prepare(ctx context.Context, f ListFilter) (ListFilter, error) {
	terms := f.terms()
	if f.text != nil || len(terms) == 0 {
		return f, nil
	}
	var q query
	q.WriteString("select array[")
	for i, alts := range terms {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(select count(*) from (select 1 from contact_words w where " + wordsCond(&q, alts) +
			" limit " + strconv.Itoa(rareWords+1) + ") s)")
	}
	q.WriteString("]::int[]")
	var counts []int
	firstContacts := 0
	if len(terms) == 1 && f.onlyText() && f.nearest == 0 {
		// The list counts one word's contacts among its first index rows
		// (Count): read once for both.
		q = query{}
		q.WriteString("select least(count(*), " + strconv.Itoa(rareWords+1) + ")::int, count(distinct contact_id)::int from (select w.contact_id from contact_words w where " +
			wordsCond(&q, terms[0]) + " limit " + strconv.Itoa(max(countRows, rareWords+1)) + ") s")
		counts = make([]int, 1)
		if err := s.pool.QueryRow(ctx, q.String(), q.args...).Scan(&counts[0], &firstContacts); err != nil {
			return f, err
		}
	} else if err := s.pool.QueryRow(ctx, q.String(), q.args...).Scan(&counts); err != nil {
		return f, err
	}
	f.text = planOf(counts)
	f.text.firstContacts = firstContacts
	if len(terms) > 1 && f.text.rare < 0 && !f.text.none {
		// Two common words ("skaidrite berzina"): the contacts both
		// match, from the words' index alone, when they are few.
		var q query
		q.WriteString("select array(")
		for i, alts := range terms {
			if i > 0 {
				q.WriteString(" intersect ")
			}
			q.WriteString("select w.contact_id from contact_words w where " + wordsCond(&q, alts))
		}
		q.WriteString(" limit " + strconv.Itoa(rareWords+1) + ")")
		var ids []int64
		if err := s.pool.QueryRow(ctx, q.String(), q.args...).Scan(&ids); err != nil {
			return f, err
		}
		switch {
		case len(ids) == 0:
			f.text.none = true
		case len(ids) <= rareWords:
			f.text = &textPlan{rare: -1, rarest: f.text.rarest, ids: ids, byIDs: true}
		}
	}
	if t := f.text; t.rare < 0 && !t.none && !t.byIDs && f.nearest == 0 {
		// Common words and a filter that picks a few ("q=sia&country=LT"):
		// the filter's few, checked for the words, rather than the
		// words' thousands checked for the filter.
		narrow, err := s.narrowFilter(ctx, f)
		if err != nil {
			return f, err
		}
		if narrow {
			f.text = &textPlan{rare: -1, rarest: t.rarest, filtered: true}
		}
	}
	return f, nil
}

// filterRows is how many contacts a filter may pick and still be read
// before the search's words are checked.
var filterRows = 10000

// narrowFilter tells whether the parts of f's filter that have an index of
// their own (type, country, tag, topic, language, opted out; migrations
// 00125 and 00126) pick about filterRows contacts or fewer, as the
// planner's statistics say. Counting them costs what it saves: the 25 000
// people at media outlets took 25-200 ms to count to 10 001 through their
// index, the statistics a millisecond. A wrong guess costs time, never a
// wrong answer: either path finds the same contacts.
func (s *Store) narrowFilter(ctx context.Context, f ListFilter) (bool, error) {
	g := ListFilter{OrgType: f.OrgType, Country: f.Country, Tag: f.Tag, Topic: f.Topic, Language: f.Language, OptedOut: f.OptedOut}
	if g == (ListFilter{}) {
		return false, nil
	}
	var q query
	q.WriteString("explain (format json) select 1 from contacts c where c.merged_into is null")
	g.where(&q)
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := s.pool.QueryRow(ctx, q.String(), q.args...).Scan(&plan); err != nil {
		return false, err
	}
	return len(plan) == 1 && plan[0].Plan.Rows <= float64(filterRows), nil
}

// planOf is the plan for words whose matches number counts (each at most
// rareWords+1).
func planOf(counts []int) *textPlan {
	p := &textPlan{rare: -1}
	for i, n := range counts {
		if n == 0 {
			p.none = true
		}
		if n < counts[p.rarest] {
			p.rarest = i
		}
	}
	if counts[p.rarest] <= rareWords {
		p.rare = p.rarest
	}
	return p
}
