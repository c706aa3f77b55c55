package delegations

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// demoDelegations are believable visits around now, made up for the demo:
// partner cities' mayors, an ambassador, a minister, our officials abroad
// and in Latvia, and the municipality at others' events.
var demoDelegations = []struct {
	kind           Kind
	title, purpose string
	country, city  string
	org            string // an organisation of the directory, by name; "" for none
	level          Level
	startDays      int // from today
	days           int
	status         Status
	langs          []string
	guests         [][3]string // given, family, position
}{
	{Incoming, "Panevēžas mēra vizīte", "Kultūras un jauniešu apmaiņas programmas 2027.–2028. gadam saskaņošana", "LT", "Panevēža",
		"Panevēža pilsētas pašvaldība", Mayor, 12, 2, Confirmed, []string{"lv", "lt"},
		[][3]string{{"Rimantas", "Vaitkus", "mērs"}, {"Ingrida", "Kazlauskienė", "ārējo sakaru vadītāja"}}},
	{Incoming, "Lietuvas vēstnieka darba vizīte", "Pārrobežu sadarbība un Latgales uzņēmēju kontakti", "LT", "Rīga", "", Ambassador, 30, 1,
		Preparing, []string{"lv", "lt", "en"}, [][3]string{{"Audrius", "Bružga", "ārkārtējais un pilnvarotais vēstnieks"}}},
	{VisitAbroad, "Delegācijas vizīte Lublinā", "Dalība Lublinas pilsētas svētkos un izglītības projektu pārrunas", "PL", "Lublina",
		"Lublina pilsētas pašvaldība", Mayor, -40, 3, Done, []string{"lv", "pl", "en"}, [][3]string{{"Krzysztof", "Nowak", "mēra vietnieks"}}},
	{Incoming, "Kultūras ministra vizīte Daugavpilī", "Marka Rotko mākslas centra attīstība un Latgales kongresa simtgade", "LV", "Rīga", "",
		Minister, -75, 1, Done, []string{"lv"}, [][3]string{{"Agnese", "Lāce", "kultūras ministre"}}},
	{VisitLatvia, "Domes vadības vizīte Rēzeknē", "Latgales pašvaldību sadarbība tūrisma maršrutos", "LV", "Rēzekne", "", Mayor, 5, 1,
		Confirmed, []string{"lv"}, nil},
	{Representation, "Pārstāvība Latvijas Pašvaldību savienības kongresā", "Pašvaldības nostājas paušana par reģionālo politiku", "LV", "Rīga",
		"", OtherLevel, -12, 1, Done, []string{"lv"}, nil},
	{Incoming, "Narvas pilsētas delegācija", "Robežpilsētu pieredzes apmaiņa un kopīgs jauniešu festivāls", "EE", "Narva",
		"Narva pilsētas pašvaldība", Mayor, 60, 2, Idea, []string{"lv", "et", "ru"}, [][3]string{{"Katri", "Raik", "mēre"}}},
	{VisitAbroad, "Vizīte Čerņihivā", "Humānās palīdzības projekta noslēgums un sadarbības līguma pārskatīšana", "UA", "Čerņihiva",
		"Čerņihiva pilsētas pašvaldība", Mayor, -200, 2, Done, []string{"lv", "uk"}, [][3]string{{"Oleksandr", "Lomako", "pilsētas galvas p. i."}}},
	{Incoming, "Vācijas vēstnieces vizīte", "Vācu valodas apguve skolās un uzņēmējdarbības vide", "DE", "Rīga", "", Ambassador, -300, 1,
		Done, []string{"lv", "de", "en"}, [][3]string{{"Gudrun", "Masloch", "vēstniece"}}},
	{Representation, "Pārstāvība Tūrisma izstādē „Balttour”", "Daugavpils tūrisma piedāvājuma prezentācija", "LV", "Rīga", "", OtherLevel,
		-310, 3, Done, []string{"lv", "en"}, nil},
	{VisitAbroad, "Vizīte Kutaisi", "Sadraudzības pilsētu tūrisma sadarbība", "GE", "Kutaisi", "Kutaisi pilsētas pašvaldība", Mayor, 90, 4,
		Cancelled, []string{"lv", "en", "ru"}, [][3]string{{"Ioseb", "Khakhaleishvili", "mērs"}}},
	{Incoming, "Valsts prezidenta vizīte Latgalē", "Latgales reģiona attīstības jautājumi un tikšanās ar iedzīvotājiem", "LV", "Rīga", "",
		HeadOfState, -150, 1, Done, []string{"lv"}, nil},
}

