package twincities

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// The demo's partner cities are plausible towns for a city on the
// Daugava, made up for the demo: neither the list nor the dates claim to be
// Daugavpils' real agreements.
var demoAgreements = []struct {
	city, original, country string
	signed                  string // yyyy-mm-dd, "" for none
	status                  Status
	fields                  []string
	langs                   []string
	reviewInDays            int // from now; 0 for none
	days                    [][3]any
	logYears                int // how many years back its log reaches; 0: none
}{
	{"Panevēža", "Panevėžys", "LT", "2003-05-16", Active, []string{"culture", "education", "sport", "tourism"}, []string{"lv", "lt"}, 20,
		[][3]any{{6, 13, "Panevēžas pilsētas svētki"}, {2, 16, "Lietuvas valsts atjaunošanas diena"}}, 4},
	{"Narva", "", "EE", "2006-09-01", Active, []string{"culture", "youth", "business"}, []string{"lv", "et", "ru"}, 200,
		[][3]any{{2, 24, "Igaunijas Neatkarības diena"}, {9, 1, "Narvas pilsētas diena"}}, 4},
	{"Lublina", "Lublin", "PL", "2009-04-22", Active, []string{"education", "culture", "business", "social"}, []string{"lv", "pl", "en"}, 400,
		[][3]any{{6, 15, "Lublinas pilsētas svētki"}, {11, 11, "Polijas Neatkarības diena"}}, 3},
	{"Kalmāra", "Kalmar", "SE", "2011-10-07", Dormant, []string{"tourism", "culture"}, []string{"lv", "sv", "en"}, 0,
		[][3]any{{6, 6, "Zviedrijas nacionālā diena"}}, 0},
	{"Kutaisi", "ქუთაისი", "GE", "2014-05-26", Active, []string{"culture", "tourism", "youth"}, []string{"lv", "ka", "ru"}, 600,
		[][3]any{{5, 26, "Gruzijas Neatkarības diena"}}, 2},
	{"Čerņihiva", "Чернігів", "UA", "2016-08-24", Active, []string{"social", "education", "culture", "other"}, []string{"lv", "uk"}, 90,
		[][3]any{{8, 24, "Ukrainas Neatkarības diena"}, {9, 21, "Čerņihivas pilsētas diena"}}, 4},
	{"Eslingena", "Esslingen am Neckar", "DE", "2001-06-30", Dormant, []string{"business", "education"}, []string{"lv", "de"}, -10,
		[][3]any{{10, 3, "Vācijas vienotības diena"}}, 0},
	{"Mogiļeva", "Магілёў", "BY", "1997-03-14", Ended, []string{"culture", "sport"}, []string{"lv", "ru"}, 0, nil, 0},
	{"Pleskava", "Псков", "RU", "1999-07-23", Ended, []string{"culture", "tourism"}, []string{"lv", "ru"}, 0, nil, 0},
	{"Tartu", "", "EE", "", Preparation, []string{"education", "youth"}, []string{"lv", "et", "en"}, 0, nil, 0},
}

// demoResults are the log's lines, by kind.
var demoResults = []struct {
	kind        Kind
	field       Field
	result, who string
	link        string
}{
	{Event, Culture, "Pilsētas svētkos uzstājās partnerpilsētas deju kolektīvs; ap 300 skatītāju.", "Deju kolektīvs, kultūras nodaļas vadītāja", "https://www.daugavpils.lv/foto/"},
	{Visit, Education, "Skolotāju pieredzes apmaiņa: divas skolas vienojās par skolēnu apmaiņu nākamajā mācību gadā.", "Izglītības pārvaldes speciālisti, 6 skolotāji", ""},
	{Project, Tourism, "Kopīgs tūrisma maršruts „Divas pilsētas – viena nedēļas nogale” iesniegts pārrobežu programmā.", "Tūrisma informācijas centrs, partnera attīstības nodaļa", "https://www.daugavpils.lv/jaunumi/"},
	{Letter, Other, "Nosūtīta vēstule ar uzaicinājumu uz Daugavpils pilsētas svētkiem.", "Domes priekšsēdētājs", ""},
	{Event, Sport, "Jauniešu basketbola turnīrs; piedalījās 8 komandas no abām pilsētām.", "Sporta skola, 64 jaunieši", ""},
	{Visit, Business, "Uzņēmēju delegācija apmeklēja Daugavpils industriālo parku; noslēgti 2 sadarbības memorandi.", "12 uzņēmēji, attīstības departaments", "https://www.daugavpils.lv/delegacijas/"},
	{Project, Social, "Pieredzes apmaiņa par dienas centriem senioriem; sagatavots kopīgs projekta pieteikums.", "Sociālais dienests", ""},
	{Event, Youth, "Jauniešu vasaras nometne Daugavpilī; 40 dalībnieki.", "Jauniešu centrs „Jaunība”", "https://www.daugavpils.lv/foto/"},
}

