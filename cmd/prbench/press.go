package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/press"
)

// Press at the size the issue names: 50 000 releases written over five
// years, most of them sent, each sending reaching some 45 of the
// directory's journalists and outlets, 2 000 000 deliveries in all, each
// with its mail in the outbox. Made in SQL (generate_series) in one
// transaction, with every constraint and index of the schema at work;
// the search text as the store writes it, the versions, the head's
// decisions, the directory's record of the contact person and the audit
// log's entries (the card's history) as the use cases leave them.
var (
	benchReleases   = 50_000
	benchDeliveries = 2_000_000
)

// benchPressKey is the idempotency key of the first generated release: its
// presence says the area is filled.
const benchPressKey = "prbench-press"

// The measured sending goes to a static list of benchSendTo people of the
// bench directory, made with the area's data.
const (
	benchSendTo      = 5_000
	benchSendListKey = "prbench-list-5000"
)

// The common and the rare word of the list's searches, typed without
// diacritics as people do: one of the sentences of nearly every release,
// and one of a sentence put in about one release in a thousand.
const (
	pressCommonWord = "pilsetas"
	pressRareWord   = "udenstorni"
	pressRareShare  = 0.00008 // of the sentences picked
)

// A release is written from these: Latvian titles, leads, sentences and
// topics with slots for a place ({v}), a date ({d}), a number ({n}) and a
// time ({h}); a Russian version of some of them.
var (
	lvPlaces = []string{"Daugavpilī", "pilsētas centrā", "Grīvā", "Ruģeļos", "Cietoksnī", "Gajokā", "Ķīmiķos", "Stropos",
		"Jaunajā Forštatē", "Jaunbūvē", "Vecstropos", "Esplanādē", "Dubrovina parkā", "Vienības laukumā"}
	lvMonths = []string{"janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī",
		"oktobrī", "novembrī", "decembrī"}
	ruPlaces = []string{"в Даугавпилсе", "в центре города", "в Гриве", "в Ругели", "в Крепости", "на Гаёке", "в Химии",
		"в Стропах", "на Новом Форштадте", "в Новом Строении", "в Старых Стропах", "на Эспланаде", "в парке Дубровина"}
	ruMonths = []string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
		"ноября", "декабря"}
	pressHours = []string{"10.00", "11.00", "12.00", "13.30", "14.00", "15.00", "17.00", "18.00", "19.00"}

	lvTitles = []string{
		"Atklās atjaunotu bērnu rotaļu laukumu {v}", "Pašvaldība aicina iedzīvotājus uz sapulci par pilsētas budžetu",
		"{d} sāksies ielu remontdarbi {v}", "Dome apstiprina jaunu sabiedriskā transporta shēmu",
		"Skolēniem vasarā piedāvās {n} bezmaksas nometnes", "Pilsētas svētku koncerts notiks {v}",
		"Izsludināts konkurss jauniešu iniciatīvu projektiem", "Mainīts tramvaju kustības saraksts svētku dienās",
		"Pašvaldība līdzfinansēs daudzdzīvokļu māju siltināšanu", "Bibliotēkā atklās izstādi par pilsētas vēsturi",
		"Jaunu veloceliņu ierīkos {v}", "Sociālais dienests atgādina par apkures pabalsta pieteikšanos",
		"Būvvalde piedāvā bezmaksas konsultācijas par būvatļaujām", "Marka Rotko mākslas centrā atklās starptautisku izstādi",
		"Sporta pārvalde aicina uz pilsētas skrējienu {d}", "Uz ielām izvietos {n} jaunus atkritumu šķirošanas konteinerus",
		"Pilsētas parkos stādīs {n} jaunus kokus", "{d} notiks iedzīvotāju forums par pilsētas attīstību",
		"Ūdensapgādes pārtraukums {v}: pašvaldība lūdz sapratni", "Noslēgusies pieteikšanās pirmsskolas izglītības iestādēs",
		"Izglītības pārvalde aicina uz atvērto durvju dienām skolās", "Slidotava {v} darbosies visu ziemas sezonu",
		"Dome lēmusi par nekustamā īpašuma nodokļa atvieglojumiem", "Daugavpils cietoksnī notiks vēsturiskās rekonstrukcijas festivāls",
		"Uzsākta ielu apgaismojuma modernizācija {v}", "Jauniešu centrs aicina brīvprātīgos vasaras programmā",
		"Pašvaldība atbalstīs {n} uzņēmēju jaunos projektus", "Satiksme pa atjaunoto Vienības tiltu atsāksies {d}",
		"Senioru dienas centrā {v} sāksies jaunas nodarbības", "Pilsētā viesosies sadraudzības pilsētu delegācijas",
	}
	lvLeads = []string{
		"{d} plkst. {h} {v} notiks pasākums, uz kuru aicināti visi pilsētas iedzīvotāji.",
		"Šim mērķim pašvaldība paredzējusi {n} tūkstošus eiro no pilsētas budžeta.",
		"Darbi ilgs līdz {d}, un to laikā iespējami satiksmes ierobežojumi.",
		"Pieteikumus pieņem līdz {d} klientu apkalpošanas centrā un elektroniski.",
		"Projektā piedalās {n} partneri no Latvijas, Lietuvas un Polijas.",
		"Ieeja ir bez maksas, taču vietu skaits ir ierobežots.",
		"Iedzīvotāji aicināti izteikt savu viedokli līdz {d}.",
		"Jaunā kārtība stāsies spēkā {d}.",
	}
	lvSentences = []string{
		"Pašvaldība aicina iedzīvotājus sekot līdzi jaunākajai informācijai pilsētas tīmekļvietnē un sociālajos tīklos.",
		"Darbi {v} tiks veikti pa posmiem, lai pēc iespējas mazāk traucētu satiksmi un iedzīvotāju ikdienu.",
		"Projekta kopējās izmaksas ir {n} tūkstoši eiro, no tiem daļu sedz Eiropas Reģionālās attīstības fonds.",
		"Pasākums sāksies {d} plkst. {h}, un ieeja visiem apmeklētājiem būs bez maksas.",
		"Domes priekšsēdētājs uzsver, ka ieguldījums uzlabos dzīves kvalitāti visiem pilsētas iedzīvotājiem.",
		"Līdz šim pieteikušies jau {n} dalībnieki, un pieteikšanās turpināsies līdz {d}.",
		"Informāciju par izmaiņām var saņemt Vienības nama klientu apkalpošanas centrā vai pa tālruni darba dienās.",
		"Būvdarbu laikā {v} tiks ierobežota transporta kustība, un apbraucamie ceļi būs apzīmēti ar ceļa zīmēm.",
		"Iepirkuma komisija izvērtēja {n} piedāvājumus un līgumu noslēdza ar saimnieciski izdevīgāko pretendentu.",
		"Jaunajā sezonā bērniem un jauniešiem būs pieejamas {n} bezmaksas interešu izglītības programmas.",
		"Pašvaldība pateicas iedzīvotājiem par sapratni un aicina ievērot drošības noteikumus darbu zonā.",
		"Pasākuma programmā paredzēti koncerti, radošās darbnīcas, sporta aktivitātes un amatnieku tirdziņš.",
		"Pieteikumus var iesniegt klātienē vai elektroniski, parakstot tos ar drošu elektronisko parakstu.",
		"Sociālā dienesta speciālisti konsultēs par pabalstu saņemšanas kārtību un nepieciešamajiem dokumentiem.",
		"Plānots, ka visi darbi tiks pabeigti līdz {d}, ja to neietekmēs laikapstākļi.",
		"Izstāde būs apskatāma līdz {d} Latgales Centrālās bibliotēkas izstāžu zālē tās darba laikā.",
		"Uz tikšanos aicināti iedzīvotāji, uzņēmēji, nevalstisko organizāciju pārstāvji un visi interesenti.",
		"Daugavpils pilsētas attīstības programma paredz turpināt ieguldījumus ielu un ietvju atjaunošanā.",
		"Par paveikto pašvaldība informēs pilsētas tīmekļvietnē, kā arī vietējos plašsaziņas līdzekļos.",
		"Ar projektu var iepazīties {v}, kā arī pilsētas tīmekļvietnē sadaļā „Attīstība”.",
		"Sadarbībā ar partneriem no Lietuvas un Polijas tiks organizēti {n} pieredzes apmaiņas semināri.",
		"Apmeklētāji aicināti ierasties laikus, jo vietu skaits ir ierobežots un reģistrācija sāksies plkst. {h}.",
		"Satiksmes drošības uzlabošanai {v} uzstādīs jaunus luksoforus un gājēju pāreju apgaismojumu.",
		"Sporta pārvalde aicina pieteikt komandas līdz {d}, aizpildot pieteikuma veidlapu tīmekļvietnē.",
		"Pilsētas parkos un skvēros šogad iestādīti {n} jauni koki un ierīkotas vairākas puķu dobes.",
		"Pašvaldības policija atgādina, ka atkritumu izmešana neatļautās vietās ir sodāma.",
		"Jaunā kārtība stāsies spēkā {d}, un ar to var iepazīties pašvaldības tīmekļvietnē.",
		"Ēkas atjaunošana ļaus ietaupīt līdz {n} procentiem siltumenerģijas un samazinās apkures rēķinus.",
		"Kultūras pārvalde aicina pilsētas iedzīvotājus un viesus apmeklēt pasākumus kopā ar ģimeni.",
		"Skolās un pirmsskolas izglītības iestādēs notiks drošības pārbaudes pirms jaunā mācību gada.",
		"Tramvaju un autobusu kustības saraksts svētku dienās būs pieejams AS „Daugavpils satiksme” tīmekļvietnē.",
		"Pašvaldība sadarbībā ar valsts iestādēm turpina uzlabot ūdenssaimniecības pakalpojumus pilsētā.",
		"Iedzīvotāji savus priekšlikumus var iesniegt līdz {d}, rakstot uz pašvaldības e-pasta adresi.",
		"Pirmais posms {v} tika pabeigts jau pērn, bet otrajā posmā paredzēts atjaunot arī ietves.",
		"Projektu līdzfinansē valsts budžets un pašvaldība, kopā ieguldot {n} tūkstošus eiro.",
		"Sīkāka informācija par pasākuma norisi un satiksmi būs pieejama pilsētas mobilajā lietotnē.",
	}
	lvRare = []string{
		"Darbu laikā atjaunos arī vēsturisko Grīvas ūdenstorni, kas celts deviņpadsmitā gadsimta beigās.",
	}
	lvTopics = []string{
		"Domes {d} lēmums Nr. {n}.", "Iedzīvotāju iesniegumi par situāciju {v}.",
		"Pilsētas attīstības programmas 2021.–2027. gadam rīcības plāns.", "Izpilddirektora rīkojums par pasākumu plānu.",
		"Nozares pārvaldes lūgums informēt sabiedrību.", "Plašsaziņas līdzekļu jautājumi pēc {d} sēdes.",
	}
	ruTitles = []string{
		"Обновлённую детскую площадку откроют {v}", "Самоуправление приглашает жителей на собрание о городском бюджете",
		"{d} начнётся ремонт улиц {v}", "Дума утвердила новую схему общественного транспорта",
		"Школьникам летом предложат {n} бесплатных лагерей", "Праздничный концерт пройдёт {v}",
		"Объявлен конкурс молодёжных инициатив", "Изменено расписание трамваев в праздничные дни",
		"Самоуправление софинансирует утепление многоквартирных домов", "В библиотеке откроется выставка об истории города",
		"Новую велодорожку обустроят {v}", "Социальная служба напоминает о пособии на отопление",
		"В Даугавпилсской крепости пройдёт фестиваль исторической реконструкции",
		"На улицах установят {n} новых контейнеров для сортировки отходов", "{d} пройдёт форум жителей о развитии города",
		"Модернизация уличного освещения началась {v}",
	}
	ruLeads = []string{
		"{d} в {h} {v} пройдёт мероприятие, на которое приглашаются все жители города.",
		"На эти цели самоуправление выделило {n} тысяч евро из городского бюджета.",
		"Работы продлятся до {d}, возможны ограничения движения.",
		"Заявки принимаются до {d} в центре обслуживания клиентов и в электронном виде.",
		"Вход на мероприятие бесплатный, количество мест ограничено.",
		"Новый порядок вступит в силу {d}.",
	}
	ruSentences = []string{
		"Самоуправление призывает жителей следить за новостями на сайте города и в социальных сетях.",
		"Работы {v} будут проводиться поэтапно, чтобы как можно меньше мешать движению и жителям.",
		"Общая стоимость проекта составляет {n} тысяч евро, часть средств выделяет Европейский фонд регионального развития.",
		"Мероприятие начнётся {d} в {h}, вход для всех посетителей будет бесплатным.",
		"Председатель думы подчёркивает, что вложения улучшат качество жизни всех жителей города.",
		"Уже зарегистрировались {n} участников, приём заявок продолжится до {d}.",
		"Информацию об изменениях можно получить в центре обслуживания клиентов или по телефону в рабочие дни.",
		"Во время строительных работ {v} будет ограничено движение транспорта, объезды обозначат дорожными знаками.",
		"В новом сезоне для детей и молодёжи будут доступны {n} бесплатных программ по интересам.",
		"Самоуправление благодарит жителей за понимание и просит соблюдать правила безопасности в зоне работ.",
		"В программе мероприятия концерты, творческие мастерские, спортивные состязания и ярмарка ремесленников.",
		"Заявления можно подать лично или в электронном виде, подписав их безопасной электронной подписью.",
		"Планируется, что все работы будут завершены до {d}, если этому не помешают погодные условия.",
		"Выставка будет открыта до {d} в выставочном зале Латгальской центральной библиотеки.",
		"На встречу приглашаются жители, предприниматели, представители общественных организаций и все желающие.",
		"О проделанной работе самоуправление сообщит на сайте города и в местных средствах массовой информации.",
		"Для повышения безопасности движения {v} установят новые светофоры и освещение пешеходных переходов.",
		"В парках и скверах города в этом году посажено {n} новых деревьев и разбито несколько клумб.",
		"Новый порядок вступит в силу {d}, ознакомиться с ним можно на сайте самоуправления.",
		"Расписание трамваев и автобусов в праздничные дни будет опубликовано на сайте AS «Daugavpils satiksme».",
		"Свои предложения жители могут направить до {d} на адрес электронной почты самоуправления.",
		"Проект софинансируют государственный бюджет и самоуправление, вложив в общей сложности {n} тысяч евро.",
	}
	ruRare = []string{
		"Во время работ отреставрируют и историческую водонапорную башню в Гриве, построенную в конце девятнадцатого века.",
	}
	pressReturnComments = []string{
		"Lūdzu, precizējiet datumu un laiku.", "Trūkst kontaktinformācijas žurnālistiem.",
		"Saīsiniet ievadu un pārbaudiet summas.", "Pievienojiet atsauci uz domes lēmumu.",
		"Virsraksts ir par garu, lūdzu, pārfrāzējiet.", "Pārbaudiet adresi un pasākuma norises vietu.",
	}
	// The bench's media lists, besides the one of the measured sending.
	pressLists = [][2]string{
		{"Latgales reģiona žurnālisti", "Reģionālie laikraksti, portāli, radio un televīzija."},
		{"Izglītības un jaunatnes žurnālisti", "Skolas, jaunatnes darbs, interešu izglītība."},
		{"Kultūras apskatnieki", "Izstādes, koncerti, festivāli."},
		{"Sporta žurnālisti", "Sacensības un pilsētas sporta dzīve."},
		{"Ekonomikas un biznesa mediji", "Investīcijas, iepirkumi, uzņēmējdarbība."},
		{"Pārrobežu mediji", "Lietuvas un Baltkrievijas pierobežas mediji."},
	}
)

