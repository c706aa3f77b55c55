package monitoring

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// The demo's feeds are real Latgale and Latvian outlets' feeds. make run
// does not schedule reads (RegisterFeedReads), and the demo machine is
// usually offline anyway: each active feed is shown as the desk would
// show it after two days without a network (its items from before,
// failures in a row, the next read a day away at the back-off's cap), so
// that even a server started on this data without --demo waits a day
// before it reaches for the network.

var demoFeeds = []struct {
	outlet, name, url string
	site              string // where its articles are
	lang              Language
	medium            MediaType
	active            bool
	errorCode         string
}{
	{"Gorod.lv", "Gorod.lv – Даугавпилс", "https://www.gorod.lv/rss", "https://www.gorod.lv/novosti", Russian, Online, true, "no_such_host"},
	{"Latgales Laiks", "Latgales Laiks – ziņas", "https://www.latgaleslaiks.lv/feed/", "https://www.latgaleslaiks.lv/zinas", Latvian, Online, true, "unreachable"},
	{"Daugavpils TV „DAUTKOM TV”", "DAUTKOM TV – jaunumi", "https://dautkom.lv/feed/", "https://dautkom.lv/news", Russian, TV, true, "timeout"},
	{"Latvijas Sabiedriskie mediji", "LSM – Latgalē", "https://www.lsm.lv/rss/?catid=latgale", "https://www.lsm.lv/raksts/zinas/latgale", Latvian, Online, true, "unreachable"},
	{"Delfi", "Delfi – reģionos", "https://www.delfi.lv/rss/?channel=regionos", "https://www.delfi.lv/regionos", Latvian, Online, false, "status_gone:404"},
}

// demoRules are the department's rules: name, expression, topic (index
// of demoTopics, -1 for none).
var demoRules = []struct {
	name, expression string
	topic            int
}{
	{"Daugavpils", `Daugavpil VAI Даугавпилс`, -1},
	{"Domes priekšsēdētājs", `"domes priekšsēdētāj" VAI "председатель думы"`, 9},
	{"Tramvajs", `(tramvaj VAI трамва) NE Rīg`, 0},
	{"Skolas un bērnudārzi", `(skol VAI bērnudārz VAI школ VAI "детский сад") UN (Daugavpil VAI Даугавпилс)`, 1},
	{"Rotko centrs un pilsētas svētki", `Rotko VAI Ротко VAI "pilsētas svētk" VAI "дни города"`, 2},
}

