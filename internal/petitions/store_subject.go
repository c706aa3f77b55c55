package petitions

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
)

// personSearch looks a person up for a data subject's request and writes
// the search to the audit log in the same transaction: the key's kind and
// the submissions found, never the key itself. more tells that the limit
// cut the list.
func (s *Store) personSearch(ctx context.Context, pq personQuery) (matches []personMatch, more bool, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		matches, more, err = personRequest(ctx, tx, pq, "search")
		return err
	})
	return matches, more, err
}

// personExtract reads everything the registry holds about a person, each
// submission as its card shows it, and writes the disclosure to the audit
// log in the same transaction.
func (s *Store) personExtract(ctx context.Context, pq personQuery) (cards []cardData, more bool, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		matches, m, err := personRequest(ctx, tx, pq, "export")
		if err != nil {
			return err
		}
		more = m
		for _, match := range matches {
			p, err := s.Get(ctx, tx, match.ID)
			if err != nil {
				return err
			}
			d, err := s.cardOf(ctx, tx, p, Actor{})
			if err != nil {
				return err
			}
			cards = append(cards, d)
		}
		return nil
	})
	return cards, more, err
}

// byGenitive names the key in the audit log's Latvian sentence.
var byGenitive = map[personBy]string{byCode: "personas koda", byName: "vārda un uzvārda", byEmail: "e-pasta adreses"}

// personRequest finds the person inside tx and writes the audit entry.
func personRequest(ctx context.Context, tx pgx.Tx, pq personQuery, action string) ([]personMatch, bool, error) {
	matches, err := findPerson(ctx, tx, pq)
	if err != nil {
		return nil, false, err
	}
	more := len(matches) > personMatchLimit
	if more {
		matches = matches[:personMatchLimit]
	}
	numbers := make([]string, len(matches))
	for i, m := range matches {
		numbers[i] = m.RegNumber
	}
	what := "meklēšana"
	if action == "export" {
		what = "izraksts PDF"
	}
	return matches, more, record(ctx, tx, "person_request", "", action,
		map[string]any{"by": pq.By, "found": len(matches), "reg_numbers": numbers, "more": more},
		"Datu subjekta pieprasījums: %s pēc %s, iesniegumi: %d", what, byGenitive[pq.By], len(matches))
}

// findPerson lists the submissions of one person, newest first, at most
// personMatchLimit+1 so the caller can tell there are more. A name matches
// when each of its words is a word of the registered name, regardless of
// order, case and diacritics ("berzina zane" finds "Zane Bērziņa"); the
// longest word narrows the search through the trigram index first.
func findPerson(ctx context.Context, q db.Querier, pq personQuery) ([]personMatch, error) {
	const cols = `select id, reg_number, received_at, doc_type, state, subject, person_name, person_code, person_email
		from petitions `
	tail := fmt.Sprintf(` order by received_at desc, id desc limit %d`, personMatchLimit+1)
	var rows pgx.Rows
	switch pq.By {
	case byCode:
		rows, _ = q.Query(ctx, cols+`where person_code = $1`+tail, pq.Q)
	case byEmail:
		rows, _ = q.Query(ctx, cols+`where lower(person_email) = lower($1) and person_email <> ''`+tail, pq.Q)
	case byName:
		longest := ""
		for _, w := range strings.FieldsFunc(pq.Q, nameSeparator) {
			if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
				longest = w
			}
		}
		rows, _ = q.Query(ctx, cols+`
			where search_name like '%' || lower(prdesk_unaccent($2)) || '%'
			  and regexp_split_to_array(search_name, '[[:space:]-]+') @>
			      regexp_split_to_array(lower(prdesk_unaccent(trim($1))), '[[:space:]-]+')`+tail,
			pq.Q, listLikeEscape(longest))
	default:
		return nil, fmt.Errorf("person lookup by %q", pq.By)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[personMatch])
}