// The fixed words of the mail a journalist gets, as internal/press
// writes them (mailing.go), in the two languages the bench releases have.
var pressMailWords = map[string][5]string{ // greeting, embargo, embargo in the subject, contact person, department and footer
	"lv": {"Labdien!", "EMBARGO: nepublicēt līdz ", "[EMBARGO līdz %s] ", "Kontaktpersona",
		"Daugavpils valstspilsētas pašvaldības Sabiedrisko attiecību un mārketinga nodaļa\nJūs saņemat šo vēstuli kā plašsaziņas līdzekļu kontakts. Ja turpmāk nevēlaties saņemt preses relīzes, atbildiet uz šo vēstuli."},
	"ru": {"Здравствуйте!", "ЭМБАРГО: не публиковать до ", "[ЭМБАРГО до %s] ", "Контактное лицо",
		"Отдел по связям с общественностью и маркетингу самоуправления государственного города Даугавпилс\nВы получаете это письмо как контакт средств массовой информации. Если вы больше не хотите получать пресс-релизы, ответьте на это письмо."},
}

// sqlArgs numbers the arguments of a statement as they are added.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// pressLangSQL is one language's word lists as arguments of a statement.
type pressLangSQL struct {
	places, months, dateSep, hours string
	titles, leads, sentences, rare string
}

