package monitoring

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoTopics are the topics the department sorts coverage by.
var demoTopics = []string{"Transports", "Izglītība", "Kultūra", "Sports", "Veselība", "Pilsētvide un būvniecība",
	"Sociālā palīdzība", "Uzņēmējdarbība", "Drošība", "Pašvaldības budžets"}

// demoStories are believable publications about Daugavpils: a headline,
// an excerpt, the topic (index of demoTopics), the tone and the language.
var demoStories = []struct {
	title, body string
	topic       int
	tone        Tone
	lang        Language
}{
	{"Daugavpilī atjaunos tramvaja līniju uz Ķīmiķu ciematu", "Pašvaldība apstiprināja tramvaja līnijas pārbūves projektu; darbi sāksies pavasarī un ilgs divus gadus. AS „Daugavpils satiksme” sola, ka reisi kursēs biežāk.", 0, Positive, Latvian},
	{"В Даугавпилсе продлят трамвайную линию", "Дума утвердила проект реконструкции трамвайной линии. Работы начнутся весной, сообщает пресс-служба самоуправления.", 0, Positive, Russian},
	{"Iedzīvotāji sūdzas par autobusu kavēšanos Jaunbūvē", "Vairāki iedzīvotāji norāda, ka 5. maršruta autobusi rīta stundās kavējas līdz 15 minūtēm. Pārvadātājs sola pārskatīt grafiku.", 0, Negative, Latvian},
	{"Skolās ievieš jaunu ēdināšanas kārtību", "Daugavpils pilsētas Izglītības pārvalde informē, ka no janvāra skolēni ēdienkarti varēs izvēlēties elektroniski.", 1, Neutral, Latvian},
	{"Vecāki neapmierināti ar bērnudārzu rindām", "Rindā uz vietu pašvaldības pirmsskolas izglītības iestādēs gaida vairāk nekā 400 bērnu; pašvaldība sola jaunu grupu atvēršanu.", 1, Mixed, Latvian},
	{"Родители недовольны очередями в детские сады", "В очереди в муниципальные дошкольные учреждения ждут более 400 детей. Самоуправление обещает открыть новые группы.", 1, Negative, Russian},
	{"Daugavpils Universitāte uzņem rekordlielu ārvalstu studentu skaitu", "Šoruden studijas sāka vairāk nekā 300 studentu no 20 valstīm.", 1, Positive, Latvian},
	{"Marka Rotko mākslas centrā atklāta jauna izstāde", "Izstāde „Krāsu lauki” būs skatāma līdz martam; ieeja skolēniem bez maksas.", 2, Positive, Latvian},
	{"Pilsētas svētku programmā – koncerti un gadatirgus", "Pašvaldība publiskojusi pilsētas svētku programmu; galvenais koncerts notiks Vienības laukumā.", 2, Neutral, Latvian},
	{"В Центре Марка Ротко открылась новая выставка", "Выставка будет открыта до марта, для школьников вход бесплатный.", 2, Positive, Russian},
	{"Daugavpils hokejisti uzvar Latvijas kausa pusfinālā", "Daugavpils komanda ar 4:2 pārspēja pretiniekus un spēlēs finālā.", 3, Positive, Latvian},
	{"Stadiona pārbūve kavējas par pusgadu", "Būvnieks skaidro kavēšanos ar materiālu piegādes grūtībām; pašvaldība apsver līgumsodu.", 3, Negative, Latvian},
	{"Reģionālā slimnīca saņem jaunu datortomogrāfu", "Iekārta iegādāta ar Eiropas fondu atbalstu; rindas uz izmeklējumiem saīsināsies.", 4, Positive, Latvian},
	{"Gripas dēļ slēgtas divas skolas", "Saslimstības dēļ divas pilsētas skolas uz nedēļu pāriet uz attālinātām mācībām.", 4, Neutral, Latvian},
	{"Cietokšņa teritorijā atjaunos vēsturiskās ēkas", "Projekta vērtība ir 6 miljoni eiro; darbi ilgs līdz 2028. gadam.", 5, Positive, Latvian},
	{"Rīgas ielas remonts traucē satiksmi pilsētas centrā", "Autovadītāji sūdzas par sastrēgumiem; pašvaldība aicina izmantot apbraucamos ceļus.", 5, Negative, Latvian},
	{"На улице Ригас ремонт: пробки в центре города", "Водители жалуются на заторы, самоуправление призывает пользоваться объездами.", 5, Negative, Russian},
	{"Pašvaldība palielina pabalstu vientuļajiem pensionāriem", "No nākamā gada pabalsts pieaugs par 20 eiro mēnesī.", 6, Positive, Latvian},
	{"Sociālais dienests atver jaunu dienas centru", "Centrs strādās darbdienās no 9 līdz 18 un piedāvās arī psihologa konsultācijas.", 6, Positive, Latvian},
	{"Daugavpilī atver jaunu ražotni un radīs 80 darbavietas", "Investors plāno ražotnē ieguldīt 12 miljonus eiro.", 7, Positive, Latvian},
	{"Uzņēmēji kritizē nomas maksas pieaugumu tirgū", "Tirgotāji uzskata, ka jaunā nomas maksa ir pārāk augsta; pašvaldība sola diskusiju.", 7, Mixed, Latvian},
	{"Pašvaldības policija pastiprina patrulēšanu parkos", "Pēc iedzīvotāju lūguma patruļas vakaros būs biežākas.", 8, Neutral, Latvian},
	{"Domes deputāti apstiprina nākamā gada budžetu", "Budžeta lielākā daļa paredzēta izglītībai un ielu remontiem; opozīcija balsoja pret.", 9, Mixed, Latvian},
	{"Daugavpils City Council adopts next year's budget", "Most of the budget goes to education and street repairs.", 9, Neutral, English},
}

