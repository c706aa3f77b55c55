package monitoring

import (
	"fmt"
	"testing"
)

// benchItems are news items as the feeds give them: a title, a line break
// and a summary of about eighty words, in Latvian and in Russian, some
// with the markup summaries carry.
var benchItems = []string{
	"Daugavpils domē apstiprina nākamā gada budžetu\n" +
		"Daugavpils valstspilsētas domes deputāti ceturtdienas sēdē apstiprināja pašvaldības budžetu nākamajam gadam. " +
		"Lielākā daļa līdzekļu paredzēta izglītībai, ielu remontiem un sociālajai palīdzībai. Domes priekšsēdētājs uzsvēra, " +
		"ka budžets sastādīts piesardzīgi, jo nodokļu ieņēmumi pieaug lēnāk nekā gaidīts. Opozīcijas deputāti iebilda pret " +
		"izdevumiem reprezentācijai un aicināja vairāk naudas novirzīt sabiedriskajam transportam. Budžeta grozījumi " +
		"gaidāmi pavasarī, kad būs zināmi valsts mērķdotāciju apmēri. Iedzīvotāji budžetu var apskatīt pašvaldības tīmekļvietnē.",
	"Rēzeknē atklāta jauna koncertzāles izstāde\n" +
		"<p>Latgales vēstniecībā GORS atklāta izstāde, kas veltīta novada <b>keramikas</b> tradīcijām. Izstādē apskatāmi " +
		"vairāk nekā simts darbu no privātām kolekcijām un muzeju krājumiem. Organizatori stāsta, ka izstāde būs atvērta " +
		"līdz marta beigām, bet skolēnu grupām tiks piedāvātas bezmaksas ekskursijas. Rēzeknes novada pašvaldība sedza " +
		"daļu izdevumu, savukārt pārējo finansējumu piešķīra Valsts kultūrkapitāla fonds. Nākamgad izstādi plānots " +
		"parādīt arī Daugavpilī un Ludzā, ja izdosies vienoties ar&nbsp;muzejiem.</p>",
	"Satiksmes ierobežojumi Cietokšņa ielā\n" +
		"No pirmdienas līdz mēneša beigām Cietokšņa ielā notiks ūdensvada rekonstrukcija, tāpēc satiksme posmā starp " +
		"Rīgas un Saules ielu būs slēgta. Autobusu maršruti numur trīs un septiņi kursēs pa apvedceļu, informē Daugavpils " +
		"satiksme. Būvdarbu veicējs sola darbus pabeigt laikus, ja laikapstākļi to atļaus. Iedzīvotāji aicināti ievērot " +
		"pagaidu ceļa zīmes un izvēlēties citus maršrutus. Par ierobežojumiem var jautāt pašvaldības informatīvajā tālrunī, " +
		"kas strādā darba dienās no astoņiem līdz septiņpadsmitiem.",
	"Latgales Universitātē uzņemts rekordliels studentu skaits\n" +
		"Šogad universitātē studijas uzsākuši vairāk nekā tūkstotis pirmkursnieku, kas ir lielākais skaits pēdējo desmit " +
		"gadu laikā. Rektore to skaidro ar jaunām studiju programmām informācijas tehnoloģijās un veselības aprūpē, kā arī " +
		"ar pašvaldības stipendijām. Pilsētas vadība norāda, ka jauniešu palikšana reģionā ir būtiska attīstībai. " +
		"Dienesta viesnīcā vietu pietiek visiem, kas pieteicās, bet vairākas kopmītnes vēl tiek remontētas par Eiropas " +
		"fondu līdzekļiem. Studenti atzīst, ka izvēli noteikuši arī zemākie dzīves izdevumi.",
	"Hokeja klubs zaudē izbraukumā\n" +
		"Daugavpils hokeja komanda svētdien izbraukuma spēlē ar rezultātu divi pret pieci piekāpās Rīgas pretiniekiem. " +
		"Treneris pēc spēles atzina, ka komandai pietrūka disciplīnas un vairākas noraidīšanas izšķīra iznākumu. " +
		"Nākamā mājas spēle notiks ledus hallē sestdien, biļetes var iegādāties kasē un internetā. Kluba vadība cer, " +
		"ka līdz sezonas beigām izdosies iekļūt izslēgšanas spēlēs, lai gan konkurence šogad ir īpaši spēcīga. " +
		"Futbola klubs tikmēr gatavojas jaunajai sezonai treniņnometnē.",
	"Valdība lemj par reģionu attīstības fondu\n" +
		"Ministru kabinets otrdien atbalstīja grozījumus noteikumos par reģionu attīstības fonda līdzekļu sadali. " +
		"Valstspilsētām turpmāk būs jāiesniedz investīciju projekti līdz gada sākumam, bet novadu pašvaldībām termiņš " +
		"pagarināts par trim mēnešiem. Vides aizsardzības un reģionālās attīstības ministrs norādīja, ka izmaiņas " +
		"palīdzēs labāk plānot būvniecību. Latvijas Pašvaldību savienība kritizēja, ka lēmums pieņemts bez plašākas " +
		"apspriešanas, un aicināja rīkot tikšanos ar reģionu vadītājiem jau nākamajā nedēļā.",
	"В Даугавпилсе отремонтируют школу\n" +
		"Дума Даугавпилса выделила средства на ремонт здания одной из городских школ. Работы начнутся летом и должны " +
		"завершиться к началу учебного года. Председатель думы отметил, что в первую очередь будут заменены окна и " +
		"отремонтирована крыша, а затем обновят спортивный зал. Родители учеников просили ускорить ремонт ещё в прошлом " +
		"году. Кроме того, самоуправление планирует построить новую спортивную площадку рядом со школой, если удастся " +
		"получить финансирование из европейских фондов.",
	"Латгальский зоопарк приглашает на экскурсии\n" +
		"<p>Латгальский зоопарк в Даугавпилсе подготовил новую программу экскурсий для школьников. Посетители смогут " +
		"увидеть тропических рыб, рептилий и земноводных, а также узнать, как ухаживают за животными. Экскурсии проводятся " +
		"на латышском и русском языках по предварительной записи. Директор зоопарка рассказал, что число посетителей " +
		"растёт каждый год, поэтому планируется расширение экспозиции. Билеты для детей и пенсионеров продаются со " +
		"скидкой, а в последнее воскресенье месяца вход бесплатный.</p>",
	"Полиция предупреждает о мошенниках\n" +
		"Государственная полиция в Латгальском регионе предупреждает жителей о телефонных мошенниках, которые " +
		"представляются сотрудниками банка. Только за прошлую неделю зарегистрировано несколько случаев, когда пожилые " +
		"люди перевели злоумышленникам свои сбережения. Полицейские напоминают, что банк никогда не спрашивает пароли и " +
		"коды по телефону. Если вам позвонили с подозрительной просьбой, положите трубку и сообщите в полицию. " +
		"Муниципальная полиция Даугавпилса проводит встречи с пенсионерами в дневных центрах.",
	"Цены на отопление в новом сезоне\n" +
		"Городское предприятие теплоснабжения объявило тарифы на новый отопительный сезон. По сравнению с прошлым годом " +
		"цена снизится примерно на десять процентов благодаря более дешёвому природному газу и новой котельной на щепе. " +
		"Регулятор общественных услуг ещё должен утвердить расчёты. Жители многоквартирных домов могут обратиться в " +
		"самоуправление за пособием на отопление, если их доходы ниже установленного уровня. Заявления принимают в " +
		"социальной службе и через портал государственных услуг.",
	"Jaunieši piedalās pilsētas sakopšanas talkā\n" +
		"Sestdien vairāk nekā trīs simti brīvprātīgo, galvenokārt skolēni un studenti, piedalījās talkā Stropu ezera " +
		"krastā un Dubrovina parkā. Talkas laikā savākti vairāki desmiti maisu atkritumu, iestādīti koki un sakārtoti " +
		"soliņi. Pasākumu rīkoja jauniešu centrs sadarbībā ar pašvaldības komunālo dienestu, kas nodrošināja cimdus, " +
		"maisus un atkritumu izvešanu. Pēc talkas dalībniekiem bija zupa un koncerts. Organizatori sola, ka rudenī " +
		"talka notiks atkal, un aicina pieteikties arī uzņēmumus.",
	"Slimnīcā atklāta jauna uzņemšanas nodaļa\n" +
		"Daugavpils reģionālajā slimnīcā pēc pārbūves atvērta neatliekamās medicīniskās palīdzības uzņemšanas nodaļa. " +
		"Pacientiem tagad ir plašākas gaidīšanas telpas, bet ārstiem modernas diagnostikas iekārtas. Veselības ministre, " +
		"piedaloties atklāšanā, sacīja, ka reģionālajām slimnīcām jākļūst par mūsdienīgiem centriem. Pārbūve izmaksāja " +
		"vairākus miljonus eiro, no kuriem lielāko daļu sedza Eiropas Reģionālās attīstības fonds. Slimnīcas valde " +
		"norāda, ka rindas uzņemšanā samazināsies, taču trūkst ārstu un māsu.",
}

