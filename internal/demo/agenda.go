package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// fillAgenda makes the officials' agenda of the demo's week show every
// area: each official is linked to their person in the directory (made
// when there is none), as the press and the awards name officials so; the
// chair speaks at a press conference during his Monday reception (a
// clash), gives a radio interview on Thursday, takes part in the nearest
// delegation's programme, and is a guest of the award ceremonies.
func fillAgenda(ctx context.Context, tx pgx.Tx, now time.Time) error {
	rows, _ := tx.Query(ctx, `select id, name, position from visit_officials where active and contact_id is null order by id`)
	type official struct {
		id             int64
		name, position string
	}
	officials, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (official, error) {
		var o official
		err := r.Scan(&o.id, &o.name, &o.position)
		return o, err
	})
	if err != nil {
		return err
	}
	for _, o := range officials {
		var contact int64
		err := tx.QueryRow(ctx, `select id from contacts where kind = 'person' and name = $1 order by id limit 1`, o.name).Scan(&contact)
		if err == pgx.ErrNoRows {
			given, family, _ := strings.Cut(o.name, " ")
			err = tx.QueryRow(ctx, `insert into contacts (kind, name, given_name, family_name, position, country, legal_basis, source,
					created_at, updated_at)
				values ('person', $1, $2, $3, $4, 'LV', 'public_task', 'pašvaldības amatpersonas', $5, $5) returning id`,
				o.name, given, family, o.position, now).Scan(&contact)
		}
		if err != nil {
			return fmt.Errorf("demo agenda: contact of %s: %w", o.name, err)
		}
		if _, err := tx.Exec(ctx, `update visit_officials set contact_id = $2 where id = $1`, o.id, contact); err != nil {
			return err
		}
	}

	var chair, chairContact, chairUser int64
	err = tx.QueryRow(ctx, `select o.id, o.contact_id, o.user_id from visit_officials o join users u on u.id = o.user_id
		where u.username = 'chair'`).Scan(&chair, &chairContact, &chairUser)
	if err == pgx.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	r := now.In(i18n.Riga)
	monday := time.Date(r.Year(), r.Month(), r.Day()-(int(r.Weekday())+6)%7, 0, 0, 0, 0, i18n.Riga)
	at := func(day, h, m int) time.Time {
		return time.Date(monday.Year(), monday.Month(), monday.Day()+day, h, m, 0, 0, i18n.Riga)
	}
	var event int64
	if err := tx.QueryRow(ctx, `insert into press_events (kind, title, starts_at, ends_at, place, room, status,
			accreditation_token, accreditation_open, created_at, updated_at)
		values ('conference', 'Preses konference par 2027. gada budžeta projektu', $1, $2, 'Daugavpils dome, Krišjāņa Valdemāra iela 1',
			'Sēžu zāle', 'announced', 'DEMOAGENDAAAAAAAAAAAAAAA', true, $3, $3) returning id`,
		at(0, 15, 0), at(0, 16, 0), now).Scan(&event); err != nil {
		return fmt.Errorf("demo agenda: event: %w", err)
	}
	if _, err := tx.Exec(ctx, `insert into press_event_speakers (event_id, contact_id, position) values ($1, $2, 1)`, event, chairContact); err != nil {
		return err
	}
	var outlet *int64
	_ = tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and org_type = 'media' order by id limit 1`).Scan(&outlet)
	if _, err := tx.Exec(ctx, `insert into press_interviews (outlet_id, topic, official_id, format, status, agreed_at, agreed_minutes,
			created_at, updated_at)
		values ($1, 'Pilsētas Ziemassvētku pasākumi un satiksmes izmaiņas', $2, 'radio', 'scheduled', $3, 30, $4, $4)`,
		outlet, chairContact, at(3, 10, 0), now); err != nil {
		return fmt.Errorf("demo agenda: interview: %w", err)
	}
	// The nearest delegation not cancelled: the chair is one of ours, at its
	// meeting with the chair.
	var delegation int64
	err = tx.QueryRow(ctx, `select id from delegations where status <> 'cancelled' and ends_on >= $1 order by starts_on, id limit 1`,
		monday.Format(time.DateOnly)).Scan(&delegation)
	if err == nil {
		var person int64
		if err := tx.QueryRow(ctx, `insert into delegation_people (delegation_id, side, user_id, position, created_at, updated_at)
			values ($1, 'ours', $2, 'domes priekšsēdētājs', $3, $3) on conflict (delegation_id, user_id) do update set updated_at = excluded.updated_at
			returning id`, delegation, chairUser, now).Scan(&person); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into delegation_programme_people (item_id, person_id)
			select id, $2 from delegation_programme where delegation_id = $1 and activity like 'Tikšanās ar domes priekšsēdētāju%'
			on conflict do nothing`, delegation, person); err != nil {
			return err
		}
	} else if err != pgx.ErrNoRows {
		return err
	}
	// The award ceremonies: the chair is a guest.
	if _, err := tx.Exec(ctx, `insert into award_guests (round_id, contact_id, kind, created_at)
		select id, $1, 'guest', $2 from award_rounds where ceremony_on is not null on conflict do nothing`, chairContact, now); err != nil {
		return err
	}
	return nil
}