// FillDemo adds the area's demo data inside the seeding transaction:
// topics, and some 150 clippings of the last two months from the
// directory's outlets, judged and linked as the department would.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	var staff *int64
	_ = tx.QueryRow(ctx, `select id from users where username = 'staff'`).Scan(&staff)
	topics := make([]int64, len(demoTopics))
	for i, name := range demoTopics {
		if err := tx.QueryRow(ctx, `insert into monitoring_topics (name, created_at, updated_at, created_by) values ($1, $2, $2, $3)
			returning id`, name, now.AddDate(0, -3, 0), staff).Scan(&topics[i]); err != nil {
			return err
		}
	}
	type outlet struct {
		id        int64
		mediaKind string
	}
	rows, _ := tx.Query(ctx, `select id, coalesce(media_kind, 'online') from contacts
		where kind = 'organisation' and org_type = 'media' and merged_into is null order by id`)
	outlets, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (outlet, error) {
		var o outlet
		err := r.Scan(&o.id, &o.mediaKind)
		return o, err
	})
	if err != nil || len(outlets) == 0 {
		return err
	}
	rows, _ = tx.Query(ctx, `select id from contacts where kind = 'organisation'
		and org_type in ('municipality', 'municipal_unit', 'municipal_company', 'school') and merged_into is null order by id`)
	units, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	var release *int64
	_ = tx.QueryRow(ctx, `select id from press_releases where status = 'sent' order by sent_at desc limit 1`).Scan(&release)
	rnd := rand.New(rand.NewPCG(4, 5))
	for i := range 150 {
		st := demoStories[i%len(demoStories)]
		o := outlets[rnd.IntN(len(outlets))]
		published := now.Add(-time.Duration(rnd.IntN(60*24)) * time.Hour).Truncate(time.Minute)
		tone := st.tone
		var tonedBy *int64
		var tonedAt *time.Time
		if i%7 == 3 {
			tone = Unjudged
		} else {
			tonedBy, tonedAt = staff, &published
		}
		var reach *int
		if i%3 != 0 {
			n := 500 + rnd.IntN(40)*250
			reach = &n
		}
		var rel *int64
		if i%25 == 0 {
			rel = release
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into monitoring_clippings (outlet_id, published_at, title, body, media_type, language,
				reach, tone, toned_by, toned_at, release_id, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $2, $2, $12) returning id`,
			o.id, published, st.title, st.body, demoMediaType(o.mediaKind), st.lang, reach, tone, tonedBy, tonedAt, rel, staff).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into monitoring_clipping_topics (clipping_id, topic_id) values ($1, $2)`, id, topics[st.topic]); err != nil {
			return err
		}
		if len(units) > 0 && i%2 == 0 {
			if _, err := tx.Exec(ctx, `insert into monitoring_mentions (clipping_id, contact_id) values ($1, $2)`,
				id, units[rnd.IntN(len(units))]); err != nil {
				return err
			}
		}
	}
	if err := fillDemoReports(ctx, tx, now, staff, topics); err != nil {
		return err
	}
	return fillDemoFeeds(ctx, tx, now, staff, topics)
}

// demoSummaries are the department's summaries of past periods.
var demoSummaries = []string{
	"Nedēļas galvenā tēma bija tramvaja līnijas pārbūve: par to rakstīja gandrīz visi reģionālie mediji, tonalitāte pārsvarā pozitīva. Negatīvās publikācijas attiecas uz Rīgas ielas remontu un sastrēgumiem centrā; satiksmes pārvaldei ieteikts sagatavot skaidrojumu par apbraucamajiem ceļiem.",
	"Mierīga nedēļa. Izglītības pārvaldes paziņojums par ēdināšanas kārtību skolās plaši pārpublicēts bez komentāriem. Krievu valodas medijos vairākas publikācijas par rindām uz bērnudārziem: iesakām Izglītības pārvaldei sniegt interviju.",
	"Pilsētas svētku programma un Marka Rotko mākslas centra izstāde nodrošināja daudz pozitīvu publikāciju. Stadiona pārbūves kavēšanās izraisīja kritiskus rakstus; būvvaldei jāsagatavo atbildes uz žurnālistu jautājumiem.",
	"Publikāciju skaits nedaudz samazinājās. Uzmanības centrā – nākamā gada budžets: opozīcijas kritika atspoguļota vairākos medijos, taču pašvaldības skaidrojumi citēti vienmēr.",
}

