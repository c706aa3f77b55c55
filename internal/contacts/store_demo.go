package contacts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoOrgs are real Latvian media outlets and institutions by name; the
// people below are invented.
var demoOrgs = []struct {
	key, name, original string
	typ                 OrgType
	media               MediaKind
	country, city, web  string
	email, phone        string
	tags                []string
}{
	{"lsm", "Latvijas Sabiedriskie mediji", "", Media, "online", "LV", "Rīga", "https://www.lsm.lv", "redakcija@lsm.lv", "+37167206720", []string{"nacionālie"}},
	{"delfi", "Delfi", "", Media, "online", "LV", "Rīga", "https://www.delfi.lv", "zinas@delfi.lv", "", []string{"nacionālie"}},
	{"tvnet", "TVNET", "", Media, "online", "LV", "Rīga", "https://www.tvnet.lv", "zinas@tvnet.lv", "", []string{"nacionālie"}},
	{"leta", "LETA", "", Media, "agency", "LV", "Rīga", "https://www.leta.lv", "leta@leta.lv", "+37167222509", []string{"nacionālie"}},
	{"ll", "Latgales Laiks", "", Media, "newspaper", "LV", "Daugavpils", "https://www.latgaleslaiks.lv", "redakcija@latgaleslaiks.lv", "", []string{"Latgale", "reģionālie"}},
	{"gorod", "Gorod.lv", "Город.lv", Media, "online", "LV", "Daugavpils", "https://www.gorod.lv", "info@gorod.lv", "", []string{"Latgale", "reģionālie", "krievvalodīgie"}},
	{"dautkom", "Daugavpils TV „DAUTKOM TV”", "", Media, "tv", "LV", "Daugavpils", "https://dautkom.lv", "tv@dautkom.lv", "", []string{"Latgale", "reģionālie"}},
	{"radeja", "Latgolys Radeja", "", Media, "radio", "LV", "Rēzekne", "", "radeja@example.lv", "", []string{"Latgale", "latgaliski"}},
	{"lrt", "Latgales Reģionālā televīzija", "", Media, "tv", "LV", "Daugavpils", "https://www.lrtv.lv", "info@example.lv", "", []string{"Latgale", "reģionālie"}},
	{"dome", "Daugavpils valstspilsētas pašvaldība", "", Municipality, "", "LV", "Daugavpils", "https://www.daugavpils.lv", "info@daugavpils.lv", "+37165404344", nil},
	{"izgl", "Daugavpils pilsētas Izglītības pārvalde", "", MunicipalUnit, "", "LV", "Daugavpils", "", "izglitiba@example.lv", "", nil},
	{"satiksme", "AS „Daugavpils satiksme”", "", MunicipalCompany, "", "LV", "Daugavpils", "", "info@example.lv", "", nil},
	{"du", "Daugavpils Universitāte", "Daugavpils University", School, "", "LV", "Daugavpils", "https://du.lv", "info@du.lv", "", []string{"jaunatne"}},
	{"policija", "Valsts policijas Latgales reģiona pārvalde", "", State, "", "LV", "Daugavpils", "", "latgale@example.lv", "", nil},
	{"lpr", "Latgales plānošanas reģions", "", State, "", "LV", "Rēzekne", "", "lpr@example.lv", "", []string{"Latgale"}},
	{"biedriba", "Biedrība „Latgales jauniešu forums”", "", NGO, "", "LV", "Daugavpils", "", "forums@example.lv", "", []string{"jaunatne"}},
	{"panevezys", "Panevēžas pilsētas pašvaldība", "Panevėžio miesto savivaldybė", ForeignMunicipality, "", "LT", "Panevēža", "", "info@example.lt", "", []string{"sadraudzība"}},
	{"lublin", "Ļubļinas pilsēta", "Miasto Lublin", ForeignMunicipality, "", "PL", "Ļubļina", "", "info@example.pl", "", []string{"sadraudzība"}},
	{"kharkiv", "Harkivas pilsētas dome", "Харківська міська рада", ForeignMunicipality, "", "UA", "Harkiva", "", "info@example.ua", "", []string{"sadraudzība"}},
	{"plconsul", "Polijas Republikas ģenerālkonsulāts Daugavpilī", "Konsulat Generalny RP w Dyneburgu", Embassy, "", "PL", "Daugavpils", "", "konsulat@example.pl", "", nil},
	{"ltembassy", "Lietuvas Republikas vēstniecība Latvijā", "", Embassy, "", "LT", "Rīga", "", "amb@example.lt", "", nil},
	{"ec", "Eiropas Komisijas pārstāvniecība Latvijā", "", International, "", "LV", "Rīga", "", "ec@example.eu", "", nil},
}

