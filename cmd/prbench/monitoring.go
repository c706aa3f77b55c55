package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
)

// Media monitoring at the size the department expects after a few years
// of the desk: a million clippings over four years from some sixty
// outlets of the bench directory, Latvian and Russian, each with one or
// two of the department's topics, half of them naming one or two of some
// thirty municipal units, two in three with a reach. Made in SQL
// (generate_series) in one transaction, with every constraint, index and
// the stored search text of the schema at work, and with the audit entry
// CreateClipping writes (the card's history). The directory's record of
// uses (contact_uses, and its audit entries) is not written: no page
// measured here reads it, and the directory's own figures stay those of
// its own data.
var (
	benchClippings = 1_000_000
	benchOutlets   = 60
	benchUnitsMon  = 30
	benchYearsMon  = 4
)

// benchMonitoringKey is the idempotency key of the first generated
// clipping: its presence says the area is filled.
const benchMonitoringKey = "prbench-monitoring"

// The common and the rare word of the list's searches, typed as people
// do: "Daugavpils" is in every Latvian text and, in a company's name, in
// two Russian texts in three (nine clippings in ten); the rare word is in
// a sentence put in about one Latvian clipping in seven thousand (one
// clipping in ten thousand).
const (
	monitoringCommonWord = "daugavpils"
	monitoringRareWord   = "ledlauzis"
	monitoringRareShare  = 0.00015 // of the Latvian clippings
)

// monitoringTopics are the topics the bench's clippings are sorted by: the
// demo's (monitoring.FillDemo), added when missing.
var monitoringTopics = []string{"Transports", "Izglītība", "Kultūra", "Sports", "Veselība", "Pilsētvide un būvniecība",
	"Sociālā palīdzība", "Uzņēmējdarbība", "Drošība", "Pašvaldības budžets"}

// A headline of a language and the topic (index of monitoringTopics) it
// is about.
type monHeadline struct {
	text  string
	topic int
}

