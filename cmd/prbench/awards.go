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

// Awards at the size the issue names: thirty years of rounds of five
// awards (150 rounds) with 100 000 nominations between them, one to three
// laureates a decided round, and this year's rounds being scored by a
// commission of five on which the bench's user (head) sits. The nominees'
// names are typed names (as the public form gives them) made of common
// Latvian given names and surnames, so that a search for "berzins" finds
// many and a rare surname a few. Made in SQL in one transaction, with
// every constraint, trigger (the kept counts) and index of the schema.
var (
	benchAwardTypes   = 5
	benchAwardYears   = 30
	benchNominations  = 100_000
	benchAwardMembers = 5
)

// benchAwardsKey is the name of the first generated award type: its
// presence says the area is filled.
const benchAwardsKey = "prbench Goda zīme 1"

func seedAwardsTimed(ctx context.Context, pool *pgxpool.Pool) error {
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from award_types where name = $1)`, benchAwardsKey).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	start := time.Now()
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return seedAwards(ctx, tx) }); err != nil {
		return err
	}
	fmt.Printf("Bench data: award nominations generated in %s.\n", time.Since(start).Round(time.Millisecond))
	for _, t := range []string{"award_nominations", "award_rounds", "award_declarations", "award_scores", "award_round_counts"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	return nil
}

func seedAwards(ctx context.Context, tx pgx.Tx) error {
	year := time.Now().Year()
	perRound := benchNominations / (benchAwardTypes * benchAwardYears)
	stmts := []struct {
		sql  string
		args []any
	}{
		{`insert into award_types (name, nominators, documents, max_per_year, repeat_allowed, repeat_after_years, decision_body)
			select 'prbench Goda zīme ' || g, 'Iedzīvotāji, organizācijas', '{"Ieteikuma vēstule"}', 3, g % 2 = 0,
				case when g % 2 = 0 then 5 end, 'Daugavpils valstspilsētas pašvaldības dome'
			from generate_series(1, $1) g`, []any{benchAwardTypes}},
		{`insert into award_criteria (type_id, position, name, weight)
			select t.id, p, (array['Ieguldījums pilsētas attīstībā', 'Ilgtspējīgs devums', 'Sabiedrības atzinība'])[p], (array[50, 30, 20])[p]
			from award_types t, generate_series(1, 3) p where t.name like 'prbench %'`, nil},
		// Thirty years: the past ones awarded, this year's being scored.
		{`insert into award_rounds (type_id, year, call_text, opens_on, closes_on, meeting_on, decision_on, ceremony_on, ceremony_place,
				status, token, decision_body, decision_number, decision_date)
			select t.id, y, 'Aicinām izvirzīt kandidātus', make_date(y, 3, 1), make_date(y, 4, 30), make_date(y, 5, 10),
				make_date(y, 5, 28), make_date(y, 11, 17), 'Daugavpils Vienības nams',
				case when y = $1::int then 'closed' else 'awarded' end,
				'PRBENCH' || translate(upper(md5(t.id || '-' || y)), '0189', 'WXYZ'),
				t.decision_body, case when y = $1::int then '' else (t.id % 90) || '/' || y end,
				case when y = $1::int then null else make_date(y, 5, 28) end
			from award_types t, generate_series($1::int - $2::int + 1, $1::int) y where t.name like 'prbench %'`, []any{year, benchAwardYears}},
		{`insert into award_nominations (round_id, nominee_kind, nominee_name, nominee_birth_date, nominator_kind, nominator_name,
				nominator_email, justification, citation, documents, consent_nominated, consent_publish, consent_on, source, name_key,
				created_at, updated_at)
			select r.id, 'person', g.given || ' ' || g.family, make_date(1940 + (i % 60), 1 + (i % 12), 1 + (i % 28)), 'person',
				'Izvirzītājs ' || i, 'izvirzitajs' || i || '@example.lv',
				'Ilggadējs ieguldījums Daugavpils kultūras, izglītības un sabiedriskajā dzīvē; vada biedrību un organizē pasākumus.',
				'Par ieguldījumu pilsētas dzīvē', '{"Ieteikuma vēstule"}', true, i % 5 <> 0, make_date(r.year, 3, 15),
				case when i % 3 = 0 then 'public' else 'staff' end,
				lower(prdesk_unaccent(g.given || ' ' || g.family)),
				make_date(r.year, 3, 2) + (i % 58) * interval '1 day', make_date(r.year, 3, 2) + (i % 58) * interval '1 day'
			from award_rounds r join award_types t on t.id = r.type_id and t.name like 'prbench %',
				generate_series(1, $1) i,
				lateral (select (array['Jānis','Anna','Pēteris','Inese','Andris','Līga','Mārtiņš','Ilze','Juris','Dace','Aivars','Sandra',
					'Sergejs','Olga','Vladimirs','Jeļena','Edgars','Kristīne','Valdis','Ināra'])[1 + (i * 7 + r.id) % 20] as given,
					case when i % 997 = 0 then 'Ņikovs' else
					(array['Bērziņš','Kalniņa','Ozoliņš','Liepa','Krūmiņš','Zariņa','Vītols','Ivanovs','Petrova','Jansons','Balodis',
					'Kļaviņa','Gailis','Siliņa','Vasiļjevs','Kuzņecova','Pētersons','Ābele','Lācis','Žagare'])[1 + (i * 13 + r.year) % 20]
					end as family) g`, []any{perRound}},
		// One to three laureates a past round.
		{`update award_nominations n set laureate = true from award_rounds r
			where r.id = n.round_id and r.status = 'awarded' and n.id in (
				select x.id from award_nominations x where x.round_id = r.id order by x.id limit 1 + r.year % 3)`, nil},
		// This year's commissions: the bench's user and four others.
		{`insert into award_members (round_id, user_id, role)
			select r.id, u.id, case when u.username = 'head' then 'chair' else 'member' end
			from award_rounds r join award_types t on t.id = r.type_id and t.name like 'prbench %'
			join users u on u.username in ('head', 'staff', 'director', 'chair', 'deputy')
			where r.status = 'closed'`, nil},
		// Half the nominations declared on (one in twenty a conflict), and scored where not.
		{`insert into award_declarations (member_id, nomination_id, conflict, declared_at)
			select m.id, n.id, (n.id + m.id) % 20 = 0, now()
			from award_members m join award_nominations n on n.round_id = m.round_id
			join award_rounds r on r.id = m.round_id join award_types t on t.id = r.type_id and t.name like 'prbench %'
			where n.id % 2 = 0`, nil},
		{`insert into award_scores (member_id, nomination_id, criterion_id, score, scored_at)
			select d.member_id, d.nomination_id, c.id, (d.nomination_id * 7 + d.member_id + c.position) % 11, now()
			from award_declarations d join award_members m on m.id = d.member_id join award_rounds r on r.id = m.round_id
			join award_criteria c on c.type_id = r.type_id
			join award_types t on t.id = r.type_id and t.name like 'prbench %'
			where not d.conflict`, nil},
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("%.60s…: %w", s.sql, err)
		}
	}
	return nil
}

// awardTargets are the register's first page and its searches, the
// nominations list's search, and the scoring page of the bench's user on
// a round of this year's.
func awardTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var member int64
	if err := conn.QueryRow(ctx, `select m.id from award_members m join users u on u.id = m.user_id and u.username = 'head'
		join award_rounds r on r.id = m.round_id and r.status = 'closed'
		join award_types t on t.id = r.type_id and t.name like 'prbench %' order by m.id limit 1`).Scan(&member); err != nil {
		return nil, fmt.Errorf("the bench user's commission place: %w", err)
	}
	return []target{
		{name: "GET /awards/register (first page)", path: "/awards/register", cookie: cookie},
		{name: "GET /awards/register?q=berzins", path: "/awards/register?" + url.Values{"q": {"berzins"}}.Encode(), cookie: cookie},
		{name: "GET /awards/register?q=(rare)", path: "/awards/register?" + url.Values{"q": {"ņikovs"}}.Encode(), cookie: cookie},
		{name: "GET /awards/nominations?q=berzins", path: "/awards/nominations?" + url.Values{"q": {"berzins"}}.Encode(), cookie: cookie},
		{name: "GET /awards/scoring/{member} (667 nominations)", path: fmt.Sprintf("/awards/scoring/%d", member), cookie: cookie},
	}, nil
}
