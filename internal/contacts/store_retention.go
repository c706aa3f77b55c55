package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// RetentionKey is the settings row holding the directory's two periods.
const RetentionKey = "contacts.retention"

// Bounds of the periods staff may set, in years; the defaults are those of
// migration 00105.
const (
	DefaultConsentYears = 3
	DefaultIdleYears    = 5
	MinRetentionYears   = 1
	MaxRetentionYears   = 20
)

// Retention is the directory's retention setting with its version, for
// the form: consent is asked again after ConsentYears; a person nobody has
// used or updated for IdleYears goes.
type Retention struct {
	ConsentYears int `json:"consent_years"`
	IdleYears    int `json:"idle_years"`
	Version      int `json:"-"`
}

// Cutoffs are the moments before which a consent, and a person's last use
// or change, have lapsed at asOf.
func (r Retention) Cutoffs(asOf time.Time) (consent, idle time.Time) {
	l := asOf.In(i18n.Riga)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(-r.ConsentYears, 0, 0), asOf.AddDate(-r.IdleYears, 0, 0)
}

// Retention reads the setting; a missing row is the default.
func (s *Store) Retention(ctx context.Context) (Retention, error) { return retentionOf(ctx, s.pool) }

func retentionOf(ctx context.Context, q db.Querier) (Retention, error) {
	r := Retention{ConsentYears: DefaultConsentYears, IdleYears: DefaultIdleYears}
	var raw []byte
	err := q.QueryRow(ctx, `select value, version from settings where key = $1`, RetentionKey).Scan(&raw, &r.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("contacts: %s: %w", RetentionKey, err)
	}
	return r, nil
}

// SetRetention stores both periods if the setting is still at r.Version,
// with its audit entry. Periods out of bounds are refused beside their
// field, and a setting changed since the form was drawn beside the first.
func (s *Store) SetRetention(ctx context.Context, r Retention) error {
	for _, f := range []struct {
		field string
		n     int
	}{{"consent_years", r.ConsentYears}, {"idle_years", r.IdleYears}} {
		if f.n < MinRetentionYears || f.n > MaxRetentionYears {
			return errs.Field(f.field, "field.out_of_range", i18n.Number(MinRetentionYears), i18n.Number(MaxRetentionYears))
		}
	}
	value, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := retentionOf(ctx, tx)
		if err != nil {
			return err
		}
		err = db.Versioned(tx.Exec(ctx, `
			insert into settings (key, value, version, updated_at, updated_by) values ($1, $3, 1, now(), $4)
			on conflict (key) do update set value = excluded.value, version = settings.version + 1,
			    updated_at = now(), updated_by = excluded.updated_by
			where settings.version = $2`, RetentionKey, r.Version, value, audit.ActorID(ctx)))
		if errors.Is(err, errs.Conflict) {
			return errs.FieldConflict("consent_years", "errors.conflict")
		} else if err != nil {
			return err
		}
		e := audit.Entry{Entity: "setting", EntityID: RetentionKey, Action: "update",
			Summary: fmt.Sprintf("Kontaktu personas datu glabāšanas termiņš: piekrišana %d g., neizmantoti %d g.", r.ConsentYears, r.IdleYears)}
		e.Details = audit.Diff([][3]any{{"consent_years", before.ConsentYears, r.ConsentYears}, {"idle_years", before.IdleYears, r.IdleYears}})
		return audit.Record(ctx, tx, e)
	})
}

// Lapsed is a person whose personal data a run would remove, and why.
type Lapsed struct {
	ID          int64
	Name        string
	Reason      string // "consent" or "idle"
	ConsentDate *time.Time
	LastActive  time.Time // the last change or use
	OptOut      bool
}

// Preview is what a run at AsOf would remove: the counts of each reason
// and the people, the first RetentionShown of them.
type Preview struct {
	AsOf      time.Time
	Retention Retention
	Consent   int
	Idle      int
	People    []Lapsed
}

// Total is how many people the run would concern.
func (p Preview) Total() int { return p.Consent + p.Idle }

// RetentionShown caps the people the preview lists; the counts are whole.
const RetentionShown = 500

// lapsedQuery reads the people whose basis has lapsed: persons still kept
// (not merged away, not removed already, or written into again since)
// whose consent was given before
// $1, or whose record was last changed and last used before $2 and whom no
// other area's record holds (HoldUses). The
// reason is "consent" when the consent lapsed, "idle" otherwise.
const lapsedQuery = `
	select c.id, c.name, case when c.legal_basis = 'consent' and c.consent_date < $1::date then 'consent' else 'idle' end,
	       c.consent_date, greatest(c.updated_at, u.last_use), c.opt_out
	from contacts c
	left join lateral (select max(at) as last_use from contact_uses where contact_id = c.id) u on true
	where c.kind = 'person' and c.merged_into is null
	  and (c.personal_data_removed_at is null or c.updated_at > c.personal_data_removed_at)
	  and ((c.legal_basis = 'consent' and c.consent_date < $1::date)
	       or (c.updated_at < $2 and coalesce(u.last_use, c.updated_at) < $2
	           and not exists(select 1 from contact_uses h where h.contact_id = c.id and h.held)))
	order by c.id`

