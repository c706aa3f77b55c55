package visitors

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the visitors' part of the one search across PR Desk: the
// bookings whose visitor's name has every word of q as a whole word, in
// any order, regardless of case and diacritics, as a data subject's
// request finds them (visit_bookings_name_words_idx), latest first, at
// most limit.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	rows, _ := pool.Query(ctx, `select `+bookingColumns+`
		from visit_bookings b join visit_officials o on o.id = b.official_id
		where `+nameMatch("b.visitor_name", 1)+`
		order by lower(b.slot) desc, b.id desc limit $2`, q, limit)
	bs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Booking])
	if err != nil {
		return nil, err
	}
	hits := make([]search.Hit, len(bs))
	for i, b := range bs {
		hits[i] = search.Hit{Title: b.VisitorName, Detail: b.OfficialName, When: b.Start,
			Link: "/visitors/bookings/" + strconv.FormatInt(b.ID, 10), Ref: search.IDRef(b.ID)}
	}
	return hits, nil
}
