package awards

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Retention: a nomination's personal data (the nominee's and nominator's
// names as typed, birth date, personal code, e-mail, justification and
// documents) are removed when RetentionYears have passed since the end of
// its round's year. A laureate's nomination keeps what the register shows
// (the name, from the directory or as typed, and the sentence) and loses
// the rest. The declarations and scores stay: they name no one.

// RetentionPreview is what a run as of now would remove.
type RetentionPreview struct {
	Years      int
	Version    int
	Due        int // nominations whose data would go
	Laureates  int // of them laureates, whose register entry stays
	BeforeYear int // rounds of years before this one
	AsOf       time.Time
}

func (s *Store) retentionYears(ctx context.Context, q db.Querier) (int, int, error) {
	var y, v int
	err := q.QueryRow(ctx, `select retention_years, version from award_settings where id = 1`).Scan(&y, &v)
	return y, v, err
}

const retentionWhere = ` from award_nominations n join award_rounds r on r.id = n.round_id
	where n.personal_data_removed_at is null and r.year < $1 and r.status in ('decided', 'awarded')`

// Preview counts what a run as of now would remove.
func (s *Store) Preview(ctx context.Context, now time.Time) (RetentionPreview, error) {
	y, v, err := s.retentionYears(ctx, s.pool)
	if err != nil {
		return RetentionPreview{}, err
	}
	p := RetentionPreview{Years: y, Version: v, AsOf: now, BeforeYear: now.In(time.UTC).Year() - y}
	err = s.pool.QueryRow(ctx, `select count(*), count(*) filter (where n.laureate)`+retentionWhere, p.BeforeYear).Scan(&p.Due, &p.Laureates)
	return p, err
}

// SetRetentionYears saves the period (version as the form was drawn).
func (s *Store) SetRetentionYears(ctx context.Context, years, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, _, err := s.retentionYears(ctx, tx)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `update award_settings set retention_years = $1, version = version + 1, updated_at = $3
			where id = 1 and version = $2`, years, version, s.now())
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return errs.FieldConflict("years", "errors.conflict")
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_retention", EntityID: "award_retention_settings", Action: "update",
			Summary: fmt.Sprintf("Izvirzīšanu personas datu glabāšanas termiņš: %d → %d gadi", old, years),
			Details: audit.Diff([][3]any{{"retention_years", old, years}})})
	})
}

// RemoveExpired removes, as of asOf, the personal data of the nominations
// past the period, in one transaction with the audit entry of its counts.
func (s *Store) RemoveExpired(ctx context.Context, asOf time.Time) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		y, _, err := s.retentionYears(ctx, tx)
		if err != nil {
			return err
		}
		before := asOf.In(time.UTC).Year() - y
		rows, err := tx.Query(ctx, `select n.id, n.laureate, n.nominee_contact_id, n.nominator_contact_id`+retentionWhere+` for update of n`, before)
		if err != nil {
			return err
		}
		type due struct {
			id                 int64
			laureate           bool
			nominee, nominator *int64
		}
		ds, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (due, error) {
			var d due
			return d, row.Scan(&d.id, &d.laureate, &d.nominee, &d.nominator)
		})
		if err != nil {
			return err
		}
		laureates := 0
		for _, d := range ds {
			if d.laureate {
				laureates++
				// The register keeps the name and the sentence.
				_, err = tx.Exec(ctx, `update award_nominations set nominee_birth_date = null, nominee_personal_code = '',
					nominator_contact_id = null, nominator_name = '', nominator_email = '', justification = '',
					personal_data_removed_at = $2, updated_at = $2, version = version + 1 where id = $1`, d.id, asOf)
			} else {
				_, err = tx.Exec(ctx, `update award_nominations set nominee_contact_id = null, nominee_name = '', name_key = '',
					nominee_birth_date = null, nominee_personal_code = '', nominator_contact_id = null, nominator_name = '',
					nominator_email = '', justification = '', citation = '', consent_nominated = false, consent_publish = false,
					consent_on = null, personal_data_removed_at = $2, updated_at = $2, version = version + 1 where id = $1`, d.id, asOf)
			}
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `delete from award_nomination_files where nomination_id = $1`, d.id); err != nil {
				return err
			}
			if s.contacts != nil {
				ref := strconv.FormatInt(d.id, 10)
				if d.nominator != nil {
					if err := s.contacts.ForgetUse(ctx, tx, *d.nominator, "awards", "nominator", ref); err != nil {
						return err
					}
				}
				if d.nominee != nil && !d.laureate {
					if err := s.contacts.ForgetUse(ctx, tx, *d.nominee, "awards", "nominee", ref); err != nil {
						return err
					}
				}
			}
		}
		n = len(ds)
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_retention", EntityID: "award_retention_run", Action: "award_retention",
			Summary: fmt.Sprintf("Izvirzīšanu personas dati dzēsti: %d (no tām laureātu: %d), kārtas pirms %d. gada", n, laureates, before),
			Details: map[string]any{"nominations": n, "laureates": laureates, "before_year": before}})
	})
	return n, err
}