func lapsed(ctx context.Context, q db.Querier, r Retention, asOf time.Time, limit int) ([]Lapsed, error) {
	consent, idle := r.Cutoffs(asOf)
	sql := lapsedQuery
	if limit > 0 {
		sql += fmt.Sprintf(" limit %d", limit)
	}
	rows, _ := q.Query(ctx, sql, consent, idle)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Lapsed, error) {
		var l Lapsed
		err := row.Scan(&l.ID, &l.Name, &l.Reason, &l.ConsentDate, &l.LastActive, &l.OptOut)
		return l, err
	})
}

// RetentionPreview counts and lists who a run at asOf would concern.
func (s *Store) RetentionPreview(ctx context.Context, asOf time.Time) (Preview, error) {
	p := Preview{AsOf: asOf}
	var err error
	if p.Retention, err = s.Retention(ctx); err != nil {
		return p, err
	}
	consent, idle := p.Retention.Cutoffs(asOf)
	err = s.pool.QueryRow(ctx, `select count(*) filter (where reason = 'consent'), count(*) filter (where reason = 'idle')
		from (`+lapsedQuery+`) l(id, name, reason, consent_date, last_active, opt_out)`, consent, idle).Scan(&p.Consent, &p.Idle)
	if err != nil {
		return p, err
	}
	p.People, err = lapsed(ctx, s.pool, p.Retention, asOf, RetentionShown)
	return p, err
}

// Erased is what one run removed.
type Erased struct {
	Consent int `json:"consent"`
	Idle    int `json:"idle"`
	Merged  int `json:"merged"` // records merged into them, cleared with them
}

// Total is how many people a run removed the data of.
func (e Erased) Total() int { return e.Consent + e.Idle }

// eraseBatch is how many people one transaction clears.
const eraseBatch = 500

// EraseLapsed removes the personal data of every person whose basis has
// lapsed at asOf, attributed to the user of ctx or to the system: name,
// original name, form of address, position, address, city, languages,
// topics, e-mails, phones, preferred channel, tags, notes, consent's scope
// and the source; the records merged into them lose the same. What stays:
// the row and its id (named "Dzēsta persona #id"), the legal basis and
// consent's date, the opt-out and its date (a person who asked for no
// mailings stays asked), the memberships and the uses other areas
// recorded, so that their links still lead to the record. Each batch of
// people is one transaction with an audit entry for each person; the run's
// counts are one more entry at the end.
func (s *Store) EraseLapsed(ctx context.Context, asOf time.Time) (Erased, error) {
	var res Erased
	r, err := s.Retention(ctx)
	if err != nil {
		return res, err
	}
	now := s.now()
	for {
		var done int
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			due, err := lapsed(ctx, tx, r, asOf, eraseBatch)
			if err != nil {
				return err
			}
			done = len(due)
			if done == 0 {
				return nil
			}
			ids := make([]int64, len(due))
			for i, l := range due {
				ids[i] = l.ID
			}
			tag, err := tx.Exec(ctx, `
				update contacts set name = 'Dzēsta persona #' || id, given_name = '', family_name = '',
				    name_original = '', form_of_address = '', position = '', address = '', city = '', languages = '{}',
				    topics = '{}', emails = '{}', phones = '{}', preferred_channel = null, tags = '{}', notes = '',
				    consent_scope = '', source = '', personal_data_removed_at = $2, version = version + 1, updated_at = $2
				where kind = 'person' and (id = any($1) or merged_into = any($1))`, ids, now)
			if err != nil {
				return fmt.Errorf("contacts: erase: %w", err)
			}
			res.Merged += int(tag.RowsAffected()) - len(ids)
			for _, l := range due {
				if l.Reason == "consent" {
					res.Consent++
				} else {
					res.Idle++
				}
				e := entry("contact", l.ID, "anonymize", "Kontaktpersonas #%d personas dati dzēsti: %s", l.ID, reasonWord(l.Reason))
				e.Details = map[string]any{"reason": l.Reason}
				if err := audit.Record(ctx, tx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		if done < eraseBatch {
			break
		}
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		e := audit.Entry{Entity: "contact_retention", EntityID: now.Unix(), Action: "anonymize",
			Summary: fmt.Sprintf("Kontaktu personas datu dzēšana (piekrišana %d g., neizmantoti %d g.): %d ar beigušos piekrišanu, %d neizmantoti",
				r.ConsentYears, r.IdleYears, res.Consent, res.Idle)}
		e.Details = res
		return audit.Record(ctx, tx, e)
	})
	return res, err
}

func reasonWord(reason string) string {
	if reason == "consent" {
		return "beigusies piekrišana"
	}
	return "ilgi neizmantota"
}

// LastRetentionRun is the audit entry of the last run, if any.
type LastRetentionRun struct {
	At      time.Time
	Actor   string
	Summary string
}

func (s *Store) lastRetentionRun(ctx context.Context) (*LastRetentionRun, error) {
	var l LastRetentionRun
	err := s.pool.QueryRow(ctx, `select a.created_at, a.actor_name, a.summary from audit_log a
		where a.entity = 'contact_retention' and a.action = 'anonymize' order by a.id desc limit 1`).Scan(&l.At, &l.Actor, &l.Summary)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &l, err
}

// ScheduleRetention hands a run as of asOf to the job client, in the name
// of the user of ctx.
func (s *Store) ScheduleRetention(ctx context.Context, client *jobs.Client, asOf time.Time) error {
	args := RetentionArgs{AsOf: asOf}
	if u := auth.UserFrom(ctx); u != nil {
		args.UserID = u.ID
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := client.InsertTx(ctx, tx, args, nil)
		return err
	})
}