// FillDemo adds the demo twin cities with their yearly days and a few
// years of cooperation log, inside the demo seeding transaction.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	var staff *int64
	_ = tx.QueryRow(ctx, `select id from users where username = 'staff'`).Scan(&staff)
	// Our coordinators: two people of the council from the directory.
	var council *int64
	_ = tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and org_type = 'municipality' and city = 'Daugavpils'
		order by id limit 1`).Scan(&council)
	var ours []int64
	for _, p := range [][3]string{{"Elīna", "Vanaga", "ārējo sakaru vadītāja"}, {"Artūrs", "Dzenis", "starptautisko projektu koordinators"}} {
		id, err := demoPerson(ctx, tx, p[0], p[1], "", p[2], "LV", council, now)
		if err != nil {
			return err
		}
		email := strings.ToLower(p[0] + "." + p[1] + "@daugavpils.lv")
		email = strings.NewReplacer("ī", "i", "ū", "u", "ē", "e", "ā", "a").Replace(email)
		if _, err := tx.Exec(ctx, `update contacts set emails = array[$2] where id = $1`, id, email); err != nil {
			return err
		}
		ours = append(ours, id)
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for i, d := range demoAgreements {
		var signed, review *time.Time
		if d.signed != "" {
			t, err := time.Parse(time.DateOnly, d.signed)
			if err != nil {
				return err
			}
			signed = &t
		}
		if d.reviewInDays != 0 {
			t := today.AddDate(0, 0, d.reviewInDays)
			review = &t
		}
		// The partner municipality and its coordinator, in the directory.
		var org int64
		orgName := d.city + " pilsētas pašvaldība"
		if err := tx.QueryRow(ctx, `insert into contacts (kind, name, name_original, org_type, country, city, created_at, updated_at)
			values ('organisation', $1, $2, 'foreign_municipality', $3, $4, $5, $5) returning id`,
			orgName, d.original, d.country, d.city, now).Scan(&org); err != nil {
			return fmt.Errorf("demo partner %s: %w", d.city, err)
		}
		given, family := demoPartnerPeople[i%len(demoPartnerPeople)][0], demoPartnerPeople[i%len(demoPartnerPeople)][1]
		theirs, err := demoPerson(ctx, tx, given, family, demoPartnerPeople[i%len(demoPartnerPeople)][2], "Ārējo sakaru nodaļa", d.country, &org, now)
		if err != nil {
			return err
		}
		our := ours[i%len(ours)]
		var id int64
		err = tx.QueryRow(ctx, `
			insert into twin_agreements (city, city_original, country, signed_on, languages, fields, status, review_on,
				notes, partner_org_id, our_coordinator_id, partner_coordinator_id, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) returning id`,
			d.city, d.original, d.country, signed, d.langs, d.fields, d.status, review,
			"Demonstrācijas dati: pilsēta un līgums ir izdomāti.", org, our, theirs, now.AddDate(0, 0, -400+i), staff).Scan(&id)
		if err != nil {
			return fmt.Errorf("demo agreement %s: %w", d.city, err)
		}
		for _, u := range []struct {
			contact int64
			kind    string
		}{{org, UsePartner}, {our, UseCoordinator}, {theirs, UseCoordinator}} {
			if _, err := tx.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at, created_by, held)
				values ($1, 'twincities', $2, $3, $4, $5, $6) on conflict do nothing`,
				u.contact, u.kind, fmt.Sprint(id), now.AddDate(0, 0, -400+i), staff, d.status != Ended); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `insert into audit_log (created_at, actor_id, actor_name, entity, entity_id, action, summary)
			values ($1, $2, 'Mārtiņš Bērziņš', 'twin_agreement', $3, 'create', $4)`,
			now.AddDate(0, 0, -400+i), staff, fmt.Sprint(id), fmt.Sprintf("Sadarbības līgums #%d: reģistrēts (statuss „%s”)", id, lvText("twincities.status."+string(d.status)))); err != nil {
			return err
		}
		var dayIDs []int64
		for _, day := range d.days {
			var did int64
			if err := tx.QueryRow(ctx, `insert into twin_days (agreement_id, month, day, occasion, created_by)
				values ($1, $2, $3, $4, $5) returning id`, id, day[0], day[1], day[2], staff).Scan(&did); err != nil {
				return err
			}
			dayIDs = append(dayIDs, did)
		}
		// A few lines a year, spread over the years back, none in the
		// future; greetings on the city's days that have passed.
		for y := 0; y < d.logYears; y++ {
			year := now.Year() - y
			for k := 0; k < 3+(i+y)%3; k++ {
				r := demoResults[(i*3+y*2+k)%len(demoResults)]
				on := time.Date(year, time.Month(1+(i*2+k*4+y)%12), 1+(i*5+k*7)%27, 0, 0, 0, 0, time.UTC)
				if on.After(today) {
					continue
				}
				field := r.field
				if !containsString(d.fields, string(field)) {
					field = Field(d.fields[k%len(d.fields)])
				}
				if _, err := tx.Exec(ctx, `insert into twin_log (agreement_id, kind, happened_on, field, participants, result, link_url, created_by)
					values ($1, $2, $3, $4, $5, $6, $7, $8)`, id, r.kind, on, field, r.who, r.result, r.link, staff); err != nil {
					return err
				}
			}
			for j, day := range d.days {
				on := time.Date(year, time.Month(day[0].(int)), day[1].(int), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -3)
				if on.After(today) || (y == 0 && j == 1) {
					continue // this year's second day is left for the plan to show as not sent
				}
				if _, err := tx.Exec(ctx, `insert into twin_log (agreement_id, kind, happened_on, field, participants, result, day_id, created_by)
					values ($1, 'greeting', $2, 'other', 'Domes priekšsēdētājs', $3, $4, $5)`,
					id, on, "Nosūtīts apsveikums: "+day[2].(string)+".", dayIDs[j], staff); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoPartnerPeople are the partner cities' coordinators: invented names,
// with the original spelling where it differs.
var demoPartnerPeople = [][3]string{
	{"Rasa", "Kazlauskienė", ""}, {"Kadri", "Tamm", ""}, {"Agnieszka", "Nowak", ""}, {"Johan", "Lindqvist", ""},
	{"Nino", "Beridze", "ნინო ბერიძე"}, {"Olena", "Kovalenko", "Олена Коваленко"}, {"Sabine", "Keller", ""},
	{"Iryna", "Sokal", "Ірына Сокал"}, {"Pāvels", "Orlovs", "Павел Орлов"}, {"Liis", "Kask", ""},
}

// demoPerson adds a person to the directory, a member of org when there is
// one; the department keeps them for its public task.
func demoPerson(ctx context.Context, tx pgx.Tx, given, family, original, position, country string, org *int64, now time.Time) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, `insert into contacts (kind, name, given_name, family_name, name_original, position, country,
			legal_basis, source, created_at, updated_at)
		values ('person', $1, $2, $3, $4, $5, $6, 'public_task', 'sadraudzības pilsētu sadarbība', $7, $7) returning id`,
		given+" "+family, given, family, original, position, country, now).Scan(&id); err != nil {
		return 0, fmt.Errorf("demo person %s %s: %w", given, family, err)
	}
	if org != nil {
		if _, err := tx.Exec(ctx, `insert into contact_memberships (person_id, org_id, role) values ($1, $2, $3)`, id, *org, position); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
