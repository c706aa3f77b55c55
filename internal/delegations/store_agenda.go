package delegations

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
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

// QueueAgendaItems queues the programme items of any delegation that the official
// takes part in (as one of our participants, by their account) and that
// overlap [from, to). An official without an account has none.
//
// A programme item lasts at most a day (the table's check), so one that
// overlaps the window starts less than a day before it, and the start's
// index finds the window's items however many the official has had. The
// official's places in delegations are read first (the CTE), as the
// statement's cached generic plan cannot tell how many an account has.
func QueueAgendaItems(b *pgx.Batch, o agenda.Official, from, to time.Time) agenda.Pending {
	var out []agenda.Item
	if o.UserID == 0 || !from.Before(to) {
		return agenda.Filled(&out)
	}
	b.Queue(`
		with mine as materialized (select id, delegation_id from delegation_people where user_id = $1)
		select p.id, p.delegation_id, p.activity, d.title as delegation, p.starts_at, p.ends_at, p.place
		from mine
		join delegation_programme p on p.delegation_id = mine.delegation_id
		join delegations d on d.id = p.delegation_id
		where d.status <> 'cancelled' and p.starts_at < $3 and p.ends_at > $2
		  and p.starts_at > $2::timestamptz - interval '24 hours'
		  and exists (select 1 from delegation_programme_people pp where pp.item_id = p.id and pp.person_id = mine.id)
		order by p.starts_at, p.id`, o.UserID, from, to).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, pgx.RowToStructByName[agendaRow])
		for _, r := range list {
			out = append(out, agenda.Item{
				Area: "delegations", Kind: agenda.Programme, ID: r.ID,
				Title: r.Activity + " — " + r.Delegation, Start: r.Start, End: r.End, Place: r.Place,
				Href: fmt.Sprintf("/delegations/%d/programme", r.DelegationID), Perm: auth.AreaDelegations,
			})
		}
		return err
	})
	return agenda.Filled(&out)
}
