package monitoring

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// A data subject's request finds the clippings a person wrote: the
// author's name as the publication gave it. (A journalist or an official
// picked from the directory is the directory's to answer for: its card
// lists the clippings they are in.)

// PrivacySource is the area's part of a data subject's request.
func PrivacySource(Deps) privacy.Source { return privacySource{} }

type privacySource struct{}

func (privacySource) Area() string { return "area.monitoring" }

// Find lists the clippings whose author is the person's name, every word
// of it in any order, newest first. The full-text index narrows the
// million clippings to those with the words anywhere; the author is
// checked on those.
func (privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	ts := TSQuery(p.Name)
	if p.Name == "" || ts == "" {
		return nil, nil
	}
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	rows, _ := q.Query(ctx, `select c.id, c.title, c.author, c.published_at, c.url, k.name
		from monitoring_clippings c
		join contacts o on o.id = c.outlet_id
		join contacts k on k.id = coalesce(o.merged_into, o.id)
		where c.search @@ to_tsquery('simple', $1)
		  and regexp_split_to_array(lower(prdesk_unaccent(c.author)), '[^[:alnum:]]+') @>
		      regexp_split_to_array(lower(prdesk_unaccent(trim($2))), '[^[:alnum:]]+')
		order by c.published_at desc, c.id desc limit $3`, ts, p.Name, privacy.Limit+1)
	var out []privacy.Record
	var id int64
	var title, author, url, outlet string
	var at time.Time
	_, err := pgx.ForEachRow(rows, []any{&id, &title, &author, &at, &url, &outlet}, func() error {
		r := privacy.Record{Kind: t("monitoring.privacy.kind"), ID: id, Number: t("monitoring.card.heading", id), Date: at,
			Summary: title, Link: "/monitoring/" + strconv.FormatInt(id, 10), Matched: []privacy.Key{privacy.ByName},
			Fields: []privacy.Field{{Label: t("monitoring.clipping.author"), Value: author}}}
		if full {
			r.Sections = []privacy.Section{{Title: t("monitoring.privacy.kind"), Fields: []privacy.Field{
				{Label: t("monitoring.clipping.title"), Value: title},
				{Label: t("monitoring.clipping.outlet"), Value: outlet},
				{Label: t("monitoring.list.col_published"), Value: i18n.DateTime(at)},
				{Label: t("monitoring.clipping.url"), Value: url},
			}}}
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("monitoring: privacy lookup: %w", err)
	}
	return out, nil
}
