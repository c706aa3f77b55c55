package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// The officials' agenda for a week, at the density of a busy chair: two
// years (a year back, a year ahead) of the chair's Monday reception with
// every slot booked, three press conferences and two interviews a week,
// and a delegation a month whose programme he takes part in; around them,
// as the areas' volume, other officials' bookings and 20 000 press events
// and 10 000 interviews of nobody on the agenda, so that each area's query
// finds the chair's rows among many.
var (
	benchAgendaWeeks       = 52 // each side of now
	benchAgendaOtherEvents = 20_000
)

// benchAgendaKey titles the first generated event: its presence says the
// agenda's data is there.
const benchAgendaKey = "prbench darba kārtība 1"

func seedAgendaTimed(ctx context.Context, pool *pgxpool.Pool) error {
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from press_events where title = $1)`, benchAgendaKey).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	start := time.Now()
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return seedAgenda(ctx, tx) }); err != nil {
		return err
	}
	fmt.Printf("Bench data: the chair's agenda generated in %s.\n", time.Since(start).Round(time.Millisecond))
	for _, t := range []string{"press_events", "press_event_speakers", "press_interviews", "visit_bookings", "delegation_programme", "delegation_programme_people", "delegation_people"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	return nil
}

// benchMonday is midnight in Riga of this week's Monday.
func benchMonday(now time.Time) time.Time {
	r := now.In(i18n.Riga)
	return time.Date(r.Year(), r.Month(), r.Day()-(int(r.Weekday())+6)%7, 0, 0, 0, 0, i18n.Riga)
}

func seedAgenda(ctx context.Context, tx pgx.Tx) error {
	var chair, contact, user int64
	if err := tx.QueryRow(ctx, `select o.id, o.contact_id, o.user_id from visit_officials o join users u on u.id = o.user_id
		where u.username = 'chair' and o.contact_id is not null`).Scan(&chair, &contact, &user); err != nil {
		return fmt.Errorf("the chair's official with a contact (the demo's): %w", err)
	}
	monday := benchMonday(time.Now())
	weeks := benchAgendaWeeks
	stmts := []struct {
		sql  string
		args []any
	}{
		// Three press conferences a week with the chair speaking: Tuesday
		// 11:00, Wednesday 15:00 (during nothing) and Monday 15:00 (during
		// his reception: a clash every week).
		{`insert into press_events (kind, title, starts_at, ends_at, place, room, status, accreditation_token, created_at, updated_at)
			select 'conference', 'prbench darba kārtība ' || (w * 3 + k + 1 + $2::int * 3),
				($1::timestamptz + make_interval(days => w * 7 + (array[0, 1, 2])[k + 1]))
					+ make_interval(hours => (array[15, 11, 15])[k + 1]),
				($1::timestamptz + make_interval(days => w * 7 + (array[0, 1, 2])[k + 1]))
					+ make_interval(hours => (array[16, 12, 16])[k + 1]),
				'Daugavpils dome', 'prbench ' || w || '-' || k, 'announced',
				'PRBENCHAGENDA' || lpad((w * 3 + k + 1000000)::text, 12, '0'), now(), now()
			from generate_series(-$2::int, $2::int) w, generate_series(0, 2) k`, []any{monday, weeks}},
		{`insert into press_event_speakers (event_id, contact_id, position)
			select id, $1, 1 from press_events where title like 'prbench darba kārtība %'`, []any{contact}},
		// Other events nobody on the agenda speaks at.
		{`insert into press_events (kind, title, starts_at, ends_at, place, room, status, accreditation_token, created_at, updated_at)
			select 'briefing', 'prbench cits pasākums ' || g, $1::timestamptz + make_interval(hours => g * 7 - $2::int / 2 * 7),
				$1::timestamptz + make_interval(hours => g * 7 - $2::int / 2 * 7 + 1), 'Daugavpils dome', 'prbench cits ' || g, 'planned',
				'PRBENCHOTHER' || lpad(g::text, 12, '0'), now(), now()
			from generate_series(1, $2::int) g`, []any{monday, benchAgendaOtherEvents}},
		// Two interviews a week with the chair (Thursday 10:00 and 14:00),
		// and 10 000 with nobody.
		{`insert into press_interviews (topic, official_id, format, status, agreed_at, agreed_minutes, created_at, updated_at)
			select 'prbench intervija ' || w || '-' || k, $3::bigint, 'radio', 'scheduled',
				$1::timestamptz + make_interval(days => w * 7 + 3, hours => 10 + k * 4), 30, now(), now()
			from generate_series(-$2::int, $2::int) w, generate_series(0, 1) k`, []any{monday, weeks, contact}},
		{`insert into press_interviews (topic, format, status, agreed_at, agreed_minutes, created_at, updated_at)
			select 'prbench cita intervija ' || g, 'phone', 'scheduled', $1::timestamptz + make_interval(hours => g * 5 - 25000), 20, now(), now()
			from generate_series(1, 10000) g`, []any{monday}},
		// Every slot of the chair's Monday reception 14:00–17:00 booked.
		{`insert into visit_bookings (official_id, slot, room, visitor_name, phone, topic)
			select $3::bigint, tstzrange(s, s + interval '15 minutes', '[)'), 'Domes ēka, 2. stāvs, 221. kab.',
				'Bench Apmeklētājs ' || w || '-' || k, '+37120000000', 'Ielas apgaismojums'
			from generate_series(-$2::int, $2::int) w, generate_series(0, 11) k,
				lateral (select $1::timestamptz + make_interval(days => w * 7, hours => 14, mins => k * 15) as s) x
			where not exists (select 1 from visit_bookings b where b.official_id = $3 and b.slot && tstzrange(s, s + interval '15 minutes', '[)')
				and b.state <> 'cancelled')`, []any{monday, weeks, chair}},
		// A delegation a month, its programme on its first day with the chair.
		{`insert into delegations (kind, title, country, level, starts_on, ends_on, status)
			select 'incoming', 'prbench delegācija ' || m, 'LT', 'mayor', (($1::timestamptz + make_interval(days => m * 28 + 2)) at time zone 'Europe/Riga')::date,
				(($1::timestamptz + make_interval(days => m * 28 + 3)) at time zone 'Europe/Riga')::date, 'confirmed'
			from generate_series(-$2::int / 4, $2::int / 4) m`, []any{monday, weeks}},
		{`insert into delegation_people (delegation_id, side, user_id) select id, 'ours', $1 from delegations where title like 'prbench delegācija %'`, []any{user}},
		{`insert into delegation_programme (delegation_id, starts_at, ends_at, place, activity)
			select d.id, (d.starts_on::timestamp + make_interval(hours => h)) at time zone 'Europe/Riga',
				(d.starts_on::timestamp + make_interval(hours => h + 1)) at time zone 'Europe/Riga', 'Daugavpils dome', 'prbench programma ' || h
			from delegations d, generate_series(9, 16) h where d.title like 'prbench delegācija %'`, nil},
		{`insert into delegation_programme_people (item_id, person_id)
			select p.id, dp.id from delegation_programme p join delegation_people dp on dp.delegation_id = p.delegation_id and dp.user_id = $1
			where p.activity like 'prbench programma %'`, []any{user}},
	}
	for i, s := range stmts {
		if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("agenda statement %d: %w", i+1, err)
		}
	}
	return nil
}

// agendaTargets: the chair's agenda for this week, as the clerk's
// colleagues open it (the bench's user is head, who sees everything), and
// its feed of two months back and a year ahead.
func agendaTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var chair int64
	if err := conn.QueryRow(ctx, `select o.id from visit_officials o join users u on u.id = o.user_id where u.username = 'chair'`).Scan(&chair); err != nil {
		return nil, fmt.Errorf("the chair's official: %w", err)
	}
	return []target{
		{name: "GET /reports/agenda (a week)", path: fmt.Sprintf("/reports/agenda?official=%d", chair), cookie: cookie},
		{name: "GET /reports/agenda/{official}/calendar.ics (14 months)", path: fmt.Sprintf("/reports/agenda/%d/calendar.ics", chair), cookie: cookie},
	}, nil
}
