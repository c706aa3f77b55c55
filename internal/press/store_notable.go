package press

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EventBrief is a press event as another area's list names it.
type EventBrief struct {
	ID               int64
	Title            string
	Place, Room      string
	StartsAt, EndsAt time.Time
}

// EventsIn are the press conferences and media events not cancelled that
// start in [from, to), the earliest first, at most limit: what the head's
// reports to the director list as coming.
func EventsIn(ctx context.Context, pool *pgxpool.Pool, from, to time.Time, limit int) ([]EventBrief, error) {
	rows, _ := pool.Query(ctx, `select id, title, place, room, starts_at, ends_at from press_events
		where status <> 'cancelled' and starts_at >= $1 and starts_at < $2
		order by starts_at, id limit $3`, from, to, limit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (EventBrief, error) {
		var e EventBrief
		err := row.Scan(&e.ID, &e.Title, &e.Place, &e.Room, &e.StartsAt, &e.EndsAt)
		return e, err
	})
}
