package monitoring

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Dimension is what the clippings of a period are grouped by.
type dimension struct {
	// from joins, to the period's clippings, what they are grouped by,
	// group; join joins what a group (g.key) is named by, key and name.
	from, group, join, key, name string
}

// A dimension's groups are counted on the period's clippings first (by
// the id it is read by, and tone), then named: a month's 40 000 clippings
// are grouped by some sixty outlets before any name is read, and their
// topics and mentions are found one clipping at a time by the links'
// primary keys (offset 0 keeps the planner from hashing all the links of
// all time instead).
var (
	// An outlet merged into another counts as the one kept.
	byOutlet = dimension{``, `c.outlet_id`,
		`join contacts o on o.id = g.key join contacts k on k.id = coalesce(o.merged_into, o.id)`, `k.id`, `k.name`}
	byType  = dimension{``, `c.media_type`, ``, `0::bigint`, `g.key`}
	byTopic = dimension{` cross join lateral (select t.topic_id from monitoring_clipping_topics t where t.clipping_id = c.id offset 0) l`,
		`l.topic_id`, `join monitoring_topics k on k.id = g.key`, `k.id`, `k.name`}
	byMention = dimension{` cross join lateral (select m.contact_id from monitoring_mentions m where m.clipping_id = c.id offset 0) l`,
		`l.contact_id`, `join contacts o on o.id = g.key join contacts k on k.id = coalesce(o.merged_into, o.id)`, `k.id`, `k.name`}
)

// sql is the query of the groups of the clippings where picks: (id, name,
// tone, count, reach) rows.
func (d dimension) sql(where string) string {
	return `select ` + d.key + `, ` + d.name + `, g.tone, sum(g.n)::int, sum(g.reach)::bigint from (
			select ` + d.group + ` as key, c.tone, count(*) n, coalesce(sum(c.reach), 0) reach
			from monitoring_clippings c` + d.from + ` where ` + where + ` group by 1, 2) g ` + d.join + `
		group by 1, 2, 3`
}

// Figures counts the clippings q's filters pick for period p (q's own From
// and To are set to p's): in all and by tone, over time by step, and by
// outlet, media type, topic and contact mentioned. One round trip.
func (s *Store) Figures(ctx context.Context, q ListQuery, p Period, step Step) (Figures, error) {
	q.From, q.To = p.From, p.To
	f := Figures{Period: p, Tones: map[Tone]int{}, Trend: Buckets(p, step)}
	where, args := q.where(nil)
	var b pgx.Batch
	b.Queue(`select c.tone, count(*), coalesce(sum(c.reach), 0) from monitoring_clippings c where `+where+` group by c.tone`,
		args...).Query(func(rows pgx.Rows) error {
		var tone Tone
		var n int
		var reach int64
		_, err := pgx.ForEachRow(rows, []any{&tone, &n, &reach}, func() error {
			f.Tones[tone] += n
			f.Total += n
			f.Reach += reach
			return nil
		})
		return err
	})
	// The buckets are found by their start, as the database cuts the
	// instants into Riga's days, weeks and months.
	at := map[int64]int{}
	for i, bk := range f.Trend {
		at[stepStart(bk.From, step).Unix()] = i
	}
	targs := append(slices.Clone(args), string(step))
	b.Queue(`select date_trunc($`+strconv.Itoa(len(targs))+`, c.published_at, 'Europe/Riga'), c.tone, count(*)
		from monitoring_clippings c where `+where+` group by 1, 2`, targs...).Query(func(rows pgx.Rows) error {
		var start time.Time
		var tone Tone
		var n int
		_, err := pgx.ForEachRow(rows, []any{&start, &tone, &n}, func() error {
			if i, ok := at[start.Unix()]; ok {
				f.Trend[i].Tones[tone] += n
				f.Trend[i].Total += n
			}
			return nil
		})
		return err
	})
	for _, d := range []struct {
		dim dimension
		out *[]Group
	}{{byOutlet, &f.Outlets}, {byType, &f.Types}, {byTopic, &f.Topics}, {byMention, &f.Mentions}} {
		b.Queue(d.dim.sql(where), args...).Query(func(rows pgx.Rows) error {
			var err error
			*d.out, err = collectGroups(rows)
			return err
		})
	}
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return f, err
	}
	for i := range f.Types {
		f.Types[i].Key, f.Types[i].Name = f.Types[i].Name, ""
	}
	return f, nil
}

// collectGroups reads (id, name, tone, count, reach) rows into groups,
// the most clippings first, then by name.
func collectGroups(rows pgx.Rows) ([]Group, error) {
	var out []Group
	index := map[string]int{}
	var id int64
	var name string
	var tone Tone
	var n int
	var reach int64
	_, err := pgx.ForEachRow(rows, []any{&id, &name, &tone, &n, &reach}, func() error {
		k := strconv.FormatInt(id, 10) + "\x00" + name
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, Group{ID: id, Name: name, Tones: map[Tone]int{}})
		}
		out[i].Tones[tone] += n
		out[i].Total += n
		out[i].Reach += reach
		return nil
	})
	slices.SortStableFunc(out, func(a, b Group) int {
		if a.Total != b.Total {
			return b.Total - a.Total
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, err
}

// TopRead are the period's clippings with the largest reach, at most n.
func (s *Store) TopRead(ctx context.Context, p Period, n int) ([]Clipping, error) {
	// The most read are found among the period's clippings in the index
	// of the period's figures, and only they are read whole.
	rows, _ := s.pool.Query(ctx, `select `+listColumns+` from monitoring_clippings c
		where c.id in (select c.id from monitoring_clippings c
		               where c.published_at >= $1 and c.published_at < $2 and c.reach is not null
		               order by c.reach desc, c.published_at desc, c.id desc limit $3)
		order by c.reach desc, c.published_at desc, c.id desc`, p.From, p.To, n)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Clipping, error) { return scanClipping(row) })
}

// NegativeIn are the period's negative clippings, oldest first, at most n.
func (s *Store) NegativeIn(ctx context.Context, p Period, n int) ([]Clipping, error) {
	rows, _ := s.pool.Query(ctx, `select `+listColumns+` from monitoring_clippings c
		where c.tone = 'negative' and c.published_at >= $1 and c.published_at < $2
		order by c.published_at, c.id limit $3`, p.From, p.To, n)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Clipping, error) { return scanClipping(row) })
}

// Choice is a record a filter offers.
type Choice struct {
	ID   int64
	Name string
}

// MentionedChoices are the contacts clippings mention most (at most 300),
// by name: the units and officials the trends can be narrowed to.
func (s *Store) MentionedChoices(ctx context.Context) ([]Choice, error) {
	rows, _ := s.pool.Query(ctx, `select id, name from (
			select k.id, k.name, count(*) n from monitoring_mentions m
			join contacts o on o.id = m.contact_id join contacts k on k.id = coalesce(o.merged_into, o.id)
			group by k.id, k.name order by n desc, k.id limit 300) top
		order by name collate "lv-x-icu", id`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Choice, error) {
		var c Choice
		err := row.Scan(&c.ID, &c.Name)
		return c, err
	})
}