// A clipping is written from these, with the press seed's places, months
// and hours in the slots ({v}, {d}, {n}, {h}): a headline, a lead that
// names the city (or, in Russian, mostly a company of it), and six to
// nine sentences, 60 to 120 words in all.
var (
	monLvHeadlines = []monHeadline{
		{"Daugavpilī {v} sāksies ielas pārbūve", 5}, {"Daugavpils dome apstiprina budžetu: lielākā daļa izglītībai", 9},
		{"Iedzīvotāji sūdzas par bedrēm {v}", 5}, {"Daugavpils satiksme maina tramvaju kustības sarakstu", 0},
		{"Pašvaldība solīja, bet rotaļu laukums {v} joprojām nav atjaunots", 5}, {"{d} Daugavpilī notiks pilsētas svētki", 2},
		{"Reģionālajā slimnīcā rindas uz izmeklējumiem saīsinās", 4}, {"Skolēni {v} mācīsies atjaunotā skolā", 1},
		{"Deputāti strīdas par sabiedriskā transporta biļešu cenām", 0}, {"Cietoksnī atklāj jaunu tūrisma maršrutu", 2},
		{"Daugavpils ūdens brīdina par ūdens atslēgšanu {v}", 5}, {"Uzņēmēji kritizē pašvaldības iepirkumu", 7},
		{"Pilsētā uzstādīs {n} jaunas videonovērošanas kameras", 8}, {"Sociālais dienests: pabalstu saņēmēju skaits pieaug", 6},
		{"Daugavpils hokeja komanda uzvar sezonas pirmajā spēlē", 3}, {"Marka Rotko mākslas centrā – jauna izstāde", 2},
		{"Dome atbalsta {n} jauniešu iniciatīvas", 1}, {"Kāpēc {v} joprojām nav ielu apgaismojuma?", 8},
		{"Pašvaldības policija {v} aiztur {n} pārkāpējus", 8}, {"Pilsētas parkos iestādīti {n} jauni koki", 5},
		{"Siltumtīkli sola apkures sezonu sākt laikus", 7}, {"Iedzīvotāju forumā spriež par pilsētas attīstību", 9},
		{"Vienības tilta remonts ieilgst", 0}, {"Bērnudārzu rindas Daugavpilī sarūk", 1},
		{"Daugavpils Universitāte uzņem rekordlielu studentu skaitu", 1}, {"Tirgotāji neapmierināti ar nomas maksu Centrāltirgū", 7},
		{"Pilsētā sāk šķirot bioloģiskos atkritumus", 5}, {"Jaunbūvē atvērts jauns sporta komplekss", 3},
		{"Pašvaldība iegādāsies {n} jaunus autobusus", 0}, {"Dome vērtē izpilddirektora darbu", 9},
		{"Pensionāri {v} saņems lielāku pabalstu", 6}, {"Ģimenes ārstu trūkums: pacienti gaida nedēļām", 4},
	}
	monLvLeads = []string{
		"Kā portālam pastāstīja Daugavpils valstspilsētas pašvaldības pārstāvji, darbi sāksies {d}.",
		"Daugavpils domes sēdē {d} deputāti par jautājumu diskutēja vairāk nekā stundu.",
		"Daugavpils iedzīvotāji par situāciju {v} redakcijai rakstījuši jau vairākkārt.",
		"Daugavpils pašvaldība šim mērķim paredzējusi {n} tūkstošus eiro.",
		"Jaunums skar vairākus tūkstošus Daugavpils iedzīvotāju, īpaši {v}.",
		"Daugavpils valstspilsētas pašvaldības preses dienests informē, ka izmaiņas stāsies spēkā {d}.",
	}
	monLvSentences = []string{
		"Pašvaldības pārstāvji uzsver, ka darbi tiks veikti pa posmiem, lai mazāk traucētu satiksmi.",
		"Iedzīvotāji gan norāda, ka par problēmu pašvaldībai ziņojuši jau pirms vairākiem gadiem.",
		"Projekta kopējās izmaksas ir {n} tūkstoši eiro, daļu sedz Eiropas Reģionālās attīstības fonds.",
		"Domes priekšsēdētājs žurnālistiem apliecināja, ka līdz {d} situācija uzlabosies.",
		"Opozīcijas deputāti lēmumu kritizēja, norādot uz pārāk augstām izmaksām un steigu.",
		"Pēc pilsētas svētkiem {v} palika pilnas atkritumu urnas, sūdzas vietējie iedzīvotāji.",
		"Redakcija lūdza komentāru pašvaldībai, taču atbildi līdz publikācijas brīdim nesaņēma.",
		"Satiksmes ierobežojumi {v} būs spēkā līdz {d}, apbraucamie ceļi ir apzīmēti ar zīmēm.",
		"Iepirkumā piedalījās {n} pretendenti, un līgums noslēgts ar saimnieciski izdevīgāko.",
		"Vecāki priecājas par jauno iespēju, taču rindas joprojām ir garas.",
		"Pasākumu apmeklēja vairāk nekā {n} simti cilvēku, ziņo organizatori.",
		"Sociālā dienesta speciālisti aicina pieteikties laikus, jo pieprasījums ir ļoti liels.",
		"Pēc būvnieka teiktā, kavēšanās iemesls ir materiālu piegādes grūtības.",
		"Iedzīvotāju aptaujā {n} procenti atbildēja, ka ar pārmaiņām ir apmierināti.",
		"Darbus veic SIA „Ceļu būve”, un tie kopā izmaksās {n} tūkstošus eiro.",
		"Pašvaldības policija aicina autovadītājus būt uzmanīgiem un ievērot ātruma ierobežojumus.",
		"Jaunais grafiks stāsies spēkā {d}, un ar to var iepazīties pašvaldības tīmekļvietnē.",
		"Eksperti uzskata, ka ieguldījums atmaksāsies jau dažu gadu laikā.",
		"Pilsētas attīstības departaments sola, ka nākamgad darbi turpināsies arī {v}.",
		"Tirgotāji uzskata, ka jaunā kārtība viņiem radīs papildu izdevumus.",
		"Uz sapulci {v} ieradās {n} iedzīvotāji, kas uzdeva jautājumus par ielu remontu.",
		"Skolu direktori atzīst, ka pedagogu trūkums joprojām ir ļoti aktuāla problēma.",
		"Komentējot situāciju, izpilddirektors norādīja, ka pašvaldība rīkojas likuma ietvaros.",
		"Sportisti pateicās līdzjutējiem par atbalstu un solīja cīnīties arī nākamajās spēlēs.",
		"Izstāde būs apskatāma līdz {d}, ieeja skolēniem un senioriem ir bez maksas.",
		"Jaunā iekārta ļaus slimnīcā izmeklēt par {n} pacientiem dienā vairāk nekā līdz šim.",
		"Daudzdzīvokļu māju iedzīvotāji pēc siltināšanas apkures rēķinos ietaupījuši līdz {n} procentiem.",
		"Vietējie uzņēmēji aicina pašvaldību vairāk uzklausīt viņu priekšlikumus.",
	}
	monLvRare = []string{
		"Pie Grīvas Daugavā strādāja ledlauzis, lai pavasarī novērstu ledus sastrēgumu un plūdus.",
	}
	monRuHeadlines = []monHeadline{
		{"В Даугавпилсе {v} начнётся реконструкция улицы", 5}, {"Дума утвердила бюджет: больше всего средств на образование", 9},
		{"Жители жалуются на ямы {v}", 5}, {"Daugavpils satiksme меняет расписание трамваев", 0},
		{"Детскую площадку {v} так и не обновили", 5}, {"{d} в Даугавпилсе пройдут дни города", 2},
		{"В больнице сокращаются очереди на обследования", 4}, {"Депутаты спорят о цене билетов в общественном транспорте", 0},
		{"В Крепости открыли новый туристический маршрут", 2}, {"Daugavpils ūdens предупреждает об отключении воды {v}", 5},
		{"Предприниматели критикуют закупку самоуправления", 7}, {"В городе установят {n} новых камер видеонаблюдения", 8},
		{"Социальная служба: число получателей пособий растёт", 6}, {"Даугавпилсские хоккеисты выиграли первый матч сезона", 3},
		{"В Центре Марка Ротко открылась новая выставка", 2}, {"Почему {v} до сих пор нет освещения?", 8},
		{"Ремонт моста Виенибас затягивается", 0}, {"Очереди в детские сады сокращаются", 1},
		{"Торговцы недовольны арендной платой на Центральном рынке", 7}, {"Самоуправление купит {n} новых автобусов", 0},
		{"Пенсионерам {v} повысят пособие", 6}, {"Нехватка семейных врачей: пациенты ждут неделями", 4},
	}
	monRuLeads = []string{
		"Как сообщили в AS Daugavpils satiksme, изменения вступят в силу {d}.",
		"По данным SIA Daugavpils ūdens, работы продлятся до {d}.",
		"Как рассказали в пресс-службе самоуправления, на эти цели выделено {n} тысяч евро.",
		"Жители {v} неоднократно обращались в редакцию по этому поводу.",
		"В SIA Daugavpils siltumtīkli заверили, что всё будет готово до {d}.",
		"В SIA Daugavpils reģionālā slimnīca подтвердили эту информацию.",
	}
	monRuSentences = []string{
		"Представители самоуправления подчёркивают, что работы будут вестись поэтапно, чтобы меньше мешать движению.",
		"Жители, однако, говорят, что сообщали о проблеме ещё несколько лет назад.",
		"Общая стоимость проекта составляет {n} тысяч евро, часть средств выделяет Евросоюз.",
		"Председатель думы заверил журналистов, что до {d} ситуация улучшится.",
		"Депутаты оппозиции раскритиковали решение, указав на слишком высокие расходы.",
		"Редакция попросила комментарий у самоуправления, однако ответа к моменту публикации не получила.",
		"Ограничения движения {v} будут действовать до {d}, объезды обозначены знаками.",
		"В закупке участвовали {n} претендентов, договор заключён с экономически наиболее выгодным.",
		"Мероприятие посетили более {n} сотен человек, сообщают организаторы.",
		"По словам строителя, причина задержки — трудности с поставкой материалов.",
		"В опросе жителей {n} процентов ответили, что довольны переменами.",
		"Муниципальная полиция призывает водителей быть внимательными и соблюдать скоростной режим.",
		"Новое расписание вступит в силу {d}, с ним можно ознакомиться на сайте самоуправления.",
		"Эксперты считают, что вложения окупятся уже за несколько лет.",
		"Торговцы считают, что новый порядок создаст им дополнительные расходы.",
		"На собрание {v} пришли {n} жителей, которые задавали вопросы о ремонте улиц.",
		"Директора школ признают, что нехватка педагогов по-прежнему остаётся острой проблемой.",
		"Выставка будет открыта до {d}, для школьников и пенсионеров вход бесплатный.",
		"Жители многоквартирных домов после утепления экономят на отоплении до {n} процентов.",
		"Местные предприниматели призывают самоуправление больше прислушиваться к их предложениям.",
		"В AS Daugavpils satiksme обещают, что трамваи в часы пик будут ходить чаще.",
		"Спортсмены поблагодарили болельщиков за поддержку и пообещали бороться дальше.",
	}
)