// FillDemo adds the demo's delegations, with their people, programmes,
// logistics, budgets, gifts, reports and follow-up actions, in tx, around
// now. The partner cities' organisations come from the twin cities' demo
// when it ran first.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	today := time.Date(now.In(i18n.Riga).Year(), now.In(i18n.Riga).Month(), now.In(i18n.Riga).Day(), 0, 0, 0, 0, time.UTC)
	var staff, head, director *int64
	for _, u := range []struct {
		name string
		id   **int64
	}{{"staff", &staff}, {"head", &head}, {"director", &director}} {
		var id int64
		if err := tx.QueryRow(ctx, `select id from users where username = $1`, u.name).Scan(&id); err == nil {
			*u.id = &id
		}
	}
	for i, d := range demoDelegations {
		var org *int64
		if d.org != "" {
			var id int64
			if err := tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and name = $1 limit 1`, d.org).Scan(&id); err == nil {
				org = &id
			}
		}
		starts := today.AddDate(0, 0, d.startDays)
		ends := starts.AddDate(0, 0, d.days-1)
		responsible := staff
		if i%3 == 0 {
			responsible = head
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into delegations (kind, title, purpose, country, city, org_id, level, starts_on, ends_on,
				languages, status, responsible_id, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $12) returning id`,
			d.kind, d.title, d.purpose, d.country, d.city, org, d.level, starts, ends, d.langs, d.status, responsible, now).Scan(&id); err != nil {
			return fmt.Errorf("demo delegation %s: %w", d.title, err)
		}
		// The checklist from its kind's template, ticked as far as the visit has come.
		if _, err := tx.Exec(ctx, `insert into delegation_checklist (delegation_id, position, text, done_at, done_by, created_at)
			select $1, position, text, case when position <= $2 then $3::timestamptz end, case when position <= $2 then $4::bigint end, $3
			from delegation_checklist_templates where kind = $5`,
			id, map[Status]int{Idea: 0, Preparing: 2, Confirmed: 5, UnderWay: 6, Done: 7, Cancelled: 1}[d.status], now, responsible, d.kind); err != nil {
			return err
		}
		// Our people: the head and a staff member; the guests from the directory.
		var people []int64
		for _, u := range []*int64{head, staff} {
			if u == nil {
				continue
			}
			var pid int64
			if err := tx.QueryRow(ctx, `insert into delegation_people (delegation_id, side, user_id, created_at, updated_at)
				values ($1, 'ours', $2, $3, $3) returning id`, id, *u, now).Scan(&pid); err != nil {
				return err
			}
			people = append(people, pid)
		}
		for j, g := range d.guests {
			var contact int64
			if err := tx.QueryRow(ctx, `insert into contacts (kind, name, given_name, family_name, position, country, legal_basis, source,
					created_at, updated_at)
				values ('person', $1, $2, $3, $4, $5, 'public_task', 'delegāciju uzņemšana', $6, $6) returning id`,
				g[0]+" "+g[1], g[0], g[1], g[2], d.country, now).Scan(&contact); err != nil {
				return fmt.Errorf("demo guest %s %s: %w", g[0], g[1], err)
			}
			dietary, access := "", ""
			if j == 0 && i%2 == 0 {
				dietary = "veģetārs ēdiens"
			}
			if j == 1 {
				access = "nepieciešama piekļuve bez kāpnēm"
			}
			var pid int64
			if err := tx.QueryRow(ctx, `insert into delegation_people (delegation_id, side, contact_id, position, address_form, dietary,
					access_needs, created_at, updated_at)
				values ($1, 'guest', $2, $3, $4, $5, $6, $7, $7) returning id`, id, contact, g[2], "Godātais kungs / Godātā kundze", dietary, access, now).Scan(&pid); err != nil {
				return err
			}
			people = append(people, pid)
		}
		// The programme: a morning and an afternoon each day.
		for day := 0; day < d.days; day++ {
			date := starts.AddDate(0, 0, day)
			for k, it := range [][4]any{
				{9, 30, 11, "Tikšanās ar domes priekšsēdētāju Daugavpils domē, Krišjāņa Valdemāra ielā 1"},
				{12, 0, 13, "Darba pusdienas restorānā „Gubernators”"},
				{14, 0, 16, "Daugavpils cietokšņa un Marka Rotko mākslas centra apmeklējums"},
			} {
				if d.kind == Representation && k > 0 {
					break
				}
				from := time.Date(date.Year(), date.Month(), date.Day(), it[0].(int), it[1].(int), 0, 0, i18n.Riga)
				to := time.Date(date.Year(), date.Month(), date.Day(), it[2].(int), 0, 0, 0, i18n.Riga)
				place := []string{"Daugavpils dome", "Restorāns „Gubernators”", "Daugavpils cietoksnis"}[k]
				transport := []string{"", "Kājām", "Pašvaldības mikroautobuss"}[k]
				var item int64
				if err := tx.QueryRow(ctx, `insert into delegation_programme (delegation_id, starts_at, ends_at, place, activity, activity_en,
						responsible_id, transport, created_at, updated_at)
					values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning id`, id, from, to, place, it[3],
					[]string{"Meeting with the Chair of the City Council", "Working lunch", "Visit to the Daugavpils Fortress and the Mark Rothko Art Centre"}[k],
					responsible, transport, now).Scan(&item); err != nil {
					return err
				}
				for _, p := range people {
					if _, err := tx.Exec(ctx, `insert into delegation_programme_people (item_id, person_id) values ($1, $2)`, item, p); err != nil {
						return err
					}
				}
			}
		}
		// Logistics and the budget.
		if d.kind == Incoming {
			if _, err := tx.Exec(ctx, `insert into delegation_logistics (delegation_id, kind, description, starts_at, ends_at, quantity, reference, confirmed, created_at, updated_at)
				values ($1, 'accommodation', 'Viesnīca „Latgola”, Ģimnāzijas iela 46', $2, $3, $4, $5, $6, $7, $7),
				       ($1, 'interpreter', 'Tulks no un uz latviešu valodu', null, null, 1, '', $6, $7, $7),
				       ($1, 'protocol', 'Valsts karogi un galda karodziņi, sēdvietu plāns', null, null, null, '', $6, $7, $7)`,
				id, starts, ends.AddDate(0, 0, 1), d.days, fmt.Sprintf("LG-%05d", 4400+i), d.status != Idea, now); err != nil {
				return err
			}
		} else if d.kind == VisitAbroad {
			if _, err := tx.Exec(ctx, `insert into delegation_logistics (delegation_id, kind, description, starts_at, quantity, reference, confirmed, created_at, updated_at)
				values ($1, 'transport', 'Pašvaldības automašīna ar vadītāju', $2, 1, '', true, $3, $3)`, id, starts, now); err != nil {
				return err
			}
		}
		for c, amount := range map[string][2]any{"accommodation": {int64(24000 * d.days), int64(23150 * d.days)}, "meals": {int64(18000), int64(17230)},
			"gifts": {int64(9000), int64(8640)}, "interpretation": {int64(15000), nil}} {
			if d.kind == Representation && c != "meals" {
				continue
			}
			actual := amount[1]
			if d.status != Done {
				actual = nil
			}
			if _, err := tx.Exec(ctx, `insert into delegation_budget (delegation_id, category, description, planned, actual, created_at, updated_at)
				values ($1, $2, '', $3::bigint / 100.0, $4::bigint / 100.0, $5, $5)`, id, c, amount[0], actual, now); err != nil {
				return err
			}
		}
		if d.status != Done {
			continue
		}
		// Gifts, the report and its follow-up actions.
		if _, err := tx.Exec(ctx, `insert into delegation_gifts (delegation_id, direction, item, value, giver, receiver, given_on, handover,
				handed_over_on, kept_at, created_at, updated_at)
			values ($1, 'given', 'Albums „Daugavpils – cietokšņa pilsēta”', 35, 'Domes priekšsēdētājs', $2, $3, false, null, '', $4, $4),
			       ($1, 'received', $5, $6, $2, 'Domes priekšsēdētājs', $3, $7, $8, $9, $4, $4)`,
			id, d.title, starts, now, []string{"Keramikas vāze", "Pilsētas gerbonis", "Grāmata par pilsētas vēsturi"}[i%3],
			[]int{240, 60, 25}[i%3], i%3 == 0, map[bool]any{true: starts.AddDate(0, 0, 7), false: nil}[i%3 == 0 && i%2 == 0],
			map[bool]string{true: "Domes ēka, 1. stāva vitrīna", false: ""}[i%3 == 0 && i%2 == 0]); err != nil {
			return fmt.Errorf("demo gifts: %w", err)
		}
		if _, err := tx.Exec(ctx, `insert into delegation_reports (delegation_id, agreed, press_url, album_url, submitted_at, created_at, updated_at)
			values ($1, $2, 'https://www.daugavpils.lv/jaunumi', 'https://foto.daugavpils.lv', $3, $3, $3)`,
			id, "Vienojās par kopīgu darba grupu un nākamo tikšanos. "+d.purpose+".", now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into delegation_actions (delegation_id, text, owner_id, due_on, done_on, created_at, updated_at)
			values ($1, 'Nosūtīt pateicības vēstuli', $2, $3, $4, $5, $5), ($1, 'Sagatavot sadarbības pasākumu plānu', $6, $7, null, $5, $5)`,
			id, staff, ends.AddDate(0, 0, 7), ends.AddDate(0, 0, 5), now, head, ends.AddDate(0, 0, 30)); err != nil {
			return err
		}
	}
	return nil
}
