package twincities

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
)

// DelegationVisit is a delegation to or from a partner city, as another area (the
// delegations) tells of it: the log gets a line of kind Visit for it on
// the city's agreement.
type DelegationVisit struct {
	// Key names the visit once: the same key adds no second line.
	Key     string
	OrgID   *int64 // the host or guest organisation in the directory
	Country string
	City    string
	On      time.Time
	Title   string
	Link    string // the delegation's page
}

// RecordVisit adds, in tx (the caller's transaction), the visit to the
// cooperation log of the agreement in force whose partner municipality is
// the visit's organisation, or, failing that, whose city and country are
// the visit's. It reports whether a line was added: a visit of no twin
// city, or one logged before under the same key, adds none.
func RecordVisit(ctx context.Context, tx pgx.Tx, v DelegationVisit, now time.Time) (bool, error) {
	var agreement int64
	err := tx.QueryRow(ctx, `select id from twin_agreements
		where status in ('active', 'dormant')
		  and (($1::bigint is not null and partner_org_id = $1)
		       or ($2 <> '' and country = $3 and (lower(city) = lower($2) or lower(city_original) = lower($2))))
		order by (partner_org_id = $1) desc nulls last, id limit 1 for share`, v.OrgID, strings.TrimSpace(v.City), v.Country).Scan(&agreement)
	if err == pgx.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	key := v.Key
	var id int64
	err = tx.QueryRow(ctx, `insert into twin_log (agreement_id, kind, happened_on, field, participants, result, link_url,
			idempotency_key, created_at, updated_at, created_by)
		values ($1, 'visit', $2, 'other', '', $3, $4, $5, $6, $6, $7)
		on conflict (idempotency_key) do nothing returning id`,
		agreement, v.On, truncate(v.Title, 2000), v.Link, key, now, audit.ActorID(ctx)).Scan(&id)
	if err == pgx.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ae := entry(agreement, "log_add", "sadarbības žurnālā pievienots ieraksts #%d („%s”, %s) no delegāciju sadaļas", id,
		lvText("twincities.kind."+string(Visit)), v.On.Format("02.01.2006."))
	ae.Details = map[string]any{"log_id": id, "link_url": v.Link}
	return true, audit.Record(ctx, tx, ae)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