// demoItems are what the feeds brought: feed (index of demoFeeds), title
// and summary; most are about Daugavpils, some are not and stay out of
// the inbox.
var demoItems = []struct {
	feed           int
	title, summary string
}{
	{1, "Daugavpils domes priekšsēdētājs tiekas ar uzņēmējiem", "Sarunā apspriesta jaunā industriālā parka attīstība un nodokļu atvieglojumi investoriem."},
	{1, "Daugavpilī sāks tramvaja sliežu nomaiņu Cietokšņa ielā", "Darbi ilgs līdz maija beigām; tramvaji kursēs pa apvedceļu."},
	{3, "Tramvaja līnijas pagarinājums uz Ķīmiķu ciematu: projekts apstiprināts", "Pašvaldība apstiprināja tehnisko projektu; būvdarbi sāksies nākamgad."},
	{1, "Daugavpils skolās ievieš elektronisku ēdienkarti", "Skolēni un vecāki ēdienu varēs izvēlēties tiešsaistē nedēļu iepriekš."},
	{3, "Bērnudārzu rindas Daugavpilī saīsinājušās par trešdaļu", "Pēc divu jaunu grupu atvēršanas rindā uz vietu gaida 260 bērni."},
	{1, "Marka Rotko mākslas centrā atklāj jaunu izstādi", "Izstāde „Krāsu lauki” būs skatāma līdz martam; skolēniem ieeja bez maksas."},
	{3, "Pilsētas svētku programmā – koncerti Vienības laukumā", "Svētku galvenais koncerts notiks sestdienas vakarā, uzstāsies Latgales mūziķi."},
	{1, "Daugavpils cietoksnī atjaunos vēsturiskās kazarmas", "Projekta vērtība ir 6 miljoni eiro; darbi ilgs līdz 2028. gadam."},
	{3, "Daugavpils hokeja komanda iekļūst Latvijas kausa finālā", "Pusfinālā Daugavpils komanda ar 4:2 pārspēja pretiniekus."},
	{1, "Domes priekšsēdētājs: budžetā vairāk līdzekļu ielu remontiem", "Nākamgad ielu remontiem paredzēti par 2 miljoniem eiro vairāk nekā šogad."},
	{3, "Daugavpils Universitātē rekordliels ārvalstu studentu skaits", "Šoruden studijas sākuši vairāk nekā 300 studentu no 20 valstīm."},
	{1, "Daugavpilī atvērts jauns sociālais dienas centrs", "Centrs strādās darbdienās no 9 līdz 18 un piedāvās psihologa konsultācijas."},
	{3, "Satiksmes ierobežojumi Daugavpils centrā nedēļas nogalē", "Rīgas ielā notiks pilsētas svētku gājiens; autobusi kursēs pa apvedceļiem."},
	{1, "Daugavpils reģionālā slimnīca saņem jaunu datortomogrāfu", "Iekārta iegādāta ar Eiropas fondu atbalstu; rindas uz izmeklējumiem saīsināsies."},
	{3, "Latgales zoodārzā Daugavpilī piedzimuši divi lūši", "Mazuļus apmeklētāji varēs redzēt no jūnija."},
	{1, "Daugavpils pašvaldības policija pastiprina patrulēšanu parkos", "Pēc iedzīvotāju lūguma patruļas vakaros būs biežākas."},
	{3, "Uzņēmēji Daugavpilī kritizē tirgus nomas maksas pieaugumu", "Tirgotāji uzskata, ka jaunā maksa ir pārāk augsta; pašvaldība sola diskusiju."},
	{1, "Tramvaju kustība Jaunbūvē slēgta līdz pirmdienai", "Sliežu remonta dēļ tramvaja vietā kursēs autobuss."},
	{3, "Daugavpils 13. vidusskola uzvar robotikas sacensībās", "Skolēnu komanda sacensībās Rēzeknē ieguva pirmo vietu."},
	{1, "Rotko centrs izsludina rezidenču programmu jaunajiem māksliniekiem", "Pieteikties var līdz mēneša beigām."},
	{0, "В Даугавпилсе продлят трамвайную линию", "Дума утвердила проект реконструкции трамвайной линии до Химиков."},
	{0, "Председатель думы Даугавпилса ответил на вопросы жителей", "На встрече обсуждали ремонт дорог и отопительный сезон."},
	{0, "Даугавпилсские школы переходят на электронное меню", "Родители смогут выбирать питание детей онлайн."},
	{2, "В Центре Ротко открылась новая выставка", "Выставка будет открыта до марта, для школьников вход бесплатный."},
	{0, "Даугавпилс: на улице Ригас начался ремонт", "Водители жалуются на заторы, самоуправление призывает пользоваться объездами."},
	{2, "В Даугавпилсе откроют новый детский сад", "Новое здание рассчитано на 120 детей."},
	{0, "Даугавпилсская больница получила новый томограф", "Очереди на обследования сократятся."},
	{2, "Хоккеисты Даугавпилса вышли в финал Кубка Латвии", "В полуфинале команда победила со счётом 4:2."},
	{0, "Жители Даугавпилса жалуются на задержки автобусов", "Перевозчик обещает пересмотреть расписание."},
	{2, "Дни города в Даугавпилсе: программа праздника", "Главный концерт пройдёт на площади Единства."},
	{0, "В Даугавпилсе отремонтируют крепость", "Работы продлятся до 2028 года."},
	{2, "Даугавпилсский трамвай получит новые вагоны", "Первые вагоны прибудут осенью."},
	{3, "Rīgā slēgs tramvaja līniju Brīvības ielā", "Remonta laikā tramvaja vietā kursēs autobuss."},
	{1, "Saeima pieņem grozījumus nodokļu likumā", "Grozījumi stāsies spēkā nākamā gada janvārī."},
	{3, "Laikapstākļi: nedēļas nogalē gaidāms sniegs", "Sinoptiķi brīdina par slidenu ceļu visā valstī."},
	{1, "Liepājā atklāj jaunu koncertzāles sezonu", "Sezonu atklās simfoniskā orķestra koncerts."},
	{0, "В Риге подорожает проезд в общественном транспорте", "Новые тарифы вступят в силу с февраля."},
	{4, "Valmierā notiks starptautisks basketbola turnīrs", "Turnīrā piedalīsies komandas no piecām valstīm."},
}

