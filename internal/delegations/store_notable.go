package delegations

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// Upcoming is a delegation as another area's list names it: no names of
// people.
type Upcoming struct {
	ID               int64
	Title            string
	Country, City    string
	StartsOn, EndsOn time.Time // civil dates
	Status           Status
}

// UpcomingIn are the delegations and visits not cancelled whose days
// overlap [from, to), the earliest first, at most limit: what the head's
// reports to the director list as coming.
func UpcomingIn(ctx context.Context, pool *pgxpool.Pool, from, to time.Time, limit int) ([]Upcoming, error) {
	rows, _ := pool.Query(ctx, `select id, title, country, city, starts_on, ends_on, status from delegations
		where status <> 'cancelled' and starts_on < $2::date and ends_on >= $1::date
		order by starts_on, id limit $3`, calendar.DateOf(from), calendar.DateOf(to), limit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Upcoming, error) {
		var u Upcoming
		err := row.Scan(&u.ID, &u.Title, &u.Country, &u.City, &u.StartsOn, &u.EndsOn, &u.Status)
		return u, err
	})
}
