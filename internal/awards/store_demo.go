package awards

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoTypes are the municipality's awards as the demo has them.
var demoTypes = []struct {
	name, nominators, body string
	docs                   []string
	max                    int
	repeat                 bool
	after                  *int
	criteria               [][2]any
}{
	{"Daugavpils Goda pilsonis", "Iedzīvotāji, organizācijas, pašvaldības iestādes", "Daugavpils valstspilsētas pašvaldības dome",
		[]string{"Ieteikuma vēstule", "Kandidāta dzīves un darba apraksts"}, 1, false, nil,
		[][2]any{{"Ieguldījums pilsētas attīstībā", 50}, {"Ilgtspējīgs devums", 30}, {"Sabiedrības atzinība", 20}}},
	{"Gada skolotājs", "Izglītības iestādes, vecāku padomes", "Daugavpils valstspilsētas pašvaldības dome",
		[]string{"Izglītības iestādes ieteikums"}, 3, true, ptrInt(5),
		[][2]any{{"Pedagoģiskie sasniegumi", 60}, {"Audzēkņu sasniegumi", 40}}},
	{"Pateicības raksts kultūrā", "Kultūras iestādes, biedrības, iedzīvotāji", "Daugavpils valstspilsētas pašvaldības izpilddirektors",
		nil, 5, true, nil, [][2]any{{"Devums kultūrā", 70}, {"Sadarbība", 30}}},
}

func ptrInt(n int) *int { return &n }

// demoJustifications are believable reasons, one per nomination.
var demoJustifications = []struct{ text, citation string }{
	{"Vairāk nekā trīsdesmit gadus vada bērnu un jauniešu kori, kas pārstāvējis Daugavpili Dziesmu un deju svētkos.", "Par mūža ieguldījumu kormūzikā"},
	{"Izveidojusi skolas robotikas pulciņu; audzēkņi divreiz uzvarējuši valsts olimpiādē.", "Par jauniešu aizraušanu ar inženierzinātnēm"},
	{"Ilggadējs brīvprātīgais Daugavas krastu sakopšanas talkās un vides izglītības lektors.", "Par rūpēm par pilsētas vidi"},
	{"Atjaunojusi vēsturisku ēku cietoksnī un atvērusi to apmeklētājiem.", "Par kultūrvēsturiskā mantojuma saglabāšanu"},
	{"Organizē starptautisko mākslas plenēru, kas pulcē māksliniekus no sadraudzības pilsētām.", "Par Daugavpils mākslas popularizēšanu"},
	{"Izveidojis sociālo uzņēmumu, kas nodarbina cilvēkus ar invaliditāti.", "Par sociālo atbildību uzņēmējdarbībā"},
}

