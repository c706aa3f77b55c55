package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/contacts"
)

// The directory at the size issue 11 names: 50 000 organisations and
// 300 000 people, a third of them with Russian names written in both
// scripts, with e-mails, phones, tags, memberships (a journalist's outlet,
// with topics) and ended memberships. Made in SQL (generate_series) in one
// transaction with the triggers off, then the search text and its words
// in two statements: about a minute, once.
var (
	benchOrgs   = 50_000
	benchPeople = 300_000
)

// benchSource marks the generated contacts: their presence says the
// directory is filled.
const benchSource = "prbench"

var (
	// Russian given names and surnames, in Cyrillic and as Latvian writes them.
	ruMale = [][2]string{{"Сергей", "Sergejs"}, {"Александр", "Aleksandrs"}, {"Дмитрий", "Dmitrijs"}, {"Андрей", "Andrejs"},
		{"Алексей", "Aleksejs"}, {"Владимир", "Vladimirs"}, {"Игорь", "Igors"}, {"Николай", "Nikolajs"}, {"Михаил", "Mihails"},
		{"Юрий", "Jurijs"}, {"Олег", "Oļegs"}, {"Виктор", "Viktors"}, {"Евгений", "Jevgēņijs"}, {"Павел", "Pāvels"}, {"Роман", "Romāns"}}
	ruFemale = [][2]string{{"Елена", "Jeļena"}, {"Ольга", "Olga"}, {"Татьяна", "Tatjana"}, {"Наталья", "Natālija"},
		{"Светлана", "Svetlana"}, {"Ирина", "Irina"}, {"Людмила", "Ludmila"}, {"Анна", "Anna"}, {"Марина", "Marina"},
		{"Юлия", "Jūlija"}, {"Екатерина", "Jekaterina"}, {"Галина", "Gaļina"}, {"Оксана", "Oksana"}, {"Алёна", "Aļona"}, {"Виктория", "Viktorija"}}
	// In the masculine: the feminine adds "а" in Cyrillic and ends in "a" for "s" in Latvian.
	ruSurnames = [][2]string{{"Иванов", "Ivanovs"}, {"Петров", "Petrovs"}, {"Смирнов", "Smirnovs"}, {"Кузнецов", "Kuzņecovs"},
		{"Попов", "Popovs"}, {"Васильев", "Vasiļjevs"}, {"Павлов", "Pavlovs"}, {"Соколов", "Sokolovs"}, {"Михайлов", "Mihailovs"},
		{"Новиков", "Novikovs"}, {"Фёдоров", "Fjodorovs"}, {"Морозов", "Morozovs"}, {"Волков", "Volkovs"}, {"Алексеев", "Aleksejevs"},
		{"Лебедев", "Ļebedevs"}, {"Семёнов", "Semjonovs"}, {"Егоров", "Jegorovs"}, {"Козлов", "Kozlovs"}, {"Степанов", "Stepanovs"},
		{"Николаев", "Nikolajevs"}, {"Орлов", "Orlovs"}, {"Андреев", "Andrejevs"}, {"Макаров", "Makarovs"}, {"Захаров", "Zaharovs"},
		{"Жуков", "Žukovs"}, {"Щукин", "Ščukins"}, {"Зайцев", "Zaicevs"}, {"Соловьёв", "Solovjovs"}, {"Борисов", "Borisovs"},
		{"Яковлев", "Jakovļevs"}}
	orgWords = []string{"Dzintars", "Latgale", "Daugava", "Saule", "Ozols", "Vītols", "Bērzs", "Krasts", "Avots", "Zvaigzne",
		"Gaisma", "Māja", "Tilts", "Sēta", "Aka", "Upe", "Ezers", "Mežs", "Lauks", "Dārzs", "Pils", "Vārti", "Rasa", "Zīle",
		"Dzērve", "Stārķis", "Lūsis", "Ābele", "Liepa", "Egle", "Ziemeļi", "Dienvidi", "Austrumi", "Rietumi", "Cietoksnis",
		"Grīva", "Ruģeļi", "Jaunbūve", "Forštate", "Esplanāde", "Stropi", "Vecstropi", "Gajoks", "Križi", "Ķīmiķi", "Nīcgale"}
	orgSuffixes = []string{"Būve", "Serviss", "Tirdzniecība", "Grupa", "Projekts", "Transports", "Dizains", "Loģistika", "Agro",
		"Nami", "Medicīna", "Energo", "Mēbeles", "Konsultācijas", "Tehnoloģijas", "Poligrāfija", "Ceļi", "Apsardze"}
	ngoWords  = []string{"Kopiena", "Attīstība", "Sports", "Kultūra", "Jaunatne", "Mantojums", "Draugi", "Senioru klubs", "Kori", "Vides draugi"}
	mediaList = [][2]string{{"Latgales Laiks", ""}, {"Grani", "Грани"}, {"Gorod", "Город"}, {"Daugavpils Vēstis", ""},
		{"Million", "Миллион"}, {"Latgales Reģionālā televīzija", ""}, {"Sejčas", "Сейчас"}, {"Naš Gorod", "Наш Город"},
		{"Latvijas Radio", ""}, {"LETA", ""}, {"Rēzeknes Vēstis", ""}, {"Ezerzeme", ""}, {"Vaduguns", ""}, {"Latgales Ziņas", ""}}
	benchCities  = []string{"Daugavpils", "Daugavpils", "Daugavpils", "Rīga", "Rēzekne", "Krāslava", "Preiļi", "Līvāni", "Ilūkste", "Jēkabpils", "Ludza", "Aglona"}
	foreignTowns = [][3]string{{"Витебск", "Vitebska", "BY"}, {"Полоцк", "Polocka", "BY"}, {"Новополоцк", "Novopolocka", "BY"},
		{"Гродно", "Grodņa", "BY"}, {"Псков", "Pleskava", "RU"}, {"Харьков", "Harkiva", "UA"}, {"Житомир", "Žitomira", "UA"},
		{"Вильнюс", "Viļņa", "LT"}}
	benchUnits = []string{"Kultūras pārvalde", "Izglītības pārvalde", "Sporta pārvalde", "Sociālais dienests", "Būvvalde",
		"Bāriņtiesa", "Pilsētas attīstības departaments", "Komunālās saimniecības pārvalde", "Centrālā bibliotēka"}
	benchStates = []string{"Valsts ieņēmumu dienests", "Valsts policija", "Nodarbinātības valsts aģentūra", "Valsts darba inspekcija",
		"Uzņēmumu reģistrs", "Pārtikas un veterinārais dienests", "Valsts ugunsdzēsības un glābšanas dienests"}
	benchDomains = []string{"gmail.com", "inbox.lv", "apollo.lv", "mail.ru", "yandex.ru", "outlook.com", "dautkom.lv", "du.lv",
		"daugavpils.lv", "delfi.lv", "tvnet.lv", "lsm.lv", "press.lv"}
	benchTags      = []string{"prese", "partneri", "izglītība", "kultūra", "sports", "uzņēmēji", "nvo", "valsts", "ārvalstis", "jaunatne", "tūrisms", "svētki"}
	benchRoles     = []string{"valdes loceklis", "valdes priekšsēdētājs", "direktors", "vadītāja vietnieks", "projektu vadītājs", "sabiedrisko attiecību speciālists", "grāmatvedis", "speciālists", "sekretāre"}
	benchJournRole = []string{"žurnālists", "redaktors", "korespondents", "fotogrāfs", "galvenais redaktors", "operators"}
)