var demoPeople = []struct {
	given, family, original, position, org, role string
	email, phone                                 string
	langs, topics, tags                          []string
	basis                                        LegalBasis
	optOut                                       bool
}{
	{"Anna", "Bērziņa", "", "žurnāliste", "lsm", "žurnāliste", "anna.berzina@example.lv", "+37126100001", []string{"lv", "en"}, []string{"politics", "city"}, nil, PublicTask, false},
	{"Dmitrijs", "Ivanovs", "Дмитрий Иванов", "redaktors", "gorod", "galvenais redaktors", "d.ivanovs@example.lv", "+37129100002", []string{"ru", "lv"}, []string{"city", "economy"}, []string{"Latgale"}, LegitimateInterest, false},
	{"Jeļena", "Žukova", "Елена Жукова", "žurnāliste", "gorod", "žurnāliste", "elena.zhukova@example.lv", "+37129100003", []string{"ru"}, []string{"culture", "education"}, nil, LegitimateInterest, false},
	{"Kristaps", "Ozoliņš", "", "reportieris", "delfi", "reportieris", "kristaps.ozolins@example.lv", "", []string{"lv"}, []string{"sport"}, nil, LegitimateInterest, false},
	{"Līga", "Kalniņa", "", "ziņu redaktore", "leta", "ziņu redaktore", "liga.kalnina@example.lv", "+37126100005", []string{"lv", "en"}, []string{"politics", "economy"}, nil, PublicTask, false},
	{"Sergejs", "Petrovs", "Сергей Петров", "operators", "dautkom", "operators", "sergejs.petrovs@example.lv", "+37126100006", []string{"ru", "lv"}, []string{"city"}, nil, LegitimateInterest, false},
	{"Inese", "Vanaga", "", "raidījumu vadītāja", "radeja", "raidījumu vadītāja", "inese.vanaga@example.lv", "", []string{"lv", "ltg"}, []string{"culture"}, []string{"latgaliski"}, Consent, false},
	{"Oļegs", "Smirnovs", "Олег Смирнов", "žurnālists", "lrt", "žurnālists", "oleg.smirnov@example.lv", "+37129100008", []string{"ru"}, []string{"social", "health"}, nil, LegitimateInterest, true},
	{"Māra", "Liepiņa", "", "žurnāliste", "ll", "žurnāliste", "mara.liepina@example.lv", "+37126100009", []string{"lv", "ltg"}, []string{"education", "youth"}, []string{"Latgale"}, LegitimateInterest, false},
	{"Edgars", "Krūmiņš", "", "korespondents Latgalē", "tvnet", "korespondents", "edgars.krumins@example.lv", "", []string{"lv"}, []string{"transport", "city"}, nil, LegitimateInterest, false},
	{"Valentīna", "Kozlova", "Валентина Козлова", "preses sekretāre", "izgl", "preses sekretāre", "valentina.kozlova@example.lv", "+37165400011", []string{"lv", "ru"}, nil, nil, PublicTask, false},
	{"Gunārs", "Strods", "", "valdes loceklis", "satiksme", "valdes loceklis", "gunars.strods@example.lv", "+37165400012", []string{"lv"}, nil, nil, PublicTask, false},
	{"Ilze", "Zariņa", "", "sabiedrisko attiecību vadītāja", "du", "sabiedrisko attiecību vadītāja", "ilze.zarina@example.lv", "+37165400013", []string{"lv", "en", "ru"}, nil, []string{"jaunatne"}, PublicTask, false},
	{"Aleksandrs", "Volkovs", "Александр Волков", "preses pārstāvis", "policija", "preses pārstāvis", "aleksandrs.volkovs@example.lv", "+37165400014", []string{"lv", "ru"}, nil, nil, PublicTask, false},
	{"Rūta", "Ābele", "", "projektu vadītāja", "lpr", "projektu vadītāja", "ruta.abele@example.lv", "", []string{"lv", "en"}, nil, nil, PublicTask, false},
	{"Artūrs", "Dzenis", "", "valdes priekšsēdētājs", "biedriba", "valdes priekšsēdētājs", "arturs.dzenis@example.lv", "+37126100016", []string{"lv", "ltg"}, nil, []string{"jaunatne"}, Consent, false},
	{"Rūta", "Jonaitienė", "", "ārējo sakaru speciāliste", "panevezys", "speciāliste", "ruta.jonaitiene@example.lt", "+37045500017", []string{"lt", "en", "ru"}, nil, []string{"sadraudzība"}, PublicTask, false},
	{"Tomasz", "Nowak", "", "starptautiskās sadarbības nodaļas vadītājs", "lublin", "nodaļas vadītājs", "t.nowak@example.pl", "", []string{"pl", "en"}, nil, []string{"sadraudzība"}, PublicTask, false},
	{"Olena", "Kovalenko", "Олена Коваленко", "koordinatore", "kharkiv", "koordinatore", "olena.kovalenko@example.ua", "", []string{"uk", "ru", "en"}, nil, []string{"sadraudzība"}, PublicTask, false},
	{"Marek", "Wiśniewski", "", "konsuls", "plconsul", "konsuls", "marek.wisniewski@example.pl", "+37165400020", []string{"pl", "ru", "lv"}, nil, nil, PublicTask, false},
	{"Jānis", "Bērziņš", "", "žurnālists", "ll", "žurnālists", "janis.berzins@example.lv", "+37126100021", []string{"lv"}, []string{"politics"}, nil, LegitimateInterest, false},
	{"Andris", "Vaivods", "", "domes priekšsēdētājs", "dome", "priekšsēdētājs", "andris.vaivods@example.lv", "+37165400022", []string{"lv", "ru", "en"}, nil, nil, PublicTask, false},
}