// FillDemo adds the awards' demo data: three award types with their
// statutes, a round of each for the last years (the current one open,
// last year's decided), nominations of people and organisations from the
// directory, a commission of demo accounts with their declarations and
// scores, and the laureates. It runs after the directory's demo data.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	rows, err := tx.Query(ctx, `select id, kind from contacts where merged_into is null and personal_data_removed_at is null
		order by id limit 60`)
	if err != nil {
		return err
	}
	var people, orgs []int64
	var id int64
	var kind string
	if _, err := pgx.ForEachRow(rows, []any{&id, &kind}, func() error {
		if kind == "person" {
			people = append(people, id)
		} else {
			orgs = append(orgs, id)
		}
		return nil
	}); err != nil {
		return err
	}
	if len(people) < 4 || len(orgs) < 2 {
		return nil // no directory to nominate from
	}
	var users []int64
	rows, err = tx.Query(ctx, `select id from users where username in ('head', 'chair', 'deputy', 'director') order by id`)
	if err != nil {
		return err
	}
	if users, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return err
	}
	year := now.Year()
	pick := 0
	for ti, dt := range demoTypes {
		var typeID int64
		if err := tx.QueryRow(ctx, `insert into award_types (name, nominators, documents, max_per_year, repeat_allowed,
			repeat_after_years, decision_body, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning id`,
			dt.name, dt.nominators, nonNil(dt.docs), dt.max, dt.repeat, dt.after, dt.body, now.AddDate(-6, 0, 0)).Scan(&typeID); err != nil {
			return fmt.Errorf("demo award type: %w", err)
		}
		var crit []int64
		for i, c := range dt.criteria {
			var cid int64
			if err := tx.QueryRow(ctx, `insert into award_criteria (type_id, position, name, weight) values ($1, $2, $3, $4) returning id`,
				typeID, i+1, c[0], c[1]).Scan(&cid); err != nil {
				return err
			}
			crit = append(crit, cid)
		}
		for y := year - 4; y <= year; y++ {
			status := Awarded
			switch {
			case y == year && ti == 0:
				status = Open
			case y == year:
				status = Closed
			case y == year-1 && ti == 1:
				status = Judged
			}
			opens := time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC)
			closes := time.Date(y, 4, 30, 0, 0, 0, 0, time.UTC)
			if y == year {
				opens, closes = time.Date(y, now.Month(), 1, 0, 0, 0, 0, time.UTC), time.Date(y, now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 14)
			}
			meeting, decision, ceremony := closes.AddDate(0, 0, 10), closes.AddDate(0, 0, 28), time.Date(y, 11, 17, 0, 0, 0, 0, time.UTC)
			if ceremony.Before(decision) {
				ceremony = decision.AddDate(0, 0, 14)
			}
			var number string
			var decided *time.Time
			if status.AtLeast(Decided) {
				number, decided = fmt.Sprintf("%d/%d", 200+ti*7+y%10, y), &decision
			}
			var roundID int64
			if err := tx.QueryRow(ctx, `insert into award_rounds (type_id, year, call_text, opens_on, closes_on, meeting_on, decision_on,
				ceremony_on, ceremony_place, status, token, decision_body, decision_number, decision_date, created_at, updated_at)
				values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) returning id`,
				typeID, y, "Daugavpils valstspilsētas pašvaldība aicina izvirzīt kandidātus apbalvojumam „"+dt.name+"”.",
				opens, closes, meeting, decision, ceremony, "Daugavpils Vienības nams, Rīgas iela 22A", status, rand.Text(),
				dt.body, number, decided, opens.AddDate(0, -1, 0)).Scan(&roundID); err != nil {
				return fmt.Errorf("demo award round: %w", err)
			}
			var members []int64
			for i, u := range users {
				role := "member"
				if i == 0 {
					role = "chair"
				}
				var mid int64
				if err := tx.QueryRow(ctx, `insert into award_members (round_id, user_id, role, created_at) values ($1, $2, $3, $4) returning id`,
					roundID, u, role, opens).Scan(&mid); err != nil {
					return err
				}
				members = append(members, mid)
			}
			count := 3 + (ti+y)%3
			var noms []int64
			for k := range count {
				j := demoJustifications[(pick+k)%len(demoJustifications)]
				nominee := people[(pick+k)%len(people)]
				nominator := orgs[(pick+k)%len(orgs)]
				var nomName string
				if err := tx.QueryRow(ctx, `select name from contacts where id = $1`, nominee).Scan(&nomName); err != nil {
					return err
				}
				at := opens.AddDate(0, 0, 3+k*5)
				var nid int64
				if err := tx.QueryRow(ctx, `insert into award_nominations (round_id, nominee_kind, nominee_contact_id, nominator_kind,
					nominator_contact_id, justification, citation, documents, consent_nominated, consent_publish, consent_on, source,
					name_key, created_at, updated_at) values ($1, 'person', $2, 'organisation', $3, $4, $5, $6, true, $7, $8, 'staff', $9, $10, $10)
					returning id`, roundID, nominee, nominator, j.text, j.citation, nonNil(dt.docs), k != 1, at, NameKey(nomName), at).Scan(&nid); err != nil {
					return fmt.Errorf("demo nomination: %w", err)
				}
				for _, u := range []struct {
					c    int64
					kind string
				}{{nominee, "nominee"}, {nominator, "nominator"}} {
					if _, err := tx.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at)
						values ($1, 'awards', $2, $3, $4) on conflict do nothing`, u.c, u.kind, fmt.Sprint(nid), at); err != nil {
						return err
					}
				}
				noms = append(noms, nid)
			}
			// One nomination through the public form, as typed.
			if y == year && ti == 0 {
				if _, err := tx.Exec(ctx, `insert into award_nominations (round_id, nominee_kind, nominee_name, nominator_kind,
					nominator_name, nominator_email, justification, citation, consent_nominated, consent_publish, consent_on, source, name_key,
					created_at, updated_at) values ($1, 'organisation', 'Biedrība „Latgales Mākslas māja”', 'person', 'Sandra Ivanova',
					'sandra.ivanova@example.lv', 'Biedrība desmit gadus rīko bezmaksas mākslas darbnīcas bērniem no visiem pilsētas rajoniem.',
					'Par mākslu ikvienam bērnam', true, true, $2, 'public', $3, $4, $4)`,
					roundID, now.AddDate(0, 0, -2), NameKey("Biedrība „Latgales Mākslas māja”"), now.AddDate(0, 0, -2)); err != nil {
					return err
				}
			}
			pick += count
			if !status.AtLeast(Judged) {
				continue
			}
			for mi, m := range members {
				for ni, n := range noms {
					conflict := mi == 1 && ni == 0
					if _, err := tx.Exec(ctx, `insert into award_declarations (member_id, nomination_id, conflict, declared_at) values ($1, $2, $3, $4)`,
						m, n, conflict, meeting); err != nil {
						return err
					}
					if conflict {
						continue
					}
					for ci, c := range crit {
						score := 5 + (ni*3+mi+ci*2+y)%6
						if _, err := tx.Exec(ctx, `insert into award_scores (member_id, nomination_id, criterion_id, score, scored_at) values ($1, $2, $3, $4, $5)`,
							m, n, c, score, meeting); err != nil {
							return err
						}
					}
				}
			}
			if status.AtLeast(Decided) {
				for i := 0; i < dt.max && i < len(noms); i++ {
					if _, err := tx.Exec(ctx, `update award_nominations set laureate = true where id = $1`, noms[(i+y)%len(noms)]); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