func column(xs [][2]string, i int) []string {
	out := make([]string, len(xs))
	for k, x := range xs {
		out[k] = x[i]
	}
	return out
}

func column3(xs [][3]string, i int) []string {
	out := make([]string, len(xs))
	for k, x := range xs {
		out[k] = x[i]
	}
	return out
}

// seedContactsTimed fills the directory once.
func seedContactsTimed(ctx context.Context, pool *pgxpool.Pool) error {
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from contacts where source = $1)`, benchSource).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	start := time.Now()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return seedContacts(ctx, tx) })
	if err != nil {
		return err
	}
	fmt.Printf("Bench data: directory generated in %s.\n", time.Since(start).Round(time.Millisecond))
	for _, t := range []string{"contacts", "contact_memberships", "contact_words"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	return nil
}

// pickSQL is an element of the array argument arr picked at random.
func pickSQL(arr string) string {
	return fmt.Sprintf("(%s)[1 + floor(random() * cardinality(%s))::int]", arr, arr)
}

func seedContacts(ctx context.Context, tx pgx.Tx) error {
	t0 := time.Now()
	step := func(what string) {
		fmt.Printf("  %s %s\n", what, time.Since(t0).Round(time.Millisecond))
		t0 = time.Now()
	}
	// The triggers (the search text, its words, the memberships' refresh)
	// would run per row; the search and its words are made once below.
	if _, err := tx.Exec(ctx, `set local session_replication_role = replica; set local jit = off`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `select setseed(0.11)`); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `
		with o as (
		    select g, r, random() r2, random() r3, random() r4, random() r5,
		           `+pickSQL("$1::text[]")+` w1, `+pickSQL("$4::text[]")+` city,
		           1 + floor(random() * cardinality($3::text[]))::int mi, 1 + floor(random() * cardinality($5::text[]))::int fi,
		           `+pickSQL("$9::text[]")+` tag,
		           now() - random() * interval '1500 days' created
		    from (select g, random() r from generate_series(1, $11::int) g) s),
		typed as (
		    select o.*, case
		        when r < 0.50 then 'company' when r < 0.70 then 'ngo' when r < 0.75 then 'school'
		        when r < 0.78 then 'media' when r < 0.81 then 'state' when r < 0.83 then 'municipality'
		        when r < 0.88 then 'municipal_unit' when r < 0.90 then 'municipal_company'
		        when r < 0.96 then 'foreign_municipality' when r < 0.97 then 'embassy' else 'international' end t
		    from o),
		named as (
		    select typed.*, case t
		        when 'company' then (array['SIA', 'SIA', 'AS', 'IK'])[1 + floor(r2 * 4)::int] || ' "' || w1 ||
		            case when r3 < 0.6 then ' ' || `+pickSQL("$2::text[]")+` else '' end || '"'
		        when 'ngo' then 'Biedrība "' || w1 || ' ' || `+pickSQL("$8::text[]")+` || '"'
		        when 'school' then case when r3 < 0.5 then 'Daugavpils ' || (1 + g % 17) || '. vidusskola'
		            else city || ' ' || (array['pamatskola', 'ģimnāzija', 'mūzikas skola', 'mākslas skola'])[1 + floor(r4 * 4)::int] end
		        when 'media' then ($3::text[])[mi] || ' – ' || city
		        when 'state' then `+pickSQL("$7::text[]")+` || ', ' || city || ' nodaļa'
		        when 'municipality' then city || ' novada pašvaldība'
		        when 'municipal_unit' then 'Daugavpils ' || lower(`+pickSQL("$6::text[]")+`) || ' ' || w1
		        when 'municipal_company' then 'SIA "Daugavpils ' || lower(`+pickSQL("$2::text[]")+`) || '"'
		        when 'foreign_municipality' then ($5::text[])[fi] || ' pilsētas pašvaldība'
		        when 'embassy' then (array['Lietuvas', 'Baltkrievijas', 'Polijas', 'Vācijas', 'Zviedrijas', 'Ukrainas'])[1 + floor(r4 * 6)::int] ||
		            ' Republikas ' || (array['vēstniecība', 'konsulāts', 'goda konsulāts'])[1 + floor(r5 * 3)::int]
		        else (array['UNESCO', 'Eiropas Komisijas pārstāvniecība', 'Baltijas jūras valstu padome', 'Eurocities', 'Pilsētu savienība'])[1 + floor(r4 * 5)::int] || ' ' || w1
		        end name,
		        case t when 'media' then coalesce(nullif(($10::text[])[mi], '') || ' – ' || city, '')
		            when 'foreign_municipality' then 'Администрация города ' || ($12::text[])[fi] else '' end original,
		        case when t = 'foreign_municipality' then ($13::text[])[fi] else 'LV' end country
		    from typed),
		made as (
		    select 'organisation' kind, name, original, t,
		       case when t = 'media' then (array['newspaper', 'online', 'tv', 'radio', 'agency', 'magazine'])[1 + floor(r3 * 6)::int] end media_kind,
		       country, case when country = 'LV' then city else '' end city,
		       case when r4 < 0.5 then 'https://www.' || replace(contact_fold(w1), ' ', '') || g || '.lv' else '' end website,
		       array['info@' || replace(contact_fold(w1), ' ', '') || g || '.lv'] emails,
		       case when r5 < 0.8 then array['+371654' || lpad(floor(random() * 100000)::text, 5, '0')] else '{}' end phones,
		       case when r5 < 0.3 then array[tag] else '{}' end tags,
		       r2 > 0.03 active, $14 source, created, created + random() * (now() - created) updated
		    from named)
		insert into contacts (kind, name, name_original, org_type, media_kind, country, city, website, emails, phones, tags,
		                      active, source, created_at, updated_at, search, listed_types)
		select made.*, contact_search_words(name || ' ' || original || ' ' || array_to_string(emails, ' ') || ' ') || contact_phone_words(phones),
		       array[t]
		from made`,
		orgWords, orgSuffixes, column(mediaList, 0), benchCities, column3(foreignTowns, 1), benchUnits, benchStates,
		ngoWords, benchTags, column(mediaList, 1), benchOrgs, column3(foreignTowns, 0), column3(foreignTowns, 2), benchSource)
	if err != nil {
		return fmt.Errorf("organisations: %w", err)
	}
	step("organisations")
	// People first in a table of their own, with their ids: their search
	// text needs their organisations, so they are added after their
	// memberships, whole.
	_, err = tx.Exec(ctx, `
		create temp table bench_people on commit drop as
		with p as (
		    select g, random() < 0.35 ru, random() < 0.5 male, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
		           1 + floor(random() * cardinality($1::text[]))::int rm, 1 + floor(random() * cardinality($3::text[]))::int rf,
		           1 + floor(random() * cardinality($5::text[]))::int rs, 1 + floor(random() * cardinality($9::text[]))::int ls,
		           `+pickSQL("$7::text[]")+` lm, `+pickSQL("$8::text[]")+` lf,
		           now() - random() * interval '1500 days' created
		    from generate_series(1, $11::int) g),
		n as (
		    select p.*,
		        case when ru then case when male then ($2::text[])[rm] else ($4::text[])[rf] end
		             else case when male then lm else lf end end given_lv,
		        case when ru then case when male then ($6::text[])[rs] else left(($6::text[])[rs], -1) || 'a' end
		             else case when male then ($9::text[])[ls] else ($10::text[])[ls] end end family_lv,
		        case when male then ($1::text[])[rm] else ($3::text[])[rf] end given_ru,
		        case when male then ($5::text[])[rs] else ($5::text[])[rs] || 'а' end family_ru,
		        g % 16 = 0 journalist, ru and r6 < 0.1 cyr_only
		    from p)
		select nextval(pg_get_serial_sequence('contacts', 'id')) id,
		       case when cyr_only then given_ru || ' ' || family_ru else given_lv || ' ' || family_lv end name,
		       case when cyr_only then given_ru else given_lv end given_name,
		       case when cyr_only then family_ru else family_lv end family_name,
		       case when ru and not cyr_only then given_ru || ' ' || family_ru else '' end name_original,
		       case when cyr_only then (array['RU', 'BY', 'UA'])[1 + floor(r5 * 3)::int] else 'LV' end country,
		       case when ru then (array['{ru}', '{ru,lv}', '{ru,lv,en}'])[1 + floor(r4 * 3)::int]::text[]
		            else (array['{lv}', '{lv,en}', '{lv,ru}', '{lv,ru,en}', '{lv,ltg}'])[1 + floor(r4 * 5)::int]::text[] end languages,
		       case when r1 < 0.9 then array[replace(contact_fold(given_lv), ' ', '') || '.' || replace(contact_fold(family_lv), ' ', '') ||
		            case when g % 3 = 0 then (g % 97)::text else '' end || '@' || `+pickSQL("$12::text[]")+`] else '{}' end emails,
		       case when r2 < 0.8 then array['+3712' || lpad(floor(random() * 10000000)::text, 7, '0')] else '{}' end ||
		            case when r2 < 0.1 then array['+371654' || lpad(floor(random() * 100000)::text, 5, '0')] else '{}' end phones,
		       case when r3 < 0.3 then array[`+pickSQL("$13::text[]")+`] else '{}' end tags,
		       case when journalist then array(select distinct `+pickSQL("$14::text[]")+` from generate_series(0, g % 3)) else '{}' end topics,
		       case when journalist then `+pickSQL("$15::text[]")+` when r5 < 0.6 then `+pickSQL("$16::text[]")+` else '' end position,
		       (array['email', 'email', 'phone', null])[1 + floor(r6 * 4)::int] preferred_channel,
		       case when r3 < 0.4 then 'public_task' when r3 < 0.95 then 'legitimate_interest' else 'consent' end legal_basis,
		       case when r3 >= 0.95 then created::date end consent_date,
		       $17 source, r4 < 0.02 opt_out, case when r4 < 0.02 then now() end opt_out_at, created created_at,
		       created + random() * (now() - created) updated_at
		from n`,
		column(ruMale, 0), column(ruMale, 1), column(ruFemale, 0), column(ruFemale, 1), column(ruSurnames, 0), column(ruSurnames, 1),
		maleNames, femaleNames, column(surnames, 0), column(surnames, 1), benchPeople, benchDomains, benchTags, contacts.Topics,
		benchJournRole, benchRoles, benchSource)
	if err != nil {
		return fmt.Errorf("people: %w", err)
	}
	step("people")
	// A journalist works at an outlet, two in three others somewhere; one
	// in six has left a place before.
	_, err = tx.Exec(ctx, `
		with orgs as (select min(id) lo, max(id) hi, array_agg(id) filter (where org_type = 'media') media
		              from contacts where source = $1 and kind = 'organisation'),
		people as (select p.id, p.position, p.created_at, cardinality(p.topics) > 0 journalist, random() r from bench_people p)
		insert into contact_memberships (person_id, org_id, role, starts_on, ends_on)
		select id, case when journalist then media[1 + floor(random() * cardinality(media))::int] else lo + floor(random() * (hi - lo + 1))::bigint end,
		       position, (created_at - random() * interval '2000 days')::date, null
		from people, orgs where journalist or r < 0.65
		union all
		select id, case when journalist then media[1 + floor(random() * cardinality(media))::int] else lo + floor(random() * (hi - lo + 1))::bigint end,
		       '', (created_at - interval '2000 days' - random() * interval '2000 days')::date,
		       (created_at - interval '2000 days' + random() * interval '1500 days')::date
		from people, orgs where (journalist and r < 0.5) or r > 0.85`, benchSource)
	if err != nil {
		return fmt.Errorf("memberships: %w", err)
	}
	step("memberships")
	// The search text and the listed types as contacts_search_keep
	// (migrations 00100 and 00126) makes them:
	// TestSeedContacts holds the two alike.
	if _, err := tx.Exec(ctx, `analyze contact_memberships`); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		insert into contacts (id, kind, name, given_name, family_name, name_original, country, languages, emails, phones, tags, topics,
		                      position, preferred_channel, legal_basis, consent_date, source, opt_out, opt_out_at, created_at, updated_at, search,
		                      listed_types)
		overriding system value
		select p.id, 'person', p.name, p.given_name, p.family_name, p.name_original, p.country, p.languages, p.emails, p.phones, p.tags, p.topics,
		       p.position, p.preferred_channel, p.legal_basis, p.consent_date, p.source, p.opt_out, p.opt_out_at, p.created_at, p.updated_at,
		       contact_search_words(p.name || ' ' || p.name_original || ' ' || array_to_string(p.emails, ' ') || ' ' ||
		           coalesce((select string_agg(o.name || ' ' || o.name_original, ' ')
		                     from contact_memberships m join contacts o on o.id = m.org_id
		                     where m.person_id = p.id and m.ends_on is null), ''))
		       || contact_phone_words(p.phones),
		       contact_listed_types(p.id, 'person', null)
		from bench_people p`)
	if err != nil {
		return fmt.Errorf("people: %w", err)
	}
	step("people's search")
	if _, err := tx.Exec(ctx, `insert into contact_words (word, sort_key, contact_id, org)
		select x, c.sort_key, c.id, c.kind = 'organisation' from contacts c, contact_words_of(c.search) x where c.source = $1`, benchSource); err != nil {
		return fmt.Errorf("words: %w", err)
	}
	step("words")
	return nil
}

