package petitions

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
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
	// othersWords are the dictionary words each of others starts; nil for
	// one that starts too many to look up.
	othersWords [][]string
	none        bool // a search word starts no word of any name: nothing matches
	scan        bool // every search word starts too many words: filter the names
}

// resolveName looks f.Name up, once, before the list's queries are built.
func resolveName(ctx context.Context, q db.Querier, f *ListFilter) error {
	if f.Name == "" || f.name != nil {
		return nil
	}
	n, _, err := lookUpName(ctx, q, f.Name)
	f.name = n
	return err
}

// resolveNumber looks f.Number up in the numbers' index, once, before the
// list's queries are built: up to lookUpLimit+1 matches in the index's
// order, so that a start no number has (a year or an index with no
// submissions yet) finds nothing at once instead of the list walking the
// whole registry by date for it.
func resolveNumber(ctx context.Context, q db.Querier, f *ListFilter) error {
	if f.Number == "" || f.number != nil {
		return nil
	}
	var lq listQuery
	lq.add(numberStartsCondition, f.Number)
	var ids []int64
	if err := q.QueryRow(ctx, `select array(select p.id from petitions p where `+lq.clause()+`
		order by (p.reg_number collate "C") limit `+limitOf(int(lookUpLimit.Load())+1)+`)`, lq.args...).Scan(&ids); err != nil {
		return err
	}
	f.number = lookedUpOf(ids)
	return nil
}

// lookUpName finds what the search text stands for, and the dictionary's
// revision it was found at.
func lookUpName(ctx context.Context, q db.Querier, text string) (*nameSearch, int64, error) {
	rows, _ := q.Query(ctx, `select r.n, w, array(select d.word from petition_name_dictionary d
			where d.word >= w collate "C" and d.word < (w || chr(1114111)) collate "C"
			order by d.word limit `+limitOf(maxNameExpansion+1)+`)
		from revisions r
		left join lateral petition_name_words_of(lower(prdesk_unaccent($1))) w on true
		where r.name = 'petition_name_dictionary'`, text)
	var found []expansion
	var revision int64
	var word *string
	var words []string
	if _, err := pgx.ForEachRow(rows, []any{&revision, &word, &words}, func() error {
		if word != nil {
			found = append(found, expansion{*word, words})
		}
		return nil
	}); err != nil {
		return nil, 0, err
	}
	return nameSearchOf(found), revision, nil
}

type expansion struct {
	word  string   // a search word
	words []string // the dictionary words it starts
}

func nameSearchOf(found []expansion) *nameSearch {
	n := &nameSearch{}
	if len(found) == 0 {
		// Nothing but punctuation: no word to match.
		n.none = true
		return n
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
		for _, x := range found[1:] {
			var words []string
			if len(x.words) <= maxNameExpansion {
				words = x.words
			}
			n.othersWords = append(n.othersWords, words)
		}
	}
	return n
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

// byNameSQL is the rows of a list sorted by receipt for a name search:
// each dictionary word's submissions come newest first from the name words'
// index, at most limit of each, and the newest limit of them all make the page.
func (q *listQuery) byNameSQL(f ListFilter, after *Cursor, limit int, cols string) string {
	if after != nil {
		q.addCond(`(t.received_at, t.petition_id) < (%s, %s)`, after.Time, after.ID)
	}
	// Conditions on the submission need its row; without them the name
	// words' index alone gives each word's newest.
	from := `petition_name_words t`
	if q.onSubmission {
		from += ` join petitions p on p.id = t.petition_id`
	}
	lim := limitOf(limit)
	if len(f.name.driver) == 1 {
		// The usual case, a whole surname: one index range in order, and a
		// statement PostgreSQL plans once.
		q.addCond(`t.word = %s`, f.name.driver[0])
		return `select ` + cols + `
			from petition_name_words t join petitions p on p.id = t.petition_id
			left join users u on u.id = p.addressee_id
			where ` + q.clause() + `
			order by t.received_at desc, t.petition_id desc limit ` + lim
	}
	words := q.arg(f.name.driver)
	return `select ` + cols + `
		from (select distinct m.petition_id
			from unnest(` + words + `::text[]) w(word)
			cross join lateral (select t.petition_id
				from ` + from + `
				where t.word = w.word and ` + q.clause() + `
				order by t.received_at desc, t.petition_id desc limit ` + lim + `) m) m
		join petitions p on p.id = m.petition_id
		left join users u on u.id = p.addressee_id
		order by p.received_at desc, p.id desc limit ` + lim
}

// queueCountByName is the count of a name search: the name words' index
// counts a word's submissions without reading them, where nothing else narrows.
func (q *listQuery) queueCountByName(b *pgx.Batch, f ListFilter, out *Count) {
	if len(f.name.driver) == 1 && !q.onSubmission && len(q.where) == 0 {
		// One whole word and nothing else: the dictionary knows, exactly.
		b.Queue(`select coalesce((select n from petition_name_dictionary where word = $1), 0)`,
			f.name.driver[0]).QueryRow(func(row pgx.Row) error {
			return row.Scan(&out.N)
		})
		return
	}
	from := `petition_name_words t`
	if q.onSubmission {
		from += ` join petitions p on p.id = t.petition_id`
	}
	bound := limitOf(CountBound + 1)
	var sql string
	if len(f.name.driver) == 1 {
		// One word holds each submission once.
		q.addCond(`t.word = %s`, f.name.driver[0])
		sql = `select count(*) from (select 1 from ` + from + ` where ` + q.clause() + ` limit ` + bound + `) c`
	} else {
		// Several words may share a submission (a name of two words the
		// search word starts), so the count is of distinct submissions. Each
		// word gives at most the bound's worth: if one word alone has more,
		// so has the whole; if none has, every match was counted.
		words := q.arg(f.name.driver)
		sql = `select count(*) from (select distinct m.petition_id from unnest(` + words + `::text[]) w(word)
			cross join lateral (select t.petition_id from ` + from + `
				where t.word = w.word and ` + q.clause() + ` limit ` + bound + `) m) c`
	}
	b.Queue(sql, q.args...).QueryRow(func(row pgx.Row) error {
		var n int64
		err := row.Scan(&n)
		*out = bounded(n)
		return err
	})
}

// maxCachedNames bounds the kept name searches; past it, they start afresh.
const maxCachedNames = 2000