// demoMonthSummaries are the department's summaries of past months.
var demoMonthSummaries = []string{
	"Mēnesī publikāciju bija vairāk nekā iepriekšējā, galvenokārt tramvaja līnijas pārbūves un pilsētas svētku dēļ. Negatīvo īpatsvars nedaudz samazinājās; kritika joprojām attiecas uz ielu remontiem un rindām uz bērnudārziem. Ieteikums: mēneša sākumā rīkot preses konferenci par ielu remontu grafiku.",
	"Mēneša lielākā tēma bija nākamā gada budžeta projekts; krievu valodas medijos plaši atspoguļotas diskusijas par sociālajiem pabalstiem. Pozitīvas publikācijas par Daugavpils Universitātes ārvalstu studentiem un jauno ražotni.",
}

// fillDemoReports adds the reports of the last weeks and months, mailed
// to the demo recipients but for the last week's, still a draft; the
// settings that send them; and two alerts of busy days.
func fillDemoReports(ctx context.Context, tx pgx.Tx, now time.Time, staff *int64, topics []int64) error {
	var head, director *int64
	_ = tx.QueryRow(ctx, `select id from users where username = 'head'`).Scan(&head)
	_ = tx.QueryRow(ctx, `select id from users where username = 'director'`).Scan(&director)
	if _, err := tx.Exec(ctx, `update monitoring_report_settings set weekly = true, monthly = true, spike_alerts = true,
			spike_multiple = 2.0, spike_minimum = 5, updated_at = $1, updated_by = $2`, now.AddDate(0, -2, 0), head); err != nil {
		return err
	}
	if director != nil {
		if _, err := tx.Exec(ctx, `insert into monitoring_report_recipients (user_id, created_at, created_by) values ($1, $2, $3)`,
			director, now.AddDate(0, -2, 0), head); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `insert into monitoring_report_recipients (name, email, created_at, created_by)
		values ('Domes priekšsēdētāja birojs', 'birojs@daugavpils.lv', $1, $2)`, now.AddDate(0, -2, 0), head); err != nil {
		return err
	}
	type demoReport struct {
		kind ReportKind
		p    Period
	}
	var reports []demoReport
	week := Weekly.Last(now)
	for range 4 {
		reports = append(reports, demoReport{Weekly, week})
		week = Weekly.Before(week)
	}
	month := Monthly.Last(now)
	reports = append(reports, demoReport{Monthly, month}, demoReport{Monthly, Monthly.Before(month)})
	for i, r := range reports {
		sentAt := r.p.To.Add(sendHour * time.Hour)
		var sent *time.Time
		status, recipients := Draft, 0
		if i > 0 && sentAt.Before(now) {
			sent, status, recipients = &sentAt, Sent, 2
		}
		summary := ""
		switch {
		case r.kind == Monthly:
			summary = demoMonthSummaries[i%len(demoMonthSummaries)]
		case i > 0:
			summary = demoSummaries[i%len(demoSummaries)]
		}
		created := r.p.To.Add(7 * time.Hour)
		if created.After(now) {
			created = now
		}
		if _, err := tx.Exec(ctx, `insert into monitoring_reports (kind, period_start, period_end, summary, status, sent_at, recipients,
				created_at, updated_at, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
			r.kind, civil(r.p.From), civil(r.p.LastDay()), summary, status, sent, recipients, created, staff); err != nil {
			return err
		}
	}
	// Two busy days: the tramway's and the budget's.
	for i, a := range []struct {
		days, count int
		topic       int64
		avg         float64
	}{{9, 7, topics[0], 1.4}, {23, 9, 0, 2.6}} {
		var topic *int64
		if a.topic != 0 {
			topic = &a.topic
		}
		d := day(now).AddDate(0, 0, -a.days)
		if _, err := tx.Exec(ctx, `insert into monitoring_alerts (day, topic_id, count, average, multiple, recipients, created_at)
			values ($1, $2, $3, $4, 2.0, 1, $5)`, civil(d), topic, a.count, a.avg, d.Add(time.Duration(11+i)*time.Hour)); err != nil {
			return err
		}
	}
	return nil
}

// demoMediaType is a directory outlet's medium as the area names it.
func demoMediaType(kind string) MediaType {
	switch kind {
	case "newspaper", "magazine":
		return Print
	case "tv":
		return TV
	case "radio":
		return Radio
	case "agency":
		return Agency
	}
	return Online
}