// fillDemoFeeds adds the feeds, the rules and what the feeds brought,
// matched by the rules as an import matches them; a few items are
// dismissed already.
func fillDemoFeeds(ctx context.Context, tx pgx.Tx, now time.Time, staff *int64, topics []int64) error {
	feedIDs := make([]int64, len(demoFeeds))
	lastSuccess := now.Add(-50 * time.Hour).Truncate(time.Minute)
	for i, f := range demoFeeds {
		var outlet *int64
		_ = tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and name = $1 and merged_into is null
			order by id limit 1`, f.outlet).Scan(&outlet)
		if outlet == nil {
			return fmt.Errorf("monitoring demo: no outlet %q in the directory", f.outlet)
		}
		errorAt := now.Add(-time.Duration(2+i) * time.Hour).Truncate(time.Minute)
		failures := 5
		next := nextRead(errorAt, DefaultFeedInterval*time.Minute, failures, 0)
		if !f.active {
			failures = 1
		}
		if err := tx.QueryRow(ctx, `insert into monitoring_feeds (name, url, outlet_id, language, media_type, active, interval_minutes,
				etag, last_success_at, last_error_at, last_error_code, last_error, failures, next_read_at, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) returning id`,
			f.name, f.url, outlet, f.lang, f.medium, f.active, DefaultFeedInterval, fmt.Sprintf(`W/"%x"`, 0x5e1a+i), lastSuccess,
			errorAt, f.errorCode, readErrorText(lvContext, f.errorCode), failures, next, now.AddDate(0, -2, 0), staff).Scan(&feedIDs[i]); err != nil {
			return err
		}
	}
	var rules []MatcherRule
	for _, r := range demoRules {
		parsed, err := ParseRule(r.expression)
		if err != nil {
			return fmt.Errorf("monitoring demo rule %q: %w", r.name, err)
		}
		var topic *int64
		if r.topic >= 0 {
			topic = &topics[r.topic]
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into monitoring_rules (name, expression, topic_id, active, created_at, updated_at, created_by)
			values ($1, $2, $3, true, $4, $4, $5) returning id`, r.name, parsed.String(), topic, now.AddDate(0, -2, 0), staff).Scan(&id); err != nil {
			return err
		}
		rules = append(rules, MatcherRule{ID: id, Rule: parsed})
	}
	m := NewMatcher(rules)
	dismissed := 0
	for i, it := range demoItems {
		published := lastSuccess.Add(-time.Duration(i*83) * time.Minute)
		hits := m.Match(it.title + "\n" + it.summary)
		status, decidedAt, decidedBy := ItemNew, (*time.Time)(nil), (*int64)(nil)
		if len(hits) > 0 && i%11 == 10 && dismissed < 3 {
			status, decidedAt, decidedBy = ItemDismissed, &lastSuccess, staff
			dismissed++
		}
		link := fmt.Sprintf("%s/%d", demoFeeds[it.feed].site, 48000+i)
		var id int64
		if err := tx.QueryRow(ctx, `insert into monitoring_items (feed_id, guid, url, url_key, title, summary, published_at,
				first_seen_at, matched, status, decided_at, decided_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
			feedIDs[it.feed], link, link, urlKey(link), it.title, it.summary, published, published.Add(7*time.Minute),
			len(hits) > 0, status, decidedAt, decidedBy).Scan(&id); err != nil {
			return err
		}
		for _, h := range hits {
			if _, err := tx.Exec(ctx, `insert into monitoring_item_hits (item_id, rule_id, terms) values ($1, $2, $3)`,
				id, h.RuleID, h.Terms); err != nil {
				return err
			}
		}
	}
	return nil
}
