package visitors

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// The waiting list is derived on read rather than pushed on cancel: an
// entry is waiting until it is taken off by hand (or by the retention of
// visitors' details, see Anonymize) or the person holds a
// booking with the official made after they joined (matched by phone or
// e-mail); and the slot offered to the first waiting person is simply the
// nearest free slot of the official. A cancelled or moved booking frees its
// slot, so it is offered from the next read of the list, whoever freed it
// and however, without the cancelling code having to know about the list;
// a session added later serves the list the same way.

// waiting is the condition of an entry still waiting. An entry whose
// details were removed after the retention period waits no more. The phone
// and the e-mail are matched apart, each with the condition of its partial
// index on visit_bookings spelled out, so each waiting person costs two
// index probes rather than a pass over the official's bookings.
const waiting = `w.removed_at is null and w.anonymized_at is null
	and not exists (select 1 from visit_bookings b
		where w.phone <> '' and b.phone <> '' and b.official_id = w.official_id and b.phone = w.phone
		  and b.created_at >= w.created_at)
	and not exists (select 1 from visit_bookings b
		where w.email <> '' and b.email <> '' and b.official_id = w.official_id and lower(b.email) = lower(w.email)
		  and b.created_at >= w.created_at)`

const waitColumns = `id, official_id, visitor_name, phone, email, topic, version, created_at`

// Waitlist lists the people waiting for official, first come first.
func (s *Store) Waitlist(ctx context.Context, officialID int64) ([]WaitEntry, error) {
	rows, _ := s.pool.Query(ctx, `
		select `+waitColumns+` from visit_waitlist w where official_id = $1 and `+waiting+` order by created_at, id`, officialID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[WaitEntry])
}

// WaitEntry reads one entry of a waiting list, waiting or not.
func (s *Store) WaitEntry(ctx context.Context, id int64) (WaitEntry, error) {
	rows, _ := s.pool.Query(ctx, `select `+waitColumns+` from visit_waitlist where id = $1`, id)
	e, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[WaitEntry])
	return e, db.NotFound(err, fmt.Sprintf("visitors: waiting-list entry %d", id))
}

// WaitingCount is how many people wait for official (the booking page may
// show it beside the free slots).
func (s *Store) WaitingCount(ctx context.Context, officialID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from visit_waitlist w where official_id = $1 and `+waiting, officialID).Scan(&n)
	return n, err
}

// AddWaiting puts a person on official's waiting list; a refusal is beside
// the form's field.
func (s *Store) AddWaiting(ctx context.Context, e WaitEntry) (int64, error) {
	if e.Phone == "" && e.Email == "" {
		return 0, errs.Field("phone", "visitors.err_no_contact")
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := official(ctx, tx, e.OfficialID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `insert into visit_waitlist (official_id, visitor_name, phone, email, topic, created_by)
			values ($1, $2, $3, $4, $5, $6) returning id`,
			o.ID, e.VisitorName, e.Phone, e.Email, e.Topic, audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert waiting: %w", err)
		}
		return audit.Record(ctx, tx, waitRef(id).entry("create", "gaida pieņemšanu; amatpersona #%d", o.ID))
	})
	return id, err
}

// RemoveWaiting takes an entry off its list with the reason, if version is
// still the stored one and the entry is still on the list.
func (s *Store) RemoveWaiting(ctx context.Context, id int64, version int, reason string) error {
	if reason == "" {
		return errs.Field("reason", "visitors.waitlist_form.reason_required")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var joined time.Time
		err := tx.QueryRow(ctx, `update visit_waitlist set removed_at = now(), removed_reason = $3,
			version = version + 1, updated_at = now()
			where id = $1 and version = $2 and removed_at is null
			returning created_at`,
			id, version, reason).Scan(&joined)
		if err != nil {
			return versionedRow(err, fmt.Sprintf("visitors: waiting-list entry %d", id))
		}
		return audit.Record(ctx, tx, waitRef(id).entry("remove", "izņemts no saraksta (iekļauts %s; iemesls pie ieraksta)", i18n.DateTime(joined)))
	})
}