func monHeadlineColumns(hs []monHeadline) ([]string, []int) {
	texts, topics := make([]string, len(hs)), make([]int, len(hs))
	for i, h := range hs {
		texts[i], topics[i] = h.text, h.topic+1
	}
	return texts, topics
}

// monLangSQL is one language's word lists as arguments of a statement.
type monLangSQL struct{ pressLangSQL }

func newMonLangSQL(a *sqlArgs, lang string) monLangSQL {
	arr := func(xs []string) string { return a.add(xs) + "::text[]" }
	if lang == "ru" {
		texts, _ := monHeadlineColumns(monRuHeadlines)
		return monLangSQL{pressLangSQL{places: arr(ruPlaces), months: arr(ruMonths), dateSep: "' '", hours: arr(pressHours),
			titles: arr(texts), leads: arr(monRuLeads), sentences: arr(monRuSentences), rare: arr(monLvRare)}}
	}
	texts, _ := monHeadlineColumns(monLvHeadlines)
	return monLangSQL{pressLangSQL{places: arr(lvPlaces), months: arr(lvMonths), dateSep: "'. '", hours: arr(pressHours),
		titles: arr(texts), leads: arr(monLvLeads), sentences: arr(monLvSentences), rare: arr(monLvRare)}}
}

// text is the lead and n (SQL, a column of the row: the subquery runs for
// each) sentences, a paragraph every three, and the rare sentence when
// rare (SQL) holds.
func (l monLangSQL) text(n, rare string) string {
	return l.fill(pickSQL(l.leads)) + " || ' ' || (select string_agg(" + l.fill(pickSQL(l.sentences)) +
		", case when k % 3 = 0 then E'\\n\\n' else ' ' end order by k) from generate_series(1, " + n + ") k)" +
		" || case when " + rare + " then ' ' || " + pickSQL(l.rare) + " else '' end"
}

