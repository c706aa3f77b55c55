package contacts

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ListFilter narrows the directory; zero values do not filter.
type ListFilter struct {
	Q        string // words that must each begin a word of the name, organisation, e-mail or phone
	Kind     Kind
	OrgType  OrgType // an organisation's type; a person's current organisation's
	Tag      string
	Country  string
	Topic    string
	Language string
	OptedOut bool // only those who asked for no mailings
}

// Cursor is where a page of the list ends: the sort key and id of its last row.
type Cursor struct {
	Key string
	ID  int64
}

// String is the cursor as a link carries it.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.ID, 10) + ":" + c.Key))
}

// ParseCursor reads a cursor from a link; ok is false for a garbled one.
func ParseCursor(s string) (Cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, false
	}
	id, key, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 {
		return Cursor{}, false
	}
	return Cursor{Key: key, ID: n}, true
}

// ListRow is one line of the directory.
type ListRow struct {
	ID           int64
	Kind         Kind
	Name         string
	NameOriginal string
	OrgType      OrgType
	Country      string
	City         string
	Position     string
	OrgID        int64  // a person's current organisation, 0 when none
	OrgName      string // its name
	Emails       []string
	Phones       []string
	Tags         []string
	OptOut       bool
	Active       bool
	SortKey      string
}

// PageSize is how many contacts a page of the list shows.
const PageSize = 50

// where appends the filter's conditions to the query q, its values to args.
func (f ListFilter) where(q *strings.Builder, args *[]any) {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	terms := searchTerms(f.Q)
	if len(terms) > MaxSearchWords {
		terms = terms[:MaxSearchWords]
	}
	for _, alts := range terms {
		q.WriteString(" and (")
		for i, a := range alts {
			if i > 0 {
				q.WriteString(" or ")
			}
			q.WriteString("c.search like " + arg("% "+a+"%"))
		}
		q.WriteString(")")
	}
	if f.Kind != "" {
		q.WriteString(" and c.kind = " + arg(string(f.Kind)))
	}
	if f.OrgType != "" {
		p := arg(string(f.OrgType))
		q.WriteString(" and (c.org_type = " + p + ` or (c.kind = 'person' and exists(
			select 1 from contact_memberships m join contacts o on o.id = m.org_id
			where m.person_id = c.id and m.ends_on is null and o.org_type = ` + p + `)))`)
	}
	if f.Tag != "" {
		q.WriteString(" and c.tags @> array[" + arg(f.Tag) + "::text]")
	}
	if f.Country != "" {
		q.WriteString(" and c.country = " + arg(f.Country))
	}
	if f.Topic != "" {
		q.WriteString(" and c.topics @> array[" + arg(f.Topic) + "::text]")
	}
	if f.Language != "" {
		q.WriteString(" and c.languages @> array[" + arg(f.Language) + "::text]")
	}
	if f.OptedOut {
		q.WriteString(" and c.opt_out")
	}
}

// List reads a page of the directory in the order of the sort key (a
// person by surname, an organisation by name, as Latvian sorts them),
// after the cursor; next is the cursor of the following page, nil on the
// last one.
func (s *Store) List(ctx context.Context, f ListFilter, after *Cursor, limit int) (rows []ListRow, next *Cursor, err error) {
	var q strings.Builder
	args := []any{}
	q.WriteString(`
		select c.id, c.kind, c.name, c.name_original, coalesce(c.org_type, ''), c.country, c.city, c.position,
		       coalesce(o.id, 0), coalesce(o.name, ''), c.emails, c.phones, c.tags, c.opt_out, c.active, c.sort_key
		from contacts c
		left join lateral (
		    select o.id, o.name from contact_memberships m join contacts o on o.id = m.org_id
		    where c.kind = 'person' and m.person_id = c.id and m.ends_on is null
		    order by m.starts_on desc nulls last, m.id desc limit 1) o on true
		where c.merged_into is null`)
	f.where(&q, &args)
	if after != nil {
		args = append(args, after.Key, after.ID)
		q.WriteString(" and (c.sort_key, c.id) > ($" + strconv.Itoa(len(args)-1) + ", $" + strconv.Itoa(len(args)) + ")")
	}
	args = append(args, limit+1)
	q.WriteString(" order by c.sort_key, c.id limit $" + strconv.Itoa(len(args)))
	r, _ := s.pool.Query(ctx, q.String(), args...)
	rows, err = pgx.CollectRows(r, func(r pgx.CollectableRow) (ListRow, error) {
		var l ListRow
		err := r.Scan(&l.ID, &l.Kind, &l.Name, &l.NameOriginal, &l.OrgType, &l.Country, &l.City, &l.Position,
			&l.OrgID, &l.OrgName, &l.Emails, &l.Phones, &l.Tags, &l.OptOut, &l.Active, &l.SortKey)
		return l, err
	})
	if err != nil {
		return nil, nil, err
	}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		next = &Cursor{Key: last.SortKey, ID: last.ID}
	}
	return rows, next, nil
}

// Count is how many contacts a filter finds, up to a bound.
type Count struct {
	N    int64
	More bool // more than N
}

// CountBound is where the list stops counting.
const CountBound = 1000

// Count counts the contacts the filter finds, up to CountBound.
func (s *Store) Count(ctx context.Context, f ListFilter) (Count, error) {
	var q strings.Builder
	args := []any{}
	q.WriteString(`select count(*) from (select 1 from contacts c where c.merged_into is null`)
	f.where(&q, &args)
	args = append(args, CountBound+1)
	q.WriteString(" limit $" + strconv.Itoa(len(args)) + ") s")
	var n int64
	if err := s.pool.QueryRow(ctx, q.String(), args...).Scan(&n); err != nil {
		return Count{}, err
	}
	if n > CountBound {
		return Count{N: CountBound, More: true}, nil
	}
	return Count{N: n}, nil
}