// contactTargets are the directory's pages the bench measures.
func contactTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var after contacts.Cursor
	if err := conn.QueryRow(ctx, `select sort_key, id from contacts where merged_into is null
		order by sort_key, id offset 100000 limit 1`).Scan(&after.Key, &after.ID); err != nil {
		return nil, fmt.Errorf("a cursor for a later page: %w", err)
	}
	var person int64
	var email, phone string
	if err := conn.QueryRow(ctx, `select c.id, split_part(c.emails[1], '@', 1), c.phones[1] from contacts c
		where c.source = $1 and c.kind = 'person' and cardinality(c.phones) > 0 and cardinality(c.topics) > 0
		  and exists(select 1 from contact_memberships m where m.person_id = c.id and m.ends_on is not null)
		order by c.id offset 5000 limit 1`, benchSource).Scan(&person, &email, &phone); err != nil {
		return nil, fmt.Errorf("a journalist for the card: %w", err)
	}
	q := func(path, v string) string { return path + url.QueryEscape(v) }
	return []target{
		{name: "GET /contacts (first page)", path: "/contacts", cookie: cookie},
		{name: "GET /contacts?after= (a later page)", path: "/contacts?after=" + after.String(), cookie: cookie},
		{name: "GET /contacts?q=berzins (common word)", path: "/contacts?q=berzins", cookie: cookie},
		{name: "GET /contacts?q=" + email + " (rare word)", path: q("/contacts?q=", email), cookie: cookie},
		{name: "GET /contacts?q=skaidrite+berzina (two words)", path: "/contacts?q=skaidrite+berzina", cookie: cookie},
		{name: "GET /contacts?q=щукин (Cyrillic)", path: q("/contacts?q=", "щукин"), cookie: cookie},
		{name: "GET /contacts?q=phone (without 371)", path: q("/contacts?q=", phone[4:]), cookie: cookie},
		{name: "GET /contacts?q=ivanova&topic=sport", path: "/contacts?q=ivanova&topic=sport", cookie: cookie},
		{name: "GET /contacts?sort=updated", path: "/contacts?sort=updated", cookie: cookie},
		{name: "GET /contacts?country=EE (a few)", path: "/contacts?country=EE", cookie: cookie},
		{name: "GET /contacts?q=sia&country=LT", path: "/contacts?q=sia&country=LT", cookie: cookie},
		{name: "GET /contacts?q=a&kind=organisation", path: "/contacts?q=a&kind=organisation", cookie: cookie},
		{name: "GET /contacts?q=a&type=media (people by outlet)", path: "/contacts?q=a&type=media", cookie: cookie},
		{name: "GET /contacts/lookup/options?q=be", path: "/contacts/lookup/options?field=contact&contact_q=be", cookie: cookie},
		{name: "GET /contacts/lookup/options?q=iva (people)", path: "/contacts/lookup/options?field=contact&kind=person&contact_q=iva", cookie: cookie},
		{name: "GET /contacts/lookup/options?q=ива", path: q("/contacts/lookup/options?field=contact&contact_q=", "ива"), cookie: cookie},
		{name: "GET /contacts/lookup/options?q=sia (organisations)", path: "/contacts/lookup/options?field=contact&kind=organisation&contact_q=sia", cookie: cookie},
		{name: "GET /contacts/{id} (a journalist)", path: fmt.Sprintf("/contacts/%d", person), cookie: cookie},
	}, nil
}