// seedMonitoringTimed fills the monitoring area once (the directory first:
// its outlets, journalists and units are the clippings'), then refreshes
// the planner's statistics and the visibility map.
func seedMonitoringTimed(ctx context.Context, pool *pgxpool.Pool) error {
	if err := seedContactsTimed(ctx, pool); err != nil {
		return err
	}
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from monitoring_clippings where idempotency_key = $1)`, benchMonitoringKey).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	start := time.Now()
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return seedMonitoring(ctx, tx) }); err != nil {
		return err
	}
	fmt.Printf("Bench data: clippings generated in %s.\n", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	for _, t := range []string{"monitoring_clippings", "monitoring_clipping_topics", "monitoring_mentions", "monitoring_topics", "audit_log"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	fmt.Printf("Bench data: monitoring tables vacuumed in %s.\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func seedMonitoring(ctx context.Context, tx pgx.Tx) error {
	t0 := time.Now()
	step := func(what string) {
		fmt.Printf("  %s %s\n", what, time.Since(t0).Round(time.Millisecond))
		t0 = time.Now()
	}
	if _, err := tx.Exec(ctx, `set local jit = off; set local work_mem = '256MB'; select setseed(0.43)`); err != nil {
		return err
	}
	// The department's staff enters and judges the clippings; a judged
	// tone needs a judge, so without the demo's staff the first account is.
	var staff int64
	var staffName string
	if err := tx.QueryRow(ctx, `select id, username from users order by username <> 'staff', id limit 1`).Scan(&staff, &staffName); err != nil {
		return fmt.Errorf("an account to enter the clippings: %w", err)
	}
	// The topics, as the demo names them.
	if _, err := tx.Exec(ctx, `insert into monitoring_topics (name, created_at, updated_at, created_by)
		select n, now() - interval '5 years', now() - interval '5 years', $2 from unnest($1::text[]) n
		on conflict do nothing`, monitoringTopics, staff); err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	var topicIDs []int64
	if err := tx.QueryRow(ctx, `select array_agg(t.id order by n.i) from unnest($1::text[]) with ordinality n(name, i)
		join monitoring_topics t on lower(t.name) = lower(n.name)`, monitoringTopics).Scan(&topicIDs); err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	if len(topicIDs) != len(monitoringTopics) {
		return fmt.Errorf("topics: %d of %d", len(topicIDs), len(monitoringTopics))
	}
	// The outlets: media of the bench directory, the first ones of the
	// shuffle publishing most; one with a Russian name writes in Russian.
	// Each with its journalists, and the host its articles are at.
	if _, err := tx.Exec(ctx, `
		create temp table bench_mon_outlets on commit drop as
		select row_number() over (order by random())::int pos, o.id,
		       case when o.name_original <> '' then 'ru' else 'lv' end lang,
		       case o.media_kind when 'newspaper' then 'print' when 'magazine' then 'print' when 'tv' then 'tv'
		            when 'radio' then 'radio' when 'agency' then 'agency' else 'online' end media_type,
		       coalesce(nullif(regexp_replace(o.website, '^https?://(www\.)?', ''), ''), 'media' || o.id || '.lv') host,
		       coalesce(j.ids, '{}') journalist_ids, coalesce(j.names, '{}') journalist_names
		from contacts o
		left join lateral (
		    select array_agg(p.id order by p.id) ids, array_agg(p.name order by p.id) names
		    from contact_memberships m join contacts p on p.id = m.person_id
		    where m.org_id = o.id and m.ends_on is null and p.merged_into is null and cardinality(p.topics) > 0) j on true
		where o.source = $1 and o.kind = 'organisation' and o.org_type = 'media' and o.merged_into is null and o.active
		order by random() limit $2`, benchSource, benchOutlets); err != nil {
		return fmt.Errorf("outlets: %w", err)
	}
	var outlets int
	if err := tx.QueryRow(ctx, `select count(*) from bench_mon_outlets`).Scan(&outlets); err != nil {
		return err
	}
	if outlets < 10 {
		return fmt.Errorf("monitoring: only %d media outlets in the bench directory", outlets)
	}
	// The units mentioned: the municipality's own of the directory.
	var units []int64
	if err := tx.QueryRow(ctx, `select coalesce(array_agg(id), '{}') from (
		select id from contacts where source = $1 and kind = 'organisation' and merged_into is null
		and org_type in ('municipality', 'municipal_unit', 'municipal_company') order by random() limit $2) u`,
		benchSource, benchUnitsMon).Scan(&units); err != nil {
		return fmt.Errorf("units: %w", err)
	}
	if len(units) < 5 {
		return fmt.Errorf("monitoring: only %d municipal units in the bench directory", len(units))
	}
	step("outlets, units, topics")

	// Each clipping's facts; the texts are written as they are stored.
	var a sqlArgs
	_, lvTopics := monHeadlineColumns(monLvHeadlines)
	_, ruTopics := monHeadlineColumns(monRuHeadlines)
	lvHeadlines, ruHeadlines := a.add(lvTopics)+"::int[]", a.add(ruTopics)+"::int[]"
	n, nOutlets, topics, unitsArg := a.add(benchClippings), a.add(outlets), a.add(topicIDs)+"::bigint[]", a.add(units)+"::bigint[]"
	span := a.add(fmt.Sprintf("%d days", benchYearsMon*365+1)) + "::interval"
	// The ids in the order the clippings were entered, as the store's
	// would be.
	var firstID int64
	if err := tx.QueryRow(ctx, `select nextval(pg_get_serial_sequence('monitoring_clippings', 'id'))`).Scan(&firstID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `select setval(pg_get_serial_sequence('monitoring_clippings', 'id'), $1)`, firstID+int64(benchClippings)-1); err != nil {
		return err
	}
	first := a.add(firstID)
	_, err := tx.Exec(ctx, `
		create temp table bench_mon on commit drop as
		with g as (
		    select g, 1 + floor(`+nOutlets+`::int * random() ^ 1.6)::int pos,
		           -- more coverage lately: the desk reads more sources each year
		           date_trunc('minute', now() - interval '30 minutes' - `+span+` * random() ^ 1.25) published,
		           random() rl, random() rt, random() rr, random() ru, random() rm, random() rj, random() rk
		    from generate_series(1, `+n+`::int) g),
		o as (
		    select g.*, o.id outlet_id, o.host, o.journalist_ids, o.journalist_names,
		           case when rl < 0.03 then case o.lang when 'ru' then 'lv' else 'ru' end else o.lang end lang,
		           case when rm < 0.05 then 'social' else o.media_type end media_type,
		           least(now(), g.published + interval '10 minutes' + random() * interval '2 days') created
		    from g join bench_mon_outlets o on o.pos = g.pos),
		h as (
		    select o.*, case lang when 'ru' then 1 + floor(random() * cardinality(`+ruHeadlines+`))::int
		                          else 1 + floor(random() * cardinality(`+lvHeadlines+`))::int end headline
		    from o)
		select o.g, `+first+`::bigint - 1 + row_number() over (order by o.created, o.g) id,
		       o.outlet_id, o.published, o.lang, o.media_type, o.created,
		       -- the newest are still to be judged
		       case when o.published > now() - interval '14 days' and o.rt < 0.6 then 'unjudged'
		            when o.rt < 0.05 then 'unjudged' when o.rt < 0.30 then 'positive' when o.rt < 0.70 then 'neutral'
		            when o.rt < 0.88 then 'negative' else 'mixed' end tone,
		       case when o.rr < 2.0 / 3 then (case o.media_type when 'tv' then 5000 + floor(random() * 145000)
		            when 'radio' then 2000 + floor(random() * 60000) when 'print' then 800 + floor(random() * 15000)
		            when 'social' then 100 + floor(random() * 20000) else 500 + floor(random() * 50000) end)::int end reach,
		       case when o.media_type in ('online', 'agency', 'social') or o.ru < 0.3 then o.host || '/zinas/' || o.g end url_key,
		       case when o.rj < 0.55 and cardinality(o.journalist_ids) > 0 then 1 + floor(random() * cardinality(o.journalist_ids))::int end j,
		       o.journalist_ids, o.journalist_names,
		       o.headline, (`+topics+`)[case o.lang when 'ru' then (`+ruHeadlines+`)[o.headline]
		                                     else (`+lvHeadlines+`)[o.headline] end] topic1,
		       6 + floor(random() * 4)::int sentences,
		       o.lang = 'lv' and random() < `+fmt.Sprint(monitoringRareShare)+` rare,
		       case when random() < 0.4 then (`+topics+`)[1 + floor(random() * cardinality(`+topics+`))::int] end topic2,
		       case when o.rk < 0.5 then (`+unitsArg+`)[1 + floor(random() * cardinality(`+unitsArg+`))::int] end unit1,
		       case when o.rk < 0.15 then (`+unitsArg+`)[1 + floor(random() * cardinality(`+unitsArg+`))::int] end unit2
		from h o`, a...)
	if err != nil {
		return fmt.Errorf("clippings: %w", err)
	}
	if _, err := tx.Exec(ctx, `analyze bench_mon`); err != nil {
		return err
	}
	step("clippings planned")
	// The clippings and their links are loaded with the tables' own
	// secondary indexes and foreign keys set aside and made again after
	// (each key then checked by one join, each index built at once): kept
	// row by row, the search index's pending list was merged hundreds of
	// times and every link locked its clipping's row, 11 minutes in all.
	if err := bulkLoad(ctx, tx, []string{"monitoring_clippings", "monitoring_clipping_topics", "monitoring_mentions"}, func() error {
		return loadClippings(ctx, tx, staff)
	}); err != nil {
		return err
	}
	step("topics and mentions")
	// The audit entry CreateClipping writes: the card's history.
	var toneWords []string
	lvCtx := i18n.WithLocale(ctx, "lv")
	for _, t := range monitoring.Tones {
		toneWords = append(toneWords, string(t), i18n.T(lvCtx, "monitoring.tone."+string(t)))
	}
	if _, err := tx.Exec(ctx, `
		insert into audit_log (created_at, actor_id, actor_name, entity, entity_id, action, summary, details)
		select m.created, $1, $2, 'monitoring_clipping', c.id::text, 'create',
		       'Publikācija Nr. ' || c.id || ': pievienota (vērtējums „' || w.word || '”)',
		       jsonb_build_object('title', c.title, 'url', c.url)
		from bench_mon m join monitoring_clippings c on c.id = m.id
		join (select x[i] tone, x[i + 1] word from (select $3::text[] x) a, generate_series(1, cardinality($3::text[]), 2) i) w
		  on w.tone = m.tone
		order by m.created, m.id`, staff, staffName, toneWords); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	step("audit log")
	return nil
}

// loadClippings writes the planned clippings (bench_mon) and their topics
// and mentions.
func loadClippings(ctx context.Context, tx pgx.Tx, staff int64) error {
	// As the store writes them (CreateClipping): the tone judged by the
	// person entering it, the address's key, the search text generated.
	// The headline's slots are filled in the row, the text's in each of
	// its sentences.
	var b sqlArgs
	lv, ru := newMonLangSQL(&b, "lv"), newMonLangSQL(&b, "ru")
	key, staffArg := b.add(benchMonitoringKey), b.add(staff)+"::bigint"
	headline := func(l monLangSQL) string { return l.fill("(" + l.titles + ")[m.headline]") }
	if _, err := tx.Exec(ctx, `
		insert into monitoring_clippings (id, outlet_id, published_at, title, url, url_key, author, journalist_id, media_type, language,
		    reach, body, tone, toned_by, toned_at, idempotency_key, version, created_at, updated_at, created_by)
		overriding system value
		select m.id, m.outlet_id, m.published,
		    case m.lang when 'ru' then `+headline(ru)+` else `+headline(lv)+` end,
		    coalesce('https://www.' || m.url_key, ''), coalesce(m.url_key, ''),
		    coalesce(m.journalist_names[m.j], ''), m.journalist_ids[m.j], m.media_type, m.lang, m.reach,
		    case m.lang when 'ru' then `+ru.text("m.sentences", "m.rare")+` else `+lv.text("m.sentences", "m.rare")+` end,
		    m.tone, case when m.tone <> 'unjudged' then `+staffArg+` end, case when m.tone <> 'unjudged' then m.created end,
		    case when m.g = 1 then `+key+` end, 1, m.created, m.created, `+staffArg+`
		from bench_mon m order by m.id`, b...); err != nil {
		return fmt.Errorf("clippings: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		insert into monitoring_clipping_topics (clipping_id, topic_id)
		select id, topic1 from bench_mon
		union
		select id, topic2 from bench_mon where topic2 is not null`); err != nil {
		return fmt.Errorf("topics of clippings: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		insert into monitoring_mentions (clipping_id, contact_id)
		select id, unit1 from bench_mon where unit1 is not null
		union
		select id, unit2 from bench_mon where unit2 is not null`); err != nil {
		return fmt.Errorf("mentions: %w", err)
	}
	return nil
}

// bulkLoad runs load with the secondary indexes and foreign keys of tables
// dropped, then makes them again as they were, in the caller's
// transaction: what load wrote is checked against every key once, and the
// indexes are built whole rather than row by row.
func bulkLoad(ctx context.Context, tx pgx.Tx, tables []string, load func() error) error {
	if _, err := tx.Exec(ctx, `set local maintenance_work_mem = '512MB'`); err != nil {
		return err
	}
	var again []string
	for _, t := range tables {
		rows, _ := tx.Query(ctx, `
			select 'alter table ' || conrelid::regclass || ' drop constraint ' || quote_ident(conname),
			       'alter table ' || conrelid::regclass || ' add constraint ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
			from pg_constraint where conrelid = $1::regclass and contype = 'f'
			union all
			select 'drop index ' || indexrelid::regclass, pg_get_indexdef(indexrelid)
			from pg_index where indrelid = $1::regclass and not indisunique and not indisprimary`, t)
		pairs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
			var p [2]string
			err := r.Scan(&p[0], &p[1])
			return p, err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		for _, p := range pairs {
			if _, err := tx.Exec(ctx, p[0]); err != nil {
				return fmt.Errorf("%s: %w", p[0], err)
			}
			again = append(again, p[1])
		}
	}
	if err := load(); err != nil {
		return err
	}
	start := time.Now()
	for _, sql := range again {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	fmt.Printf("  %d indexes and keys made again %s\n", len(again), time.Since(start).Round(time.Millisecond))
	return nil
}

// monitoringTargets are the area's pages under load.
func monitoringTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var afterAt time.Time
	var afterID int64
	if err := conn.QueryRow(ctx, `select published_at, id from monitoring_clippings order by published_at desc, id desc offset 10000 limit 1`).
		Scan(&afterAt, &afterID); err != nil {
		return nil, fmt.Errorf("a cursor for a later page of clippings: %w", err)
	}
	// A topic of the middle of the range, and a card with all there is
	// to show: two topics, mentions, a journalist, a reach, an address.
	var topic, card int64
	if err := conn.QueryRow(ctx, `select topic_id from monitoring_clipping_topics group by topic_id order by count(*) desc offset 4 limit 1`).
		Scan(&topic); err != nil {
		return nil, fmt.Errorf("a topic for the filter: %w", err)
	}
	if err := conn.QueryRow(ctx, `select c.id from monitoring_clippings c
		where c.idempotency_key is null and c.journalist_id is not null and c.reach is not null and c.url <> '' and c.tone <> 'unjudged'
		  and (select count(*) from monitoring_clipping_topics t where t.clipping_id = c.id) = 2
		  and exists (select 1 from monitoring_mentions m where m.clipping_id = c.id)
		order by c.published_at desc, c.id desc offset 500 limit 1`).Scan(&card); err != nil {
		return nil, fmt.Errorf("a clipping for the card: %w", err)
	}
	// Last month's report ("the report page for a month"), made as the
	// button makes it when no run made it before: its page counts the
	// month's figures and the month's before when read.
	month := monitoring.Monthly.Last(time.Now())
	var report int64
	if err := conn.QueryRow(ctx, `insert into monitoring_reports (kind, period_start, period_end, created_at, updated_at)
		values ('monthly', $1, $2, now(), now())
		on conflict (kind, period_start) do update set kind = excluded.kind returning id`,
		month.From.In(i18n.Riga).Format(time.DateOnly), month.LastDay().Format(time.DateOnly)).Scan(&report); err != nil {
		return nil, fmt.Errorf("last month's report: %w", err)
	}
	later := url.Values{"after": {afterAt.UTC().Format(time.RFC3339Nano)}, "after_id": {fmt.Sprint(afterID)}}
	return []target{
		{name: "GET /monitoring (first page)", path: "/monitoring", cookie: cookie},
		{name: "GET /monitoring?after= (later)", path: "/monitoring?" + later.Encode(), cookie: cookie},
		{name: "GET /monitoring?tone=negative", path: "/monitoring?tone=negative", cookie: cookie},
		{name: "GET /monitoring?topic=", path: fmt.Sprintf("/monitoring?topic=%d", topic), cookie: cookie},
		{name: "GET /monitoring?tone=neg&topic=", path: fmt.Sprintf("/monitoring?tone=negative&topic=%d", topic), cookie: cookie},
		{name: "GET /monitoring?q=" + monitoringCommonWord, path: "/monitoring?q=" + monitoringCommonWord, cookie: cookie},
		{name: "GET /monitoring?q=" + monitoringRareWord, path: "/monitoring?q=" + monitoringRareWord, cookie: cookie},
		{name: "GET /monitoring/{id}", path: fmt.Sprintf("/monitoring/%d", card), cookie: cookie},
		{name: "GET /monitoring/reports/{id} (a month)", path: fmt.Sprintf("/monitoring/reports/%d", report), cookie: cookie},
	}, nil
}
