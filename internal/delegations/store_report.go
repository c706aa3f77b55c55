package delegations

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// ReportOf is the delegation's report; an empty one (Version 0) while none
// is written.
func (s *Store) ReportOf(ctx context.Context, id int64) (VisitReport, error) {
	r := VisitReport{DelegationID: id}
	err := s.pool.QueryRow(ctx, `select agreed, press_url, album_url, submitted_at, version from delegation_reports
		where delegation_id = $1`, id).Scan(&r.Agreed, &r.PressURL, &r.AlbumURL, &r.SubmittedAt, &r.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	return r, err
}

// SaveReport saves the report (r.Version as the form was drawn: 0 for the
// first) and, when submit, hands it to the executive director: each
// active director's account gets a mail through the outbox in the same
// transaction.
func (s *Store) SaveReport(ctx context.Context, r VisitReport, submit bool, baseURL string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := delegation(ctx, tx, r.DelegationID)
		if err != nil {
			return err
		}
		var submitted any
		if submit {
			submitted = s.now()
		}
		var tag interface{ RowsAffected() int64 }
		if r.Version == 0 {
			t, err := tx.Exec(ctx, `insert into delegation_reports (delegation_id, agreed, press_url, album_url, submitted_at,
					created_at, updated_at, created_by)
				values ($1, $2, $3, $4, $5, $6, $6, $7) on conflict (delegation_id) do nothing`,
				r.DelegationID, r.Agreed, r.PressURL, r.AlbumURL, submitted, s.now(), audit.ActorID(ctx))
			if err != nil {
				return err
			}
			tag = t
		} else {
			t, err := tx.Exec(ctx, `update delegation_reports set agreed = $3, press_url = $4, album_url = $5,
					submitted_at = coalesce($6, submitted_at), updated_at = $7, version = version + 1
				where delegation_id = $1 and version = $2`, r.DelegationID, r.Version, r.Agreed, r.PressURL, r.AlbumURL, submitted, s.now())
			if err != nil {
				return err
			}
			tag = t
		}
		if tag.RowsAffected() == 0 {
			return errs.FieldConflict("agreed", "errors.conflict")
		}
		if !submit {
			return audit.Record(ctx, tx, entry(d.ID, "report_save", "saglabāts pārskats par vizīti"))
		}
		rows, err := tx.Query(ctx, `select email, full_name from users where active and 'director' = any(roles) and email <> '' order by id`)
		if err != nil {
			return err
		}
		type to struct{ email, name string }
		directors, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (to, error) {
			var t to
			err := row.Scan(&t.email, &t.name)
			return t, err
		})
		if err != nil {
			return err
		}
		for _, t := range directors {
			m := mail.Message{To: t.email, ToName: t.name, Entity: "delegation", EntityID: d.ID,
				Subject: "Pārskats par vizīti: " + d.Title,
				Body: "Labdien!\n\nSabiedrisko attiecību un mārketinga nodaļa ir sagatavojusi pārskatu par vizīti „" + d.Title +
					"” (" + periodText(d) + ").\n\nPārskats: " + baseURL + reportURL(d.ID) + "\n\nAr cieņu\nSabiedrisko attiecību un mārketinga nodaļa\n"}
			if s.jobs != nil {
				if _, err := mail.Enqueue(ctx, tx, s.jobs, m); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, entry(d.ID, "report_submit", "pārskats nodots izpilddirektoram (vēstules: %d)", len(directors)))
	})
}

const followUpColumns = `a.id, a.delegation_id, a.text, a.owner_id, coalesce((select u.full_name from users u where u.id = a.owner_id), ''),
	a.due_on, a.done_on, a.version`

func collectFollowUps(rows pgx.Rows, err error) ([]FollowUp, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (FollowUp, error) {
		var f FollowUp
		err := row.Scan(&f.ID, &f.DelegationID, &f.Text, &f.OwnerID, &f.Owner, &f.DueOn, &f.DoneOn, &f.Version)
		return f, err
	})
}

// FollowUps are the delegation's follow-up actions by due date.
func (s *Store) FollowUps(ctx context.Context, id int64) ([]FollowUp, error) {
	return collectFollowUps(s.pool.Query(ctx, `select `+followUpColumns+` from delegation_actions a where a.delegation_id = $1
		order by a.done_on nulls first, a.due_on, a.id`, id))
}

// AddFollowUp adds a follow-up action to its delegation.
func (s *Store) AddFollowUp(ctx context.Context, f FollowUp) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := delegation(ctx, tx, f.DelegationID); err != nil {
			return err
		}
		if f.OwnerID != nil {
			if err := isUser(ctx, tx, *f.OwnerID, "owner_id"); err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `insert into delegation_actions (delegation_id, text, owner_id, due_on, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $5, $6) returning id`, f.DelegationID, f.Text, f.OwnerID, f.DueOn, s.now(), audit.ActorID(ctx)).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(f.DelegationID, "followup_add", "pievienota turpmākā darbība #%d (termiņš %s)", id, f.DueOn.Format("02.01.2006.")))
	})
	return id, err
}

// DoneFollowUp marks a follow-up action done today.
func (s *Store) DoneFollowUp(ctx context.Context, delegationID, id int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update delegation_actions set done_on = $4, updated_at = $5, version = version + 1
			where id = $1 and delegation_id = $2 and version = $3`, id, delegationID, version, s.today(), s.now())
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(delegationID, "followup_done", "izpildīta turpmākā darbība #%d", id))
	})
}

// OverdueFollowUps counts the follow-up actions not done by their due date.
func (s *Store) OverdueFollowUps(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from delegation_actions where done_on is null and due_on < $1`, s.today()).Scan(&n)
	return n, err
}
