package delegations

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
)

type agendaRow struct {
	ID           int64     `db:"id"`
	DelegationID int64     `db:"delegation_id"`
	Activity     string    `db:"activity"`
	Delegation   string    `db:"delegation"`
	Start        time.Time `db:"starts_at"`
	End          time.Time `db:"ends_at"`
	Place        string    `db:"place"`
}

// AgendaItems are the programme items of any delegation that the official
// takes part in (as one of our participants, by their account) and that
// overlap [from, to). An official without an account has none.
func AgendaItems(ctx context.Context, pool db.Querier, o agenda.Official, from, to time.Time) ([]agenda.Item, error) {
	if o.UserID == 0 || !from.Before(to) {
		return nil, nil
	}
	rows, _ := pool.Query(ctx, `
		select p.id, p.delegation_id, p.activity, d.title as delegation, p.starts_at, p.ends_at, p.place
		from delegation_people dp
		join delegation_programme_people pp on pp.person_id = dp.id
		join delegation_programme p on p.id = pp.item_id
		join delegations d on d.id = p.delegation_id
		where dp.user_id = $1 and d.status <> 'cancelled' and p.starts_at < $3 and p.ends_at > $2
		order by p.starts_at, p.id`, o.UserID, from, to)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[agendaRow])
	if err != nil {
		return nil, err
	}
	out := make([]agenda.Item, 0, len(list))
	for _, r := range list {
		out = append(out, agenda.Item{
			Area: "delegations", Kind: agenda.Programme, ID: r.ID,
			Title: r.Activity + " — " + r.Delegation, Start: r.Start, End: r.End, Place: r.Place,
			Href: fmt.Sprintf("/delegations/%d/programme", r.DelegationID), Perm: auth.AreaDelegations,
		})
	}
	return out, nil
}
