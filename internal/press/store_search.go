package press

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the press area's part of the one search across PR Desk: the
// releases the list's search finds for q (every word in the title or the
// texts, diacritic-blind, through the trigram index), and the press
// conferences and media events whose title (their topic) holds every
// word (the same way, through the events' own index); the latest first
// (a release by its last change, an event by its start), at most limit.
// Both open to whoever opens the area (area.press). An event's hit says
// its kind and place, and that it was cancelled, in the language of ctx.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	var b pgx.Batch
	var hits []search.Hit
	words, others, args := ListQuery{Q: q}.where(nil)
	b.Queue(`select r.id, r.title, r.updated_at from press_releases r
		where `+words+` and `+others+` order by r.updated_at desc, r.id desc limit `+strconv.Itoa(limit), args...).
		Query(func(rows pgx.Rows) error {
			var id int64
			var h search.Hit
			_, err := pgx.ForEachRow(rows, []any{&id, &h.Title, &h.When}, func() error {
				h.Link, h.Ref = "/press/"+strconv.FormatInt(id, 10), search.IDRef(id)
				hits = append(hits, h)
				return nil
			})
			return err
		})
	cond, eargs := eventSearchWords(q)
	b.Queue(`select e.id, e.kind, e.title, e.place, e.status, e.starts_at from press_events e
		where `+cond+` order by e.starts_at desc, e.id desc limit `+strconv.Itoa(limit), eargs...).
		Query(func(rows pgx.Rows) error {
			var id int64
			var kind, place, status string
			var h search.Hit
			_, err := pgx.ForEachRow(rows, []any{&id, &kind, &h.Title, &place, &status, &h.When}, func() error {
				h.Detail = i18n.T(ctx, "press.event.kind."+kind) + " · " + place
				if EventStatus(status) == EventCancelled {
					h.Detail += " · " + i18n.T(ctx, "press.event.status.cancelled")
				}
				h.Link, h.Ref = eventURL(id), "event #"+strconv.FormatInt(id, 10)
				hits = append(hits, h)
				return nil
			})
			return err
		})
	if err := pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(hits, func(a, b search.Hit) int { return b.When.Compare(a.When) })
	return hits[:min(len(hits), limit)], nil
}

// eventSearchWords is the condition that every word of q (up to maxWords) is in
// an event's folded title, and its arguments; no words, no event.
func eventSearchWords(q string) (string, []any) {
	var conds []string
	var args []any
	for i, word := range strings.Fields(q) {
		if i == maxWords {
			break
		}
		args = append(args, likeEscaper.Replace(word))
		conds = append(conds, `e.search like '%' || lower(prdesk_unaccent($`+strconv.Itoa(len(args))+`)) || '%'`)
	}
	if len(conds) == 0 {
		return "false", nil
	}
	return strings.Join(conds, " and "), args
}
