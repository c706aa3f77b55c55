package petitions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// PrivacySource is the registry's part of a data subject's request: the
// submissions registered with the person's name, personal code, e-mail or
// phone.
func PrivacySource(d Deps) privacy.Source { return privacySource{store: NewStore(d)} }

type privacySource struct{ store *Store }

func (privacySource) Area() string { return "area.petitions" }

// Find reads the submissions of the person, each key through its own
// index (the code's, the e-mail's, the name's trigrams, the phone's
// digits), newest first.
func (src privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	type hit struct {
		id         int64
		receivedAt time.Time
		keys       []privacy.Key
	}
	hits := map[int64]*hit{}
	limit := privacy.Limit + 1
	for _, k := range p.Given() {
		var rows pgx.Rows
		switch k {
		case privacy.ByCode:
			rows, _ = q.Query(ctx, `select id, received_at from petitions where person_code = $1
				order by received_at desc, id desc limit $2`, p.Code, limit)
		case privacy.ByEmail:
			rows, _ = q.Query(ctx, `select id, received_at from petitions where lower(person_email) = lower($1) and person_email <> ''
				order by received_at desc, id desc limit $2`, p.Email, limit)
		case privacy.ByPhone:
			rows, _ = q.Query(ctx, `select id, received_at from petitions
				where person_phone <> '' and regexp_replace(person_phone, '[^0-9]', '', 'g') = any($1)
				order by received_at desc, id desc limit $2`, p.PhoneForms(), limit)
		case privacy.ByName:
			// Every word of the lookup is a word of the registered name, in
			// any order, regardless of case and diacritics; the longest word
			// narrows the search through the trigram index first.
			longest := ""
			for _, w := range strings.FieldsFunc(p.Name, privacy.NameSeparator) {
				if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
					longest = w
				}
			}
			rows, _ = q.Query(ctx, `select id, received_at from petitions
				where search_name like '%' || lower(prdesk_unaccent($2)) || '%'
				  and regexp_split_to_array(search_name, '[[:space:]-]+') @>
				      regexp_split_to_array(lower(prdesk_unaccent(trim($1))), '[[:space:]-]+')
				order by received_at desc, id desc limit $3`, p.Name, listLikeEscape(longest), limit)
		default:
			continue
		}
		var id int64
		var at time.Time
		_, err := pgx.ForEachRow(rows, []any{&id, &at}, func() error {
			h := hits[id]
			if h == nil {
				h = &hit{id: id, receivedAt: at}
				hits[id] = h
			}
			h.keys = append(h.keys, k)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("petitions: privacy lookup by %s: %w", k, err)
		}
	}
	ordered := make([]*hit, 0, len(hits))
	for _, h := range hits {
		ordered = append(ordered, h)
	}
	slices.SortFunc(ordered, func(a, b *hit) int {
		if c := b.receivedAt.Compare(a.receivedAt); c != 0 {
			return c
		}
		return int(b.id - a.id)
	})
	if len(ordered) > limit {
		ordered = ordered[:limit]
	}
	out := make([]privacy.Record, 0, len(ordered))
	for _, h := range ordered {
		pt, err := src.store.Get(ctx, q, h.id)
		if err != nil {
			return nil, err
		}
		r := privacy.Record{
			Kind: DocTypeName(ctx, pt.DocType), ID: pt.ID, Number: pt.RegNumber, Date: pt.ReceivedAt,
			Summary: pt.Subject, Link: petitionPath(pt.ID), Matched: h.keys, Fields: privacyFields(ctx, pt),
		}
		if full {
			d, err := src.store.cardOf(ctx, q, pt, Actor{})
			if err != nil {
				return nil, err
			}
			r.Sections = privacySections(ctx, newCardView(d, src.store.now()))
		}
		out = append(out, r)
	}
	return out, nil
}
