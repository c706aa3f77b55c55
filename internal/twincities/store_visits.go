package twincities

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
)

// DelegationVisit is a delegation to or from a partner city, as another
// area (the delegations) tells of it: the log has one line of kind Visit
// for it on the city's agreement, from the day it is confirmed.
type DelegationVisit struct {
	// Key names the visit once: the same key is always the same line.
	Key     string
	OrgID   *int64 // the host or guest organisation in the directory
	Country string
	City    string
	On      time.Time
	Title   string
	Link    string // the delegation's page
	// State is the visit's: planned until it is done (Happened), or
	// cancelled.
	State LogState
	// Add adds the line when the key has none (a visit confirmed, under
	// way or done). Without it only a line already there follows the
	// visit: one cancelled before it was confirmed adds nothing.
	Add bool
}

// RecordVisit keeps, in tx (the caller's transaction), the visit's line in
// the cooperation log. The first time (v.Add) it goes to the agreement in
// force whose partner municipality is the visit's organisation, or,
// failing that, whose city and country are the visit's; after that the
// line's state and date follow the visit, and what people wrote in it is
// kept. It reports whether the log changed: a visit of no twin city, or
// one whose line already says the same, changes nothing.
func RecordVisit(ctx context.Context, tx pgx.Tx, v DelegationVisit, now time.Time) (bool, error) {
	if v.State == "" {
		v.State = Happened
	}
	var id, agreement int64
	var state LogState
	var on time.Time
	err := tx.QueryRow(ctx, `select id, agreement_id, state, happened_on from twin_log where idempotency_key = $1 for update`, v.Key).
		Scan(&id, &agreement, &state, &on)
	switch {
	case err == nil:
		if state == v.State && on.Equal(v.On) {
			return false, nil
		}
		if _, err := tx.Exec(ctx, `update twin_log set state = $2, happened_on = $3, updated_at = $4, version = version + 1 where id = $1`,
			id, v.State, v.On, now); err != nil {
			return false, err
		}
		ae := entry(agreement, "log_update", "sadarbības žurnāla ieraksts #%d („%s”, %s, %s) no delegāciju sadaļas", id,
			lvText("twincities.kind."+string(Visit)), v.On.Format("02.01.2006."), lvText("twincities.log.state."+string(v.State)))
		ae.Details = map[string]any{"log_id": id, "state": v.State, "happened_on": v.On.Format(time.DateOnly), "link_url": v.Link}
		return true, audit.Record(ctx, tx, ae)
	case !errors.Is(err, pgx.ErrNoRows):
		return false, err
	case !v.Add:
		return false, nil
	}
	err = tx.QueryRow(ctx, `select id from twin_agreements
		where status in ('active', 'dormant')
		  and (($1::bigint is not null and partner_org_id = $1)
		       or ($2 <> '' and country = $3 and (lower(city) = lower($2) or lower(city_original) = lower($2))))
		order by (partner_org_id = $1) desc nulls last, id limit 1 for share`, v.OrgID, strings.TrimSpace(v.City), v.Country).Scan(&agreement)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	err = tx.QueryRow(ctx, `insert into twin_log (agreement_id, kind, happened_on, field, participants, result, link_url,
			idempotency_key, state, created_at, updated_at, created_by)
		values ($1, 'visit', $2, 'other', '', $3, $4, $5, $6, $7, $7, $8)
		on conflict (idempotency_key) do nothing returning id`,
		agreement, v.On, truncate(v.Title, 2000), v.Link, v.Key, v.State, now, audit.ActorID(ctx)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ae := entry(agreement, "log_add", "sadarbības žurnālā pievienots ieraksts #%d („%s”, %s, %s) no delegāciju sadaļas", id,
		lvText("twincities.kind."+string(Visit)), v.On.Format("02.01.2006."), lvText("twincities.log.state."+string(v.State)))
	ae.Details = map[string]any{"log_id": id, "state": v.State, "link_url": v.Link}
	return true, audit.Record(ctx, tx, ae)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
