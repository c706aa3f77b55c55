package petitions

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
)

// maxNameExpansion is how many dictionary words one search word may stand
// for before the list stops looking words up and filters names instead: a
// word of a letter or two starts hundreds of names, and then so many rows
// match that walking the list in order finds a page at once.
const maxNameExpansion = 100

// nameSearch is a name filter looked up in the dictionary of name words
// (migration 00021): every search word must start a word of the name.
type nameSearch struct {
	words  []string // the search words, as the names are kept (lower case, no diacritics)
	driver []string // the dictionary words the most selective search word starts
	others []string // the other search words
	none   bool     // a search word starts no word of any name: nothing matches
	scan   bool     // every search word starts too many words: filter the names
}

// resolveName looks f.Name up, once, before the list's queries are built.
func resolveName(ctx context.Context, q Querier, f *ListFilter) error {
	if f.Name == "" || f.name != nil {
		return nil
	}
	rows, _ := q.Query(ctx, `select w, array(select d.word from petition_name_dictionary d
			where d.word >= w collate "C" and d.word < (w || chr(1114111)) collate "C"
			order by d.word limit $2)
		from petition_name_words_of(lower(prdesk_unaccent($1))) w`, f.Name, maxNameExpansion+1)
	type expansion struct {
		word  string
		words []string
	}
	var found []expansion
	var e expansion
	if _, err := pgx.ForEachRow(rows, []any{&e.word, &e.words}, func() error {
		found = append(found, e)
		return nil
	}); err != nil {
		return err
	}
	n := &nameSearch{}
	f.name = n
	if len(found) == 0 {
		// Nothing but punctuation: no word to match.
		n.none = true
		return nil
	}
	// The driver is the word that stands for the fewest dictionary words;
	// of those, the longest.
	slices.SortStableFunc(found, func(a, b expansion) int {
		if len(a.words) != len(b.words) {
			return len(a.words) - len(b.words)
		}
		return len(b.word) - len(a.word)
	})
	for _, x := range found {
		n.words = append(n.words, x.word)
	}
	switch first := found[0]; {
	case len(first.words) == 0:
		n.none = true
	case len(first.words) > maxNameExpansion:
		n.scan = true
	default:
		n.driver = first.words
		n.others = n.words[1:]
	}
	return nil
}

// byNameWords tells whether the list's rows come through the name words.
func (f ListFilter) byNameWords() bool {
	return f.name != nil && len(f.name.driver) > 0
}

// nameCondition adds the driving word as a condition on p, for the orders
// and counts the name words' index does not serve.
func (q *listQuery) nameCondition(f ListFilter) {
	if f.byNameWords() {
		q.add(`p.id in (select n.petition_id from petition_name_words n where n.word = any(%s))`, f.name.driver)
	}
}

// listByName is List sorted by receipt for a name search: each dictionary
// word's submissions come newest first from the name words' index, at most
// limit of each, and the newest limit of them all make the page.
func (s *Store) listByName(ctx context.Context, q listQuery, f ListFilter, after *Cursor, limit int) ([]ListRow, error) {
	if after != nil {
		q.add(`(t.received_at, t.petition_id) < (%s, %s)`, after.Time, after.ID)
	}
	words, lim := q.arg(f.name.driver), q.arg(limit)
	rows, _ := s.pool.Query(ctx, `select `+listColumns+`
		from (select distinct m.petition_id
			from unnest(`+words+`::text[]) w(word)
			cross join lateral (select t.petition_id
				from petition_name_words t join petitions p on p.id = t.petition_id
				where t.word = w.word and `+q.clause()+`
				order by t.received_at desc, t.petition_id desc limit `+lim+`) m) m
		join petitions p on p.id = m.petition_id
		left join users u on u.id = p.addressee_id
		order by p.received_at desc, p.id desc limit `+lim, q.args...)
	return pgx.CollectRows(rows, scanListRow)
}

// countByName is Count for a name search: the name words' index counts a
// word's submissions without reading them, where nothing else narrows.
func (s *Store) countByName(ctx context.Context, q listQuery, f ListFilter) (Count, error) {
	from := `petition_name_words t`
	cond := `t.word = any(` + q.arg(f.name.driver) + `)`
	if len(q.where) > 0 {
		from += ` join petitions p on p.id = t.petition_id`
		cond += ` and ` + q.clause()
	}
	// A name with two words that a search word starts is one submission:
	// counted once when the count is exact.
	var rows, distinct int64
	err := s.pool.QueryRow(ctx, `select count(*), count(distinct petition_id)
		from (select t.petition_id from `+from+` where `+cond+` limit `+q.arg(CountBound+1)+`) c`,
		q.args...).Scan(&rows, &distinct)
	if rows > CountBound {
		return Count{N: CountBound, More: true}, err
	}
	return Count{N: distinct}, err
}