// benchRules are fifty rules like the ones the desk keeps: the city and its
// people in both languages, its institutions, places and topics.
var benchRules = []string{
	`Daugavpil VAI Даугавпилс`,
	`"domes priekšsēdētāj" VAI "председатель думы"`,
	`Elksniņ VAI Элксниньш`,
	`"Daugavpils dome" VAI "Daugavpils valstspilsētas dom"`,
	`Дума Даугавпилс`,
	`(Latgal VAI Латгал) (zoodārz VAI зоопарк)`,
	`"Latgales Universitāt" VAI "Daugavpils Universitāt"`,
	`Daugavpil (hokej VAI futbol VAI basketbol)`,
	`Daugavpil slimnīc NE Rīg`,
	`(Daugavpil VAI Latgal) (budžet VAI nodokļ)`,
	`"Daugavpils satiksme"`,
	`(Cietokš VAI крепост) NE Bauskas`,
	`Rotko VAI Ротко`,
	`Stropu ezer`,
	`Dubrovin park`,
	`(pašvaldīb VAI самоуправлени) (stipendij VAI стипенди)`,
	`Daugavpil (policij VAI полици)`,
	`"Daugavpils siltumtīkl" VAI теплоснабжени`,
	`(apkur VAI отоплени) (tarif VAI цен)`,
	`Latgales vēstniecīb VAI GORS`,
	`Daugavpil NE (reklām VAI sludinājum)`,
	`"Daugavpils teātr" VAI "Даугавпилсский театр"`,
	`Šmakov VAI Шмаков`,
	`Jurkovsk VAI Юрковск`,
	`Daugavpil (skol VAI школ) (remont VAI ремонт)`,
	`"sociālais dienest" Daugavpil`,
	`(Grīv VAI Гривa) NE Jūrmal`,
	`Naujen VAI Науйен`,
	`Daugavpil (tramvaj VAI трамва)`,
	`"reģionu attīstīb" (valstspilsēt VAI Daugavpil)`,
	`Latgal (tūrism VAI туризм)`,
	`"Ministru kabinet" Daugavpil`,
	`COVID-19 Daugavpil`,
	`Daugavpil (ūdensvad VAI kanalizācij)`,
	`"Rīgas iel" Daugavpil`,
	`"Vienības nam" VAI "Дом Единства"`,
	`Daugavpil festivāl`,
	`(Daugavpil VAI Даугавпилс) (koncert VAI концерт)`,
	`Dinaburg VAI Динабург`,
	`"Latgales Zoo" VAI "Латгальский зоопарк"`,
	`Daugavpil talk`,
	`(Daugavpil VAI Latgal) "jauniešu centr"`,
	`"Daugavpils reģionālā slimnīc" VAI "Даугавпилсская региональная больниц"`,
	`Daugavpil (ielu remont VAI būvdarb)`,
	`Даугавпилс (мошенни VAI полиция)`,
	`"Pašvaldību savienīb" Daugavpil`,
	`(Daugavpil VAI Latgal) (Eiropas fond VAI ES fond)`,
	`Daugavpil NE (nekustam VAI īpašum)`,
	`Ilūkst VAI Илукст`,
	`(Augšdaugav VAI Аугшдаугав) novad`,
}

func BenchmarkMatch(b *testing.B) {
	if len(benchRules) != 50 {
		b.Fatalf("%d rules, want 50", len(benchRules))
	}
	rules := make([]MatcherRule, len(benchRules))
	for i, s := range benchRules {
		rules[i] = MatcherRule{ID: int64(i + 1), Rule: mustRule(b, s)}
	}
	m := NewMatcher(rules)
	// Make each item a little different so that nothing is matched twice
	// the same way, as in a real day of feeds.
	items := make([]string, 1000)
	for i := range items {
		items[i] = fmt.Sprintf("%s Nr. %d", benchItems[i%len(benchItems)], i)
	}
	matched := 0
	for _, item := range items[:len(benchItems)] {
		if len(m.Match(item)) > 0 {
			matched++
		}
	}
	if matched < len(benchItems)/2 {
		b.Fatalf("only %d of %d items matched a rule: the benchmark measures nothing real", matched, len(benchItems))
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		m.Match(items[n%len(items)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

func BenchmarkParseRule(b *testing.B) {
	for b.Loop() {
		for _, s := range benchRules {
			if _, err := ParseRule(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
