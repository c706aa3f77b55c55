package monitoring

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/feeds"
)

// importSize is a large import: a day of every feed the desk reads, or a
// feed's archive read for the first time.
const importSize = 10_000

// BenchmarkImport stores one read of importSize new items against the 50
// rules of BenchmarkMatch (and no others) in one transaction: the insert,
// the matching of every new item and the hits. It reports items per
// second and how many of each import the rules picked.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	pool := dbtest.Pool(b)
	s := NewStore(Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now}), Now: time.Now})
	if _, err := pool.Exec(ctx, `update monitoring_rules set active = false`); err != nil {
		b.Fatal(err)
	}
	run := time.Now().UnixNano()
	for i, expr := range benchRules {
		if _, _, err := s.CreateRule(ctx, KeywordRule{Name: fmt.Sprintf("Mērījums %d-%d", run, i), Expression: expr, Active: true}, false); err != nil {
			b.Fatalf("rule %q: %v", expr, err)
		}
	}
	var outlet int64
	if err := pool.QueryRow(ctx, `insert into contacts (kind, name, org_type, country, city, emails)
		values ('organisation', $1, 'media', 'LV', 'Daugavpils', '{}') returning id`, fmt.Sprintf("Mērījumu medijs %d", run)).Scan(&outlet); err != nil {
		b.Fatal(err)
	}
	published := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	feed := &feeds.Feed{Items: make([]feeds.Item, importSize)}
	for i := range feed.Items {
		// One item in five is of benchItems, most of which are about
		// Daugavpils; the others are the rest of the country's news.
		text := benchItems[i%len(benchItems)]
		if i%5 != 0 {
			text = otherNews[i%len(otherNews)]
		}
		title, summary, _ := strings.Cut(text, "\n")
		feed.Items[i] = feeds.Item{Title: fmt.Sprintf("%s (%d)", title, i), Summary: summary, Author: "Redakcija",
			Published: published.Add(-time.Duration(i) * time.Minute)}
	}
	b.ReportAllocs()
	matched, imports := 0, 0
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		id, err := s.CreateFeed(ctx, Feed{Name: fmt.Sprintf("Mērījums %d-%d", run, n), URL: fmt.Sprintf("https://example.lv/rss/%d/%d", run, n),
			OutletID: &outlet, Language: Latvian, MediaType: Online, Active: false, IntervalMinutes: DefaultFeedInterval})
		if err != nil {
			b.Fatal(err)
		}
		for i := range feed.Items {
			feed.Items[i].GUID = fmt.Sprintf("%d/%d/%d", run, n, i)
			feed.Items[i].Link = fmt.Sprintf("https://example.lv/zinas/%d/%d/%d", run, n, i)
		}
		b.StartTimer()
		res, err := s.ImportFeed(ctx, id, feed)
		if err != nil {
			b.Fatal(err)
		}
		if res.New != importSize {
			b.Fatalf("%d new of %d", res.New, importSize)
		}
		matched += res.Matched
		imports++
	}
	b.ReportMetric(float64(importSize*imports)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(matched)/float64(imports), "matched/import")
}

// otherNews are items no rule of benchRules is about: the country's news.
var otherNews = []string{
	"Saeima pieņem grozījumus nodokļu likumā\n" +
		"Deputāti trešajā lasījumā atbalstīja grozījumus, kas paredz mainīt iedzīvotāju ienākuma nodokļa likmes no nākamā " +
		"gada janvāra. Finanšu ministrija lēš, ka izmaiņas skars vairāk nekā pusi strādājošo. Opozīcija aicināja lēmumu " +
		"atlikt līdz budžeta pieņemšanai, taču priekšlikums neguva atbalstu. Likums stāsies spēkā pēc izsludināšanas.",
	"Liepājā atklāj koncertzāles sezonu\n" +
		"Koncertzālē „Lielais dzintars” sestdien ar simfoniskā orķestra koncertu sāksies jaunā sezona. Programmā ir " +
		"klasiskās mūzikas vakari, džeza festivāls un bērnu koncerti. Biļetes var iegādāties tiešsaistē un kasē.",
	"Laikapstākļi: nedēļas nogalē gaidāms sniegs\n" +
		"Sinoptiķi brīdina, ka sestdien valsts rietumos snigs, bet naktī gaiss atdzisīs līdz mīnus desmit grādiem. " +
		"Autovadītāji aicināti ievērot piesardzību, jo ceļi var būt slideni. Svētdien laiks kļūs saulaināks.",
	"Valmierā notiks starptautisks basketbola turnīrs\n" +
		"Turnīrā piedalīsies komandas no piecām valstīm, spēles notiks Vidzemes Olimpiskajā centrā. Organizatori sola " +
		"bezmaksas ieeju skolēniem un tiešraidi internetā.",
	"В Риге подорожает проезд в общественном транспорте\n" +
		"Новые тарифы вступят в силу с февраля. Стоимость разового билета вырастет на десять центов, цены на " +
		"проездные для школьников и пенсионеров не изменятся. Перевозчик объясняет рост цен подорожанием топлива.",
}