// FillDemo adds the directory's demo data inside the seeding transaction:
// real media outlets and institutions with invented people, a journalist
// who moved from one outlet to another, and one who asked for no mailings.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	ids := map[string]int64{}
	for _, o := range demoOrgs {
		var id int64
		var email, phone []string
		if o.email != "" {
			email = []string{o.email}
		}
		if o.phone != "" {
			phone = []string{o.phone}
		}
		err := tx.QueryRow(ctx, `
			insert into contacts (kind, name, name_original, org_type, media_kind, country, city, website, emails, phones, tags, created_at, updated_at)
			values ('organisation', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) returning id`,
			o.name, o.original, o.typ, nilIfEmpty(o.media), o.country, o.city, o.web, nonNil(email), nonNil(phone),
			nonNil(o.tags), now).Scan(&id)
		if err != nil {
			return err
		}
		ids[o.key] = id
	}
	if _, err := tx.Exec(ctx, `update contacts set parent_id = $1 where id = $2`, ids["dome"], ids["izgl"]); err != nil {
		return err
	}
	start := now.AddDate(-3, 0, 0)
	people := map[string]int64{}
	for i, p := range demoPeople {
		var id int64
		var email, phone []string
		if p.email != "" {
			email = []string{p.email}
		}
		if p.phone != "" {
			phone = []string{p.phone}
		}
		var consent *time.Time
		scope := ""
		if p.basis == Consent {
			d := now.AddDate(-1, 0, -i)
			consent = &d
			scope = "preses relīzes un ielūgumi uz pasākumiem"
		}
		var optOutAt *time.Time
		if p.optOut {
			optOutAt = &now
		}
		err := tx.QueryRow(ctx, `
			insert into contacts (kind, name, given_name, family_name, name_original, position, country, emails, phones,
			    languages, topics, tags, legal_basis, consent_date, consent_scope, source, opt_out, opt_out_at,
			    preferred_channel, created_at, updated_at)
			values ('person', $1, $2, $3, $4, $5, (select country from contacts where id = $6), $7, $8, $9, $10, $11, $12, $13,
			    $14, $15, $16, $17, 'email', $18, $18) returning id`,
			PersonName(p.given, p.family), p.given, p.family, p.original, p.position, ids[p.org], nonNil(email), nonNil(phone),
			nonNil(p.langs), nonNil(p.topics), nonNil(p.tags), p.basis, consent, scope, "medija tīmekļvietne", p.optOut, optOutAt,
			now).Scan(&id)
		if err != nil {
			return err
		}
		people[p.family] = id
		if _, err := tx.Exec(ctx, `insert into contact_memberships (person_id, org_id, role, starts_on) values ($1, $2, $3, $4)`,
			id, ids[p.org], p.role, start.AddDate(0, i, 0)); err != nil {
			return err
		}
		// Kristaps Ozoliņš wrote for TVNET before Delfi.
		if p.family == "Ozoliņš" {
			if _, err := tx.Exec(ctx, `insert into contact_memberships (person_id, org_id, role, starts_on, ends_on) values ($1, $2, 'reportieris', $3, $4)`,
				id, ids["tvnet"], start.AddDate(-2, 0, 0), start.AddDate(0, 0, -1)); err != nil {
				return err
			}
		}
	}
	// Two people whose basis has lapsed, so that the retention's preview
	// shows something: Artūrs Dzenis gave his consent four years ago, and
	// nobody has used or updated Edgars Krūmiņš's record for six.
	if _, err := tx.Exec(ctx, `update contacts set consent_date = $1 where kind = 'person' and family_name = 'Dzenis'`,
		now.AddDate(-4, 0, 0)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update contacts set created_at = $1, updated_at = $1 where kind = 'person' and family_name = 'Krūmiņš'`,
		now.AddDate(-6, 0, 0)); err != nil {
		return err
	}
	return fillDemoLists(ctx, tx, now, ids, people)
}