func newPressLangSQL(a *sqlArgs, lang string) pressLangSQL {
	arr := func(xs []string) string { return a.add(xs) + "::text[]" }
	if lang == "ru" {
		return pressLangSQL{places: arr(ruPlaces), months: arr(ruMonths), dateSep: "' '", hours: arr(pressHours),
			titles: arr(ruTitles), leads: arr(ruLeads), sentences: arr(ruSentences), rare: arr(ruRare)}
	}
	return pressLangSQL{places: arr(lvPlaces), months: arr(lvMonths), dateSep: "'. '", hours: arr(pressHours),
		titles: arr(lvTitles), leads: arr(lvLeads), sentences: arr(lvSentences), rare: arr(lvRare)}
}

// fill is SQL of the template tpl with its slots filled at random.
func (l pressLangSQL) fill(tpl string) string {
	return "replace(replace(replace(replace(" + tpl +
		", '{v}', " + pickSQL(l.places) + ")" +
		", '{d}', (1 + floor(random() * 28))::int || " + l.dateSep + " || " + pickSQL(l.months) + ")" +
		", '{n}', (2 + floor(random() * 98))::int::text)" +
		", '{h}', " + pickSQL(l.hours) + ")"
}

func (l pressLangSQL) title() string { return l.fill(pickSQL(l.titles)) }

// lead is one or two sentences.
func (l pressLangSQL) lead() string {
	return l.fill(pickSQL(l.leads)) + " || case when random() < 0.5 then ' ' || " + l.fill(pickSQL(l.leads)) + " else '' end"
}

func (l pressLangSQL) sentence() string {
	return l.fill(fmt.Sprintf("case when random() < %g then %s else %s end", pressRareShare, pickSQL(l.rare), pickSQL(l.sentences)))
}

// body is n (SQL, a column of the row: the subquery runs for each) of the
// sentences, four to a paragraph: 10 to 13 make 800 to 2 000 characters.
func (l pressLangSQL) body(n string) string {
	return "(select string_agg(" + l.sentence() + ", case when k % 4 = 1 then E'\\n\\n' else ' ' end order by k) from generate_series(1, " + n + ") k)"
}

