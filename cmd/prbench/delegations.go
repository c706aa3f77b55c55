package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// benchDelegations is the size: twenty thousand delegations, each
// with its people, a programme of four items, a checklist and a budget.
const benchDelegations = 20_000

const benchDelegationsKey = "bench-delegations-0001"

// seedDelegations fills the delegations in one transaction, with SQL that
// generates the rows; the area's triggers are off while it runs (a
// replica's session), so the kept counts and checklist counts are written
// as the triggers would have written them.
func seedDelegations(ctx context.Context, pool *pgxpool.Pool) error {
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from delegations where idempotency_key = $1)`, benchDelegationsKey).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, q := range []string{
			`set local session_replication_role = replica`,
			`create temporary table bench_floor on commit drop as select coalesce(max(id), 0) as id from delegations`,
			`create temporary table bench_cities (n int, city text, country text, kind text, level text) on commit drop`,
			`insert into bench_cities values
				(0, 'Viļņa', 'LT', 'incoming', 'mayor'), (1, 'Panevēža', 'LT', 'incoming', 'mayor'), (2, 'Šauļi', 'LT', 'visit_abroad', 'mayor'),
				(3, 'Tartu', 'EE', 'incoming', 'mayor'), (4, 'Narva', 'EE', 'visit_abroad', 'mayor'), (5, 'Lublina', 'PL', 'visit_abroad', 'mayor'),
				(6, 'Berlīne', 'DE', 'incoming', 'ambassador'), (7, 'Rēzekne', 'LV', 'visit_latvia', 'other'), (8, 'Rīga', 'LV', 'representation', 'minister'),
				(9, 'Čerņihiva', 'UA', 'visit_abroad', 'mayor'), (10, 'Kutaisi', 'GE', 'incoming', 'mayor'), (11, 'Jēkabpils', 'LV', 'visit_latvia', 'head_of_state')`,
			`insert into delegations (kind, title, purpose, country, city, level, starts_on, ends_on, languages, status, responsible_id,
					checklist_done, checklist_open, idempotency_key, created_at, updated_at)
				select c.kind,
					c.city || case c.kind when 'incoming' then ' delegācijas vizīte Daugavpilī ' when 'representation' then ' – pārstāvība pasākumā '
						else ' – Daugavpils delegācijas vizīte ' end || g,
					'Sadarbība kultūrā, izglītībā un uzņēmējdarbībā; kopīgu projektu plānošana (' || g || ')',
					c.country, c.city, c.level,
					date '2012-01-01' + (g * 5479 / $1),
					date '2012-01-01' + (g * 5479 / $1) + (g % 3),
					array['lv', 'en'],
					(array['idea','preparing','confirmed','under_way','done','done','done','cancelled'])[1 + g % 8],
					(select id from users where username = case when g % 2 = 0 then 'staff' else 'head' end),
					g % 8, 7 - g % 8,
					case when g = 1 then $2 end, now(), now()
				from generate_series(1, $1) g join bench_cities c on c.n = g % 12`,
			`insert into delegation_counts (year, kind, status, n)
				select extract(year from starts_on)::int, kind, status, count(*) from delegations group by 1, 2, 3
				on conflict (year, kind, status) do update set n = excluded.n`,
			`insert into delegation_checklist (delegation_id, position, text, done_at, created_at)
				select d.id, t.position, t.text, case when t.position <= d.checklist_done then now() end, now()
				from delegations d join delegation_checklist_templates t on t.kind = d.kind where d.id > (select id from bench_floor)`,
			`insert into delegation_people (delegation_id, side, user_id, position, created_at, updated_at)
				select d.id, 'ours', u.id, '', now(), now() from delegations d
				join users u on u.username in ('head', 'staff') where d.id > (select id from bench_floor)`,
			`insert into delegation_programme (delegation_id, starts_at, ends_at, place, activity, activity_en, responsible_id, transport, created_at, updated_at)
				select d.id, (d.starts_on + make_interval(hours => 8 + 2 * i)) at time zone 'Europe/Riga',
					(d.starts_on + make_interval(hours => 9 + 2 * i, mins => 30)) at time zone 'Europe/Riga',
					(array['Daugavpils dome', 'Daugavpils cietoksnis', 'Marka Rotko mākslas centrs', 'Restorāns „Gubernators”'])[i],
					(array['Tikšanās ar domes priekšsēdētāju', 'Cietokšņa apmeklējums', 'Izstādes apskate', 'Darba pusdienas'])[i],
					(array['Meeting with the Chair of the Council', 'Visit to the fortress', 'Exhibition', 'Working lunch'])[i],
					d.responsible_id, 'Pašvaldības mikroautobuss', now(), now()
				from delegations d cross join generate_series(1, 4) i where d.id > (select id from bench_floor)`,
			`insert into delegation_programme_people (item_id, person_id)
				select i.id, p.id from delegation_programme i join delegation_people p on p.delegation_id = i.delegation_id
				where i.delegation_id > (select id from bench_floor)`,
			`insert into delegation_budget (delegation_id, category, description, planned, actual, created_at, updated_at)
				select d.id, c, '', 100 + d.id % 400, case when d.status = 'done' then 90 + d.id % 400 end, now(), now()
				from delegations d cross join unnest(array['accommodation', 'meals']) c where d.id > (select id from bench_floor)`,
			`analyze delegations`, `analyze delegation_programme`, `analyze delegation_people`, `analyze delegation_checklist`,
			`analyze delegation_programme_people`, `analyze delegation_budget`, `analyze delegation_counts`,
		} {
			args := []any{}
			if len(q) > 40 && q[:40] == `insert into delegations (kind, title, pu` {
				args = []any{benchDelegations, benchDelegationsKey}
			}
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return fmt.Errorf("%.60s…: %w", q, err)
			}
		}
		return nil
	})
}

// delegationTargets are the list (its first page, a later page, a search
// with the diacritics left out, a filter) and a card with its programme.
func delegationTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var after time.Time
	var afterID, card int64
	if err := conn.QueryRow(ctx, `select starts_on, id from delegations order by starts_on desc, id desc offset 5000 limit 1`).Scan(&after, &afterID); err != nil {
		return nil, fmt.Errorf("a cursor for a later page of delegations: %w", err)
	}
	if err := conn.QueryRow(ctx, `select id from delegations where kind = 'incoming' and status = 'done' order by id offset 1000 limit 1`).Scan(&card); err != nil {
		return nil, fmt.Errorf("a delegation for the card: %w", err)
	}
	later := url.Values{"after": {after.Format(time.DateOnly)}, "after_id": {fmt.Sprint(afterID)}}
	return []target{
		{name: "GET /delegations (first page)", path: "/delegations", cookie: cookie},
		{name: "GET /delegations?after= (later)", path: "/delegations?" + later.Encode(), cookie: cookie},
		{name: "GET /delegations?q=cernihiva (search)", path: "/delegations?q=cernihiva", cookie: cookie},
		{name: "GET /delegations?country=LT&year=2020", path: "/delegations?country=LT&year=2020", cookie: cookie},
		{name: "GET /delegations/{id} (card)", path: fmt.Sprintf("/delegations/%d", card), cookie: cookie},
		{name: "GET /delegations/{id}/programme", path: fmt.Sprintf("/delegations/%d/programme", card), cookie: cookie},
	}, nil
}