// seedPressTimed fills the press area once (the directory first: its
// journalists are the recipients), then refreshes the planner's statistics
// and the visibility map.
func seedPressTimed(ctx context.Context, pool *pgxpool.Pool) error {
	if err := seedContactsTimed(ctx, pool); err != nil {
		return err
	}
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from press_releases where idempotency_key = $1)`, benchPressKey).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	start := time.Now()
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return seedPress(ctx, tx) }); err != nil {
		return err
	}
	fmt.Printf("Bench data: press releases and deliveries generated in %s.\n", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	for _, t := range []string{"press_releases", "press_release_versions", "press_release_texts", "press_release_reviews",
		"press_sendings", "press_deliveries", "mail_outbox", "audit_log", "contact_uses", "mailing_list_members"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	fmt.Printf("Bench data: press tables vacuumed in %s.\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func seedPress(ctx context.Context, tx pgx.Tx) error {
	t0 := time.Now()
	step := func(what string) {
		fmt.Printf("  %s %s\n", what, time.Since(t0).Round(time.Millisecond))
		t0 = time.Now()
	}
	if _, err := tx.Exec(ctx, `set local jit = off; set local work_mem = '256MB'; select setseed(0.27)`); err != nil {
		return err
	}
	// The demo's department: its staff writes, its head approves; without
	// them (an empty database) the rows are the system's.
	var staff, head *int64
	var staffName, headName string
	if err := tx.QueryRow(ctx, `select (select id from users where username = 'staff'), (select id from users where username = 'head'),
		coalesce((select username from users where username = 'staff'), 'system'), coalesce((select username from users where username = 'head'), 'system')`).
		Scan(&staff, &head, &staffName, &headName); err != nil {
		return err
	}
	// The recipients: the directory's journalists and outlets with an
	// address, in a shuffled order a sending takes a run of.
	if _, err := tx.Exec(ctx, `
		create temp table bench_press_pool on commit drop as
		select row_number() over (order by random())::int pos, c.id, c.emails[1] email, c.name, c.languages langs, c.kind
		from contacts c
		where c.source = $1 and c.merged_into is null and not c.opt_out and cardinality(c.emails) > 0
		  and (cardinality(c.topics) > 0 or c.org_type = 'media')`, benchSource); err != nil {
		return fmt.Errorf("recipients: %w", err)
	}
	var poolSize int
	if err := tx.QueryRow(ctx, `select count(*) from bench_press_pool`).Scan(&poolSize); err != nil {
		return err
	}
	if poolSize < 200 {
		return fmt.Errorf("press: only %d journalists and outlets with an address in the bench directory", poolSize)
	}
	// The department's own people journalists may ask (the contact person).
	rows, _ := tx.Query(ctx, `select id from contacts where source = $1 and kind = 'person' and merged_into is null
		and cardinality(phones) > 0 and cardinality(emails) > 0
		order by (position = 'sabiedrisko attiecību speciālists') desc, id limit 12`, benchSource)
	officers, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	// The media lists: a stretch of the recipients each, named on the
	// sendings; and the 5 000 people the measured sending goes to.
	if _, err := tx.Exec(ctx, `
		with l as (
		    insert into mailing_lists (name, description, kind, idempotency_key, created_at, updated_at, created_by)
		    select n, d, 'static', 'prbench-list-' || i, now() - interval '5 years', now() - interval '5 years', $3
		    from unnest($1::text[], $2::text[]) with ordinality u(n, d, i)
		    returning id, substr(idempotency_key, 14)::int i)
		insert into mailing_list_members (list_id, contact_id, added_at, added_by)
		select l.id, p.id, now() - interval '5 years', $3 from l join bench_press_pool p on p.pos % 300 = l.i`,
		column(pressLists, 0), column(pressLists, 1), staff); err != nil {
		return fmt.Errorf("media lists: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		with l as (
		    insert into mailing_lists (name, description, kind, idempotency_key, created_by)
		    values ('Visi plašsaziņas līdzekļi un partneri', 'Plašā izsūtne: ' || $3::int || ' adresātu (prbench mēra tās nosūtīšanu).', 'static', $1, $4)
		    returning id)
		insert into mailing_list_members (list_id, contact_id, added_by)
		select l.id, x.id, $4 from l, (
		    select id from (
		        select distinct on (emails[1]) id from contacts
		        where source = $2 and kind = 'person' and merged_into is null and not opt_out and active and cardinality(emails) > 0
		        order by emails[1], id) d
		    order by id limit $3::int) x`, benchSendListKey, benchSource, benchSendTo, staff); err != nil {
		return fmt.Errorf("the list of the measured sending: %w", err)
	}
	step("recipients and lists")

	// The releases: where each stands, when each step was taken, and
	// their texts.
	var a sqlArgs
	lv, ru := newPressLangSQL(&a, "lv"), newPressLangSQL(&a, "ru")
	topics, comments := a.add(lvTopics)+"::text[]", a.add(pressReturnComments)+"::text[]"
	n, officersArg := a.add(benchReleases), a.add(officers)+"::bigint[]"
	_, err = tx.Exec(ctx, `
		create temp table bench_rel on commit drop as
		with g as (
		    select g, nextval(pg_get_serial_sequence('press_releases', 'id')) id, random() rs, random() rv, random() rr, random() re, random() rc
		    from generate_series(1, `+n+`::int) g),
		s as (
		    select g.*,
		        case when rs < 0.90 then 'sent' when rs < 0.96 then 'draft' when rs < 0.98 then 'returned'
		             when rs < 0.99 then 'approval' else 'approved' end status,
		        case when rv < 0.35 then 2 else 1 end nv, rr < 0.2 has_ru
		    from g),
		t as (
		    select s.*,
		        now() - case status when 'sent' then interval '5 days' + random() * interval '1821 days'
		                            when 'draft' then interval '4 days' + random() * interval '365 days'
		                            when 'returned' then interval '4 days' + random() * interval '90 days'
		                            when 'approval' then interval '4 days' + random() * interval '10 days'
		                            else interval '4 days' + random() * interval '3 days' end created,
		        interval '1 hour' + random() * interval '20 hours' d1, interval '30 minutes' + random() * interval '20 hours' d2,
		        interval '1 hour' + random() * interval '20 hours' d3, interval '10 minutes' + random() * interval '3 hours' d4,
		        interval '30 minutes' + random() * interval '20 hours' d5, interval '5 minutes' + random() * interval '1 day' d6,
		        10 + floor(random() * 4)::int nl, 10 + floor(random() * 4)::int nr
		    from s),
		e as (
		    select t.*, created + d1 t_submit1, created + d1 + d2 t_review1,
		        case when status = 'draft' then created + d3 else created + d1 + d2 + d3 end t_save2,
		        created + d1 + d2 + d3 + d4 t_submit2, created + d1 + d2 + d3 + d4 + d5 t_review2
		    from t)
		select e.id, e.g, e.status, e.nv, e.has_ru, e.created, e.t_submit1, e.t_review1, e.t_save2, e.t_submit2, e.t_review2,
		    case when status = 'sent' then case nv when 2 then t_review2 else t_review1 end + d6 end t_sent,
		    case when status = 'sent' and re < 0.05 then case nv when 2 then t_review2 else t_review1 end + d6 + interval '1 hour' + random() * interval '2 days' end embargo,
		    case when rc < 0.8 and cardinality(`+officersArg+`) > 0 then `+pickSQL(officersArg)+` end contact_id,
		    case when has_ru and status in ('draft', 'returned', 'approval') and random() < 0.4 then 'draft' else 'ready' end ru_status,
		    case when random() < 0.3 then '' else `+lv.fill(pickSQL(topics))+` end topic,
		    `+lv.title()+` lv_title, `+lv.lead()+` lv_lead, `+lv.body("e.nl")+` lv_body1, `+lv.sentence()+` lv_extra,
		    case when has_ru then `+ru.title()+` end ru_title, case when has_ru then `+ru.lead()+` end ru_lead,
		    case when has_ru then `+ru.body("e.nr")+` end ru_body,
		    `+pickSQL(comments)+` comment1, `+pickSQL(comments)+` comment2
		from e`, a...)
	if err != nil {
		return fmt.Errorf("releases: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		alter table bench_rel add column lv_body text, add column updated timestamptz, add column version int;
		update bench_rel set
		    lv_body = case nv when 2 then lv_body1 || ' ' || lv_extra else lv_body1 end,
		    updated = case status when 'sent' then t_sent
		        when 'draft' then case nv when 2 then t_save2 else created end
		        when 'approval' then case nv when 2 then t_submit2 else t_submit1 end
		        else case nv when 2 then t_review2 else t_review1 end end,
		    -- the row's version: one a save of a new version and one a step
		    version = case status when 'draft' then nv
		        when 'approval' then case nv when 2 then 5 else 2 end
		        when 'sent' then case nv when 2 then 7 else 4 end
		        else case nv when 2 then 6 else 3 end end;
		analyze bench_rel`); err != nil {
		return fmt.Errorf("releases: %w", err)
	}
	step("releases generated")
	// As the store writes them: the release with its search text (the
	// current version's topic and every language's title, lead and body,
	// folded), its versions and their texts, the head's decisions.
	if _, err := tx.Exec(ctx, `
		insert into press_releases (id, status, current_version, approved_version, title, lead, languages, embargo_until,
		    contact_person_id, search, sent_at, idempotency_key, version, created_at, updated_at, created_by)
		overriding system value
		select id, status, nv, case when status in ('sent', 'approved') then nv end, lv_title, lv_lead,
		    case when has_ru then '{lv,ru}'::text[] else '{lv}' end, embargo, contact_id,
		    lower(prdesk_unaccent(topic || E'\n' || lv_title || E'\n' || lv_lead || E'\n' || lv_body ||
		        case when has_ru then E'\n' || ru_title || E'\n' || ru_lead || E'\n' || ru_body else '' end)),
		    t_sent, case when g = 1 then $1 else md5('prbench-press-' || g) end, version, created, updated, $2
		from bench_rel order by created`, benchPressKey, staff); err != nil {
		return fmt.Errorf("releases: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		insert into press_release_versions (release_id, no, topic, saved_at, saved_by)
		select id, v, topic, case v when 1 then created else t_save2 end, $1
		from bench_rel, generate_series(1, nv) v`, staff); err != nil {
		return fmt.Errorf("versions: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		insert into press_release_texts (release_id, version_no, lang, status, title, lead, body)
		select id, v, 'lv', 'ready', lv_title, lv_lead, case v when 1 then lv_body1 else lv_body end
		from bench_rel, generate_series(1, nv) v
		union all
		select id, v, 'ru', ru_status, ru_title, ru_lead, ru_body
		from bench_rel, generate_series(1, nv) v where has_ru`); err != nil {
		return fmt.Errorf("texts: %w", err)
	}
	// A second version came after the head returned the first; the
	// current one is decided on unless it waits for the head or is a draft.
	if _, err := tx.Exec(ctx, `
		insert into press_release_reviews (release_id, version_no, decision, comment, decided_by, decided_at)
		select id, 1, case when nv = 2 or status = 'returned' then 'returned' else 'approved' end,
		    case when nv = 2 or status = 'returned' then comment1 else '' end, $1::bigint, t_review1
		from bench_rel where status <> 'draft' and not (status = 'approval' and nv = 1)
		union all
		select id, 2, case when status = 'returned' then 'returned' else 'approved' end,
		    case when status = 'returned' then comment2 else '' end, $1, t_review2
		from bench_rel where nv = 2 and status in ('sent', 'approved', 'returned')
		order by 6`, head); err != nil {
		return fmt.Errorf("reviews: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		insert into contact_uses (contact_id, area, kind, record_ref, at, created_by)
		select contact_id, 'press', $1, id::text, created, $2 from bench_rel where contact_id is not null order by created`,
		press.UseContactPerson, staff); err != nil {
		return fmt.Errorf("contact uses: %w", err)
	}
	step("releases, versions, texts, reviews")

	// One sending a sent release, to one or two media lists (one in
	// twelve with a journalist picked as well), with exactly
	// benchDeliveries deliveries among them, some 45 each.
	if _, err := tx.Exec(ctx, `
		create temp table bench_send on commit drop as
		with s as (
		    select r.id release_id, r.nv, r.t_sent, nextval(pg_get_serial_sequence('press_sendings', 'id')) sending_id,
		           round((0.3 + random() ^ 2 * 2.5)::numeric, 6) w
		    from bench_rel r where r.status = 'sent' order by r.t_sent),
		c as (select s.*, sum(w) over (order by sending_id) cum, sum(w) over () total from s)
		select release_id, nv, t_sent, sending_id,
		       (floor($1::int * cum / total) - floor($1::int * (cum - w) / total))::int k,
		       floor(random() * $2::int)::int start,
		       case when random() < 0.3 then floor(random() * 4)::int else 0 end left_out,
		       random() rl, random() rp, row_number() over (order by t_sent desc)::int recent
		from c`, benchDeliveries, poolSize); err != nil {
		return fmt.Errorf("sendings: %w", err)
	}
	if _, err := tx.Exec(ctx, `analyze bench_send`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		with l as (select array_agg(id order by id) ids from mailing_lists where idempotency_key like 'prbench-list-_')
		insert into press_sendings (id, release_id, version_no, list_ids, person_ids, planned_at, status, sent_at, recipients, left_out,
		    created_at, created_by)
		overriding system value
		select s.sending_id, s.release_id, s.nv,
		    case when s.rl < 0.6 then array[l.ids[1 + floor(s.rl / 0.6 * cardinality(l.ids))::int]]
		         else array[l.ids[1 + floor(random() * cardinality(l.ids))::int], l.ids[1 + floor(random() * cardinality(l.ids))::int]] end,
		    case when s.rp < 1.0 / 12 then array[(select p.id from bench_press_pool p where p.pos = (s.start + s.k + 1) % $1::int + 1)] else '{}' end,
		    s.t_sent, 'sent', s.t_sent, s.k, s.left_out, s.t_sent, $2
		from bench_send s, l order by s.sending_id`, poolSize, staff); err != nil {
		return fmt.Errorf("sendings: %w", err)
	}
	step("sendings")
	// Each delivery in the language its mail went in (internal/press's
	// MailLang), with the id of its outbox row.
	if _, err := tx.Exec(ctx, `
		create temp table bench_deliv on commit drop as
		select s.sending_id, s.release_id, s.t_sent, s.recent, j, p.id contact_id, p.email, p.name, p.kind,
		       case when cardinality(p.langs) = 0 or 'lv' = any(p.langs) then 'lv'
		            when r.has_ru and r.ru_status = 'ready' and 'ru' = any(p.langs) then 'ru' else 'lv' end lang,
		       nextval(pg_get_serial_sequence('mail_outbox', 'id')) outbox_id, random() ro
		from bench_send s join bench_rel r on r.id = s.release_id
		cross join lateral generate_series(1, s.k) j
		join bench_press_pool p on p.pos = (s.start + j) % $1::int + 1
		order by s.sending_id, j`, poolSize); err != nil {
		return fmt.Errorf("deliveries: %w", err)
	}
	if _, err := tx.Exec(ctx, `analyze bench_deliv`); err != nil {
		return err
	}
	// The mail of each release in each language but the name above the
	// greeting (internal/press's MailOf).
	var m sqlArgs
	contactWord := func(lang string) string { return m.add(pressMailWords[lang][3]) + "::text" }
	lvWords, ruWords := pressMailWords["lv"], pressMailWords["ru"]
	_, err = tx.Exec(ctx, `
		create temp table bench_mail on commit drop as
		with x as (
		    select r.id release_id, t.lang, t.title, t.lead, t.body, r.embargo,
		           to_char(r.embargo at time zone 'Europe/Riga', 'DD.MM.YYYY. HH24:MI') embargo_at, c.name cname, c.phones[1] phone, c.emails[1] email
		    from bench_rel r join press_release_texts t on t.release_id = r.id and t.version_no = r.nv and t.status = 'ready'
		    left join contacts c on c.id = r.contact_id
		    where r.status = 'sent')
		select release_id, lang,
		    case when embargo is not null then replace(case lang when 'ru' then `+m.add(ruWords[2])+` else `+m.add(lvWords[2])+` end, '%s', embargo_at) else '' end || title subject,
		    case when embargo is not null then case lang when 'ru' then `+m.add(ruWords[1])+` else `+m.add(lvWords[1])+` end || embargo_at || E'\n\n' else '' end ||
		    title || E'\n\n' || case when lead <> '' then lead || E'\n\n' else '' end || body || E'\n' ||
		    case when cname is not null then E'\n' || case lang when 'ru' then `+contactWord("ru")+` else `+contactWord("lv")+` end || ': ' || cname ||
		        coalesce(', ' || phone, '') || coalesce(', ' || email, '') || E'\n' else '' end ||
		    E'\n--\n' || case lang when 'ru' then `+m.add(ruWords[4])+` else `+m.add(lvWords[4])+` end || E'\n' core
		from x`, m...)
	if err != nil {
		return fmt.Errorf("mails: %w", err)
	}
	if _, err := tx.Exec(ctx, `analyze bench_mail`); err != nil {
		return err
	}
	step("deliveries generated")
	// The outbox: most mails sent within minutes (two at a time, as the
	// mail worker sends), some failed after every attempt, some refused
	// by the recipient's server at once, and of the newest twenty sendings
	// some still waiting (the mail server was slow to take them).
	_, err = tx.Exec(ctx, `
		insert into mail_outbox (id, to_address, to_name, subject, body_text, status, attempts, last_error, sent_at,
		    entity, entity_id, created_at, updated_at, created_by)
		overriding system value
		select d.outbox_id, d.email, d.name, m.subject,
		    case when d.kind = 'person' then d.name || E'\n\n' else '' end ||
		        case d.lang when 'ru' then $1 else $2 end || E'\n\n' || m.core,
		    o.status, o.attempts, o.last_error, case when o.status = 'sent' then o.at end, 'press_release', d.release_id::text,
		    d.t_sent, o.at, $3
		from bench_deliv d join bench_mail m on m.release_id = d.release_id and m.lang = d.lang,
		lateral (select case when d.recent <= 20 and d.ro >= 0.6 then 'pending'
		                     when d.ro < 0.93 or d.ro >= 0.98 then 'sent' else 'failed' end status,
		                case when d.recent <= 20 and d.ro >= 0.6 then floor(d.ro * 3)::int - 1
		                     when d.ro < 0.93 then 1 when d.ro >= 0.98 then 2 when d.ro < 0.96 then 8 else 1 end attempts,
		                case when d.recent <= 20 and d.ro >= 0.6 then
		                         case when d.ro >= 0.67 then '421 4.7.0 Temporary system problem, try again later' else '' end
		                     when d.ro < 0.93 or d.ro >= 0.98 then ''
		                     when d.ro < 0.96 then 'dial tcp 10.10.0.25:587: connect: connection timed out'
		                     else '550 5.1.1 <' || d.email || '>: Recipient address rejected: User unknown in virtual mailbox table' end last_error,
		                d.t_sent + case when d.ro < 0.93 or d.ro >= 0.98 then d.j * interval '600 milliseconds' + (d.ro >= 0.98)::int * interval '1 minute'
		                                when d.ro < 0.96 then interval '9 hours' else d.j * interval '600 milliseconds' end as at) o
		order by d.outbox_id`, pressMailWords["ru"][0], pressMailWords["lv"][0], staff)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	step("outbox")
	if _, err := tx.Exec(ctx, `
		insert into press_deliveries (sending_id, release_id, contact_id, email, lang, outbox_id)
		select sending_id, release_id, contact_id, email, lang, outbox_id from bench_deliv order by sending_id, j`); err != nil {
		return fmt.Errorf("deliveries: %w", err)
	}
	step("deliveries")
	// The audit log's entries the use cases write, in the order they were
	// written: the card's history.
	_, err = tx.Exec(ctx, `
		insert into audit_log (created_at, actor_id, actor_name, entity, entity_id, action, summary, details)
		select at, actor, name, entity, eid, action, summary, details from (
		    select created as at, $1::bigint actor, $2::text name, 'press_release' entity, id::text eid, 'create' action,
		           'Preses relīze #' || id || ': sagatavota (1. versija)' summary,
		           jsonb_build_object('title', lv_title, 'languages', case when has_ru then '["lv","ru"]'::jsonb else '["lv"]' end) details
		    from bench_rel
		    union all
		    select created, $1, $2, 'contact_use', contact_id::text, 'use',
		           'Kontakts #' || contact_id || ': ieraksts jomā press (contact_person)', null
		    from bench_rel where contact_id is not null
		    union all
		    select t_submit1, $1, $2, 'press_release', id::text, 'submit', 'Preses relīze #' || id || ': 1. versija nodota apstiprināšanai', null
		    from bench_rel where status <> 'draft'
		    union all
		    select t_review1, $3::bigint, $4::text, 'press_release', id::text, case when nv = 2 or status = 'returned' then 'return' else 'approve' end,
		           'Preses relīze #' || id || ': 1. versija ' || case when nv = 2 or status = 'returned' then 'atgriezta ar komentāriem' else 'apstiprināta' end, null
		    from bench_rel where status <> 'draft' and not (status = 'approval' and nv = 1)
		    union all
		    select t_save2, $1, $2, 'press_release', id::text, 'update', 'Preses relīze #' || id || ': saglabāta 2. versija', null
		    from bench_rel where nv = 2
		    union all
		    select t_submit2, $1, $2, 'press_release', id::text, 'submit', 'Preses relīze #' || id || ': 2. versija nodota apstiprināšanai', null
		    from bench_rel where nv = 2 and status <> 'draft'
		    union all
		    select t_review2, $3, $4, 'press_release', id::text, case when status = 'returned' then 'return' else 'approve' end,
		           'Preses relīze #' || id || ': 2. versija ' || case when status = 'returned' then 'atgriezta ar komentāriem' else 'apstiprināta' end, null
		    from bench_rel where nv = 2 and status in ('sent', 'approved', 'returned')
		    union all
		    select s.t_sent, $1, $2, 'press_release', s.release_id::text, 'dispatch',
		           'Preses relīze #' || s.release_id || ': ' || s.nv || '. versija nosūtīta (sūtījums #' || s.sending_id ||
		           ', adresātu skaits: ' || s.k || ', izlaisti: ' || s.left_out || ')',
		           jsonb_build_object('lists', x.list_ids, 'people', x.person_ids, 'at', to_char(s.t_sent at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
		    from bench_send s join press_sendings x on x.id = s.sending_id
		) e order by at`, staff, staffName, head, headName)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	step("audit log")
	return nil
}

// pressTargets are the area's pages under load, and first the sending of
// one release to benchSendTo people through the store and its mail
// through the mail worker.
func pressTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	pool, err := pgxpool.New(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	var afterAt time.Time
	var afterID int64
	if err := pool.QueryRow(ctx, `select updated_at, id from press_releases order by updated_at desc, id desc offset 10000 limit 1`).
		Scan(&afterAt, &afterID); err != nil {
		return nil, fmt.Errorf("a cursor for a later page of releases: %w", err)
	}
	var card int64
	var recipients int
	if err := pool.QueryRow(ctx, `select s.release_id, s.recipients from press_sendings s join press_releases r on r.id = s.release_id
		where s.status = 'sent' and r.idempotency_key is not null and r.idempotency_key not like 'prbench-send-%'
		order by s.recipients desc, s.id limit 1`).Scan(&card, &recipients); err != nil {
		return nil, fmt.Errorf("a sent release for the card: %w", err)
	}
	big, err := sendingRate(ctx, pool)
	if err != nil {
		return nil, err
	}
	later := url.Values{"after": {afterAt.UTC().Format(time.RFC3339Nano)}, "after_id": {fmt.Sprint(afterID)}}
	return []target{
		{name: "GET /press (first page)", path: "/press", cookie: cookie},
		{name: "GET /press?after= (a later page)", path: "/press?" + later.Encode(), cookie: cookie},
		{name: "GET /press?q=" + pressCommonWord + " (common word)", path: "/press?q=" + pressCommonWord, cookie: cookie},
		{name: "GET /press?q=" + pressRareWord + " (rare word)", path: "/press?q=" + pressRareWord, cookie: cookie},
		{name: "GET /press?status=approval", path: "/press?status=approval", cookie: cookie},
		{name: fmt.Sprintf("GET /press/{id} (sent to %d)", recipients), path: fmt.Sprintf("/press/%d", card), cookie: cookie},
		{name: "GET /press/{id}/deliveries", path: fmt.Sprintf("/press/%d/deliveries", card), cookie: cookie},
		{name: fmt.Sprintf("GET /press/{id} (sent to %s)", humanCount(benchSendTo)), path: fmt.Sprintf("/press/%d", big), cookie: cookie},
	}, nil
}

// sendingRate sends one approved release to the benchSendTo people of the
// bench's list through the store (Send: the recipients read, one outbox
// row and one job a mail, a delivery each, in one transaction), then works
// the mail queue as the server does (the mail worker, mail.MailWorkers at
// a time) against an SMTP server on this machine that takes every mail,
// and prints how long each took. It returns the release.
func sendingRate(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	var list, source int64
	if err := pool.QueryRow(ctx, `select (select id from mailing_lists where idempotency_key = $1),
		(select id from press_releases where status = 'sent' and languages = '{lv,ru}' and embargo_until is null order by id limit 1)`,
		benchSendListKey).Scan(&list, &source); err != nil {
		return 0, fmt.Errorf("the list and a text for the measured sending: %w", err)
	}
	sink, err := startSMTPSink()
	if err != nil {
		return 0, err
	}
	defer sink.srv.Close()
	reg := jobs.NewRegistry()
	if err := mail.Register(reg, pool, mail.Config{SMTPURL: "smtp://" + sink.addr + "?tls=none", From: "PR Desk <prdesk@daugavpils.lv>", Now: time.Now}); err != nil {
		return 0, err
	}
	client, err := jobs.New(pool, reg, jobs.Options{})
	if err != nil {
		return 0, err
	}
	// Only the mail: the server works the other queues, with the workers
	// this client does not have.
	if err := client.Queues().Remove(ctx, river.QueueDefault); err != nil {
		return 0, err
	}
	store := press.NewStore(press.Deps{Pool: pool, Jobs: client, Now: time.Now})
	src, err := store.Release(ctx, source)
	if err != nil {
		return 0, err
	}
	// Written, sent for approval and approved as the department does.
	id, err := store.Create(ctx, press.Input{Content: src.Content, IdempotencyKey: fmt.Sprintf("prbench-send-%d", time.Now().UnixNano())})
	if err != nil {
		return 0, err
	}
	if err := store.Submit(ctx, id, 1); err != nil {
		return 0, err
	}
	if err := store.Approve(ctx, id, 2, 1, ""); err != nil {
		return 0, err
	}
	start := time.Now()
	res, err := store.Send(ctx, id, 3, []int64{list}, nil, start)
	if err != nil {
		return 0, fmt.Errorf("sending release %d: %w", id, err)
	}
	queued := time.Since(start)
	fmt.Printf("\nSending one release to a list of %s (Send through the store, one transaction): %d mails queued, %d left out, in %s.\n",
		humanCount(benchSendTo), res.Mails, res.LeftOut, queued.Round(time.Millisecond))

	start = time.Now()
	if err := client.Start(ctx); err != nil {
		return 0, err
	}
	waitErr := waitForMail(ctx, pool, id, 10*time.Minute)
	if err := jobs.Stop(context.WithoutCancel(ctx), client); err != nil {
		return 0, err
	}
	if waitErr != nil {
		return 0, waitErr
	}
	took := time.Since(start)
	var sent, failed int
	if err := pool.QueryRow(ctx, `select count(*) filter (where o.status = 'sent'), count(*) filter (where o.status = 'failed')
		from press_deliveries d join mail_outbox o on o.id = d.outbox_id where d.release_id = $1`, id).Scan(&sent, &failed); err != nil {
		return 0, err
	}
	first, last := sink.span()
	fmt.Printf("Its mail through the mail worker (%d at a time) to an SMTP server on this machine: %d sent, %d failed in %s from the start of the job client, %.0f mails/s (%.0f mails/s from the first mail to the last).\n",
		mail.MailWorkers, sent, failed, took.Round(time.Millisecond), float64(sent)/took.Seconds(), float64(sink.received.Load()-1)/last.Sub(first).Seconds())
	return id, nil
}

// waitForMail waits until no mail of release id is waiting in the outbox.
func waitForMail(ctx context.Context, pool *pgxpool.Pool, id int64, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		var waiting int
		if err := pool.QueryRow(ctx, `select count(*) from press_deliveries d join mail_outbox o on o.id = d.outbox_id
			where d.release_id = $1 and o.status = 'pending'`, id).Scan(&waiting); err != nil {
			return err
		}
		if waiting == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("release %d: %d mails still waiting after %s", id, waiting, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// smtpSink is an SMTP server on 127.0.0.1 that takes every mail and only
// counts it (internal/mail/mailtest keeps and decodes each, for tests).
type smtpSink struct {
	srv         *smtp.Server
	addr        string
	received    atomic.Int64
	first, last atomic.Int64 // Unix nanoseconds of the first and the last mail
}

func startSMTPSink() (*smtpSink, error) {
	s := &smtpSink{}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "sink.prbench"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = l.Addr().String()
	go s.srv.Serve(l) //nolint:errcheck // ends with Close
	return s, nil
}

func (s *smtpSink) span() (time.Time, time.Time) {
	return time.Unix(0, s.first.Load()), time.Unix(0, s.last.Load())
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return sinkSession{s}, nil }

type sinkSession struct{ s *smtpSink }

func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	now := time.Now().UnixNano()
	x.s.first.CompareAndSwap(0, now)
	x.s.last.Store(now)
	x.s.received.Add(1)
	return nil
}

// The public newsroom allows each client address 120 pages a minute
// (internal/press/news.go); its readers are many. The bench reads it as
// the proxy in front of the server would pass their requests on: it is
// made a trusted proxy (TRUSTED_PROXIES, appended to, as the server reads
// it from the environment the bench starts it with), and each request
// names one of newsReaders client addresses in X-Forwarded-For, so none
// of them comes near its limit.
const newsReaders = 1 << 14

// trustBenchAsProxy lists this machine in the TRUSTED_PROXIES the server
// will be started with.
func trustBenchAsProxy() error {
	return os.Setenv("TRUSTED_PROXIES", strings.TrimSpace(os.Getenv("TRUSTED_PROXIES")+" 127.0.0.1"))
}

// newsLoad measures the public newsroom's list and feed (anonymous, from
// many addresses) as measure does the other pages, and prints their rows.
func newsLoad(ctx context.Context, o options, base string, serverPID int, ref map[int]float64) ([]row, error) {
	var rows []row
	for _, tg := range []target{
		{name: "GET /news (public)", path: "/news"},
		{name: "GET /news/feed.atom (public)", path: "/news/feed.atom"},
	} {
		// Part of the press area: measured with it (-only /press) or by name.
		if !strings.Contains("/press", o.only) && !strings.Contains(tg.name, o.only) {
			continue
		}
		for _, n := range o.clients {
			r, err := measureReaders(ctx, base, serverPID, tg, n, o.warmup, o.duration)
			if err != nil {
				return rows, err
			}
			printRow(r, ref)
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// measureReaders is measure with each request from the next of
// newsReaders addresses.
func measureReaders(ctx context.Context, base string, serverPID int, tg target, n int, warmup, duration time.Duration) (row, error) {
	var next atomic.Uint64
	tr := func(t *vegeta.Target) error {
		a := next.Add(1) % newsReaders
		*t = vegeta.Target{Method: http.MethodGet, URL: base + tg.path,
			Header: http.Header{"X-Forwarded-For": {fmt.Sprintf("10.77.%d.%d", a>>8, a&255)}}}
		return nil
	}
	r := row{target: tg.name, clients: n}
	if warmup > 0 {
		if _, err := attackReaders(ctx, tr, n, warmup, nil); err != nil {
			return r, err
		}
	}
	before := sampleCPU(serverPID)
	m, err := attackReaders(ctx, tr, n, duration, &r)
	if err != nil {
		return r, err
	}
	after := sampleCPU(serverPID)
	r.requests = m.Requests
	if m.Requests > 0 {
		r.appCPU = (after.app - before.app) / time.Duration(m.Requests)
		r.dbCPU = (after.db - before.db) / time.Duration(m.Requests)
	}
	if elapsed := m.Duration + m.Wait; elapsed > 0 {
		r.perSecond = float64(m.Requests) / elapsed.Seconds()
	}
	r.p50, r.p95, r.p99 = m.Latencies.P50, m.Latencies.P95, m.Latencies.P99
	return r, nil
}

// attackReaders is attack with targets from tr.
func attackReaders(ctx context.Context, tr vegeta.Targeter, n int, d time.Duration, r *row) (*vegeta.Metrics, error) {
	atk := vegeta.NewAttacker(
		vegeta.Workers(uint64(n)),
		vegeta.MaxWorkers(uint64(n)),
		vegeta.Connections(n),
		vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.Timeout(10*time.Second),
		vegeta.MaxBody(0),
	)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	var m vegeta.Metrics
	for res := range atk.Attack(tr, vegeta.Rate{Freq: 0}, d, "") {
		m.Add(res)
		if r != nil && (res.Code != http.StatusOK || res.Error != "") {
			r.errors++
			if r.firstError == "" {
				r.firstError = fmt.Sprintf("status %d %s", res.Code, res.Error)
			}
		}
	}
	m.Close()
	return &m, ctx.Err()
}
