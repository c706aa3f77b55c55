package press

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// demoRelease is one of the demo's releases: its Latvian text, an optional
// Russian one, the versions it went through and where it stands.
type demoRelease struct {
	title, lead, body, topic string
	ru                       [3]string // title, lead, body; empty for none
	ruStatus                 TextStatus
	status                   Status
	daysAgo                  int
	returned                 string // the head's comment on version 1, if it was returned
	embargoInHours           int    // from now; 0 for none
	contactEmail             string // a person of the directory's demo
}

var demoReleases = []demoRelease{
	{title: "Daugavpilī atklās atjaunoto Vienības tiltu", lead: "Pēc divu gadu pārbūves 15. decembrī satiksmei atkal tiks atvērts Vienības tilts pār Daugavu.",
		body:     "Pārbūves laikā nomainītas tilta laiduma konstrukcijas, ierīkots jauns apgaismojums un veloceliņš abās pusēs.\n\nAtklāšanas pasākums sāksies plkst. 11.00 tilta labajā krastā. Satiksme tiks atjaunota plkst. 14.00.",
		topic:    "Dome 2024. gadā lēma par tilta pārbūvi, jo tilta nesošās konstrukcijas bija avārijas stāvoklī.",
		ru:       [3]string{"В Даугавпилсе откроют обновлённый мост Виенибас", "После двух лет реконструкции 15 декабря мост Виенибас через Даугаву вновь откроют для движения.", "Во время реконструкции заменены конструкции пролёта, установлено новое освещение и велодорожки с обеих сторон."},
		ruStatus: TextReady, status: Sent, daysAgo: 20, contactEmail: "valentina.kozlova@example.lv"},
	{title: "Skolēnu brīvlaikā pilsētas bibliotēkās – radošās darbnīcas", lead: "No 22. decembra līdz 2. janvārim Latgales Centrālās bibliotēkas filiālēs notiks bezmaksas darbnīcas bērniem.",
		body:   "Darbnīcās bērni varēs izgatavot Ziemassvētku rotājumus, apgūt grāmatu iesiešanu un piedalīties lasīšanas maratonā.\n\nPieteikšanās pa tālruni vai bibliotēkā uz vietas.",
		status: Approved, daysAgo: 3, contactEmail: "valentina.kozlova@example.lv"},
	{title: "Mainīts sabiedriskā transporta kustības saraksts svētku dienās", lead: "24., 25., 26. un 31. decembrī tramvaji un autobusi kursēs pēc brīvdienu saraksta.",
		body:  "AS „Daugavpils satiksme” informē, ka svētku dienās tramvaju maršrutos Nr. 1 un Nr. 3 intervāls būs 15 minūtes.\n\nJaungada naktī tramvaji kursēs līdz plkst. 2.00.",
		topic: "Svētku dienās pasažieru plūsma ir par trešdaļu mazāka.", status: Approval, daysAgo: 1, returned: "Lūdzu, norādiet arī Jaungada nakts kustības laikus un pārbaudiet maršrutu numurus."},
	{title: "Pašvaldība aicina pieteikties līdzfinansējumam daudzdzīvokļu māju energoefektivitātei", lead: "Pieteikumus pieņem līdz 2027. gada 31. martam.",
		body:   "Pašvaldība līdzfinansēs līdz 50 % no energoaudita un tehniskā projekta izmaksām.\n\nNolikums un pieteikuma veidlapa pieejama pašvaldības tīmekļvietnē.",
		status: Returned, daysAgo: 2, returned: "Trūkst saites uz nolikumu un informācijas, kur iesniegt pieteikumu klātienē."},
	{title: "Daugavpils Marka Rotko mākslas centrā atklās starptautisku izstādi", lead: "Izstādē „Gaisma un krāsa” būs skatāmi 60 mākslinieku darbi no 12 valstīm.",
		body:     "Izstāde būs atvērta no 10. janvāra līdz 30. martam. Atklāšanā piedalīsies mākslinieki no Lietuvas, Polijas un Vācijas.",
		ru:       [3]string{"В Арт-центре Марка Ротко откроется международная выставка", "", "Выставка будет открыта с 10 января по 30 марта."},
		ruStatus: TextDraft, status: Draft, daysAgo: 0, embargoInHours: 72},
	{title: "Noslēgusies pilsētas svētku organizēšanas iepirkuma procedūra", lead: "Līgums noslēgts ar uzņēmumu, kas piedāvāja saimnieciski izdevīgāko piedāvājumu.",
		body:   "Iepirkuma komisija izvērtēja četrus piedāvājumus. Līguma summa ir 84 000 EUR bez PVN.",
		status: Sent, daysAgo: 45},
	{title: "Ziemas sezonā tiks slēgta slidotava pie Vienības nama", lead: "Slidotavas vietā tiks ierīkota jauna, moderna ledus laukuma sistēma.",
		body:   "Darbi sāksies janvārī un ilgs līdz rudenim. Slidot aicinām Ledus hallē.",
		status: Draft, daysAgo: 5},
}

// FillDemo adds the demo's press releases, in their statuses, each with
// the versions and decisions that brought it there.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	var staff, head *int64
	_ = tx.QueryRow(ctx, `select id from users where username = 'staff'`).Scan(&staff)
	_ = tx.QueryRow(ctx, `select id from users where username = 'head'`).Scan(&head)
	if err := fillDemoEvents(ctx, tx, now, staff); err != nil {
		return err
	}
	if err := fillDemoInterviews(ctx, tx, now, staff); err != nil {
		return err
	}
	if err := fillDemoOfficialTexts(ctx, tx, now, staff, head); err != nil {
		return err
	}
	if err := fillDemoEmergency(ctx, tx, now, staff, head); err != nil {
		return err
	}
	for i, d := range demoReleases {
		at := now.Add(-time.Duration(d.daysAgo)*24*time.Hour - time.Duration(i+1)*time.Hour)
		var contact *int64
		if d.contactEmail != "" {
			_ = tx.QueryRow(ctx, `select id from contacts where $1 = any(emails) and merged_into is null`, d.contactEmail).Scan(&contact)
		}
		c := Content{Topic: d.topic, Texts: []Text{{Lang: Latvian, Status: TextReady, Title: d.title, Lead: d.lead, Body: d.body}}}
		if d.ru[0] != "" {
			body := d.ru[2]
			c.Texts = append(c.Texts, Text{Lang: Russian, Status: d.ruStatus, Title: d.ru[0], Lead: d.ru[1], Body: body})
		}
		versions := 1
		if d.returned != "" {
			versions = 2
		}
		var approved *int
		if d.status == Approved || d.status == Sent || d.status == Scheduled {
			approved = &versions
		}
		var embargo, sentAt *time.Time
		if d.embargoInHours != 0 {
			t := now.Add(time.Duration(d.embargoInHours) * time.Hour).Truncate(time.Hour)
			embargo = &t
		}
		if d.status == Sent {
			t := at.Add(2 * time.Hour)
			sentAt = &t
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			insert into press_releases (status, current_version, approved_version, title, lead, languages, embargo_until,
				contact_person_id, search, sent_at, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, lower(prdesk_unaccent($9)), $10, $11, $12, $13) returning id`,
			d.status, versions, approved, d.title, d.lead, langStrings(c.Languages()), embargo, contact,
			foldedContent(c), sentAt, at, at.Add(time.Duration(versions)*time.Hour), staff).Scan(&id); err != nil {
			return fmt.Errorf("press demo %q: %w", d.title, err)
		}
		for no := 1; no <= versions; no++ {
			v := c
			if no < versions {
				// The version the head returned: the same text, less finished.
				v = Content{Topic: c.Topic, Texts: []Text{{Lang: Latvian, Status: TextReady, Title: d.title, Lead: d.lead,
					Body: firstParagraph(d.body)}}}
			}
			if _, err := tx.Exec(ctx, `insert into press_release_versions (release_id, no, topic, saved_at, saved_by)
				values ($1, $2, $3, $4, $5)`, id, no, v.Topic, at.Add(time.Duration(no-1)*time.Hour), staff); err != nil {
				return err
			}
			for _, t := range v.Texts {
				if _, err := tx.Exec(ctx, `insert into press_release_texts (release_id, version_no, lang, status, title, lead, body)
					values ($1, $2, $3, $4, $5, $6, $7)`, id, no, t.Lang, t.Status, t.Title, t.Lead, t.Body); err != nil {
					return err
				}
			}
		}
		if d.returned != "" {
			if _, err := tx.Exec(ctx, `insert into press_release_reviews (release_id, version_no, decision, comment, decided_by, decided_at)
				values ($1, 1, 'returned', $2, $3, $4)`, id, d.returned, head, at.Add(30*time.Minute)); err != nil {
				return err
			}
		}
		if approved != nil {
			if _, err := tx.Exec(ctx, `insert into press_release_reviews (release_id, version_no, decision, comment, decided_by, decided_at)
				values ($1, $2, 'approved', '', $3, $4)`, id, *approved, head, at.Add(time.Duration(versions)*time.Hour+20*time.Minute)); err != nil {
				return err
			}
		}
		if contact != nil {
			if _, err := tx.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at, created_by, held)
				values ($1, 'press', $2, $3, $4, $5, false)`, *contact, UseContactPerson, fmt.Sprint(id), at, staff); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstParagraph is s up to its first blank line.
func firstParagraph(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\n' && s[i+1] == '\n' {
			return s[:i]
		}
	}
	return s
}

// demoEvents are the demo's media events: one held with its journalists,
// one announced for next week, one planned.
var demoEvents = []struct {
	kind               EventKind
	title, place, room string
	inDays, hour       int
	status             EventStatus
	journalists        [][3]string // name, outlet, e-mail
}{
	{Conference, "Pilsētas budžets 2027. gadam", "Daugavpils valstspilsētas pašvaldība, K. Valdemāra iela 1", "Sēžu zāle", -12, 11, EventHeld,
		[][3]string{{"Anna Bērziņa", "LSM", "anna.berzina@example.lv"}, {"Dmitrijs Ivanovs", "Gorod", "d.ivanovs@example.lv"},
			{"Sergejs Petrovs", "Dautkom TV", "sergejs.petrovs@example.lv"}}},
	{Briefing, "Ziemas sezonas sagatavošana: ielu uzturēšana", "Daugavpils valstspilsētas pašvaldība, K. Valdemāra iela 1", "1. stāva zāle", 6, 10, EventAnnounced,
		[][3]string{{"Līga Kalniņa", "LETA", "liga.kalnina@example.lv"}}},
	{MediaEvent, "Atjaunotā Vienības tilta atklāšana", "Vienības tilts, labais krasts", "", 10, 11, EventPlanned, nil},
}

// fillDemoEvents adds demoEvents, the held one's journalists marked as they came.
func fillDemoEvents(ctx context.Context, tx pgx.Tx, now time.Time, staff *int64) error {
	for i, d := range demoEvents {
		day := now.In(i18n.Riga).AddDate(0, 0, d.inDays)
		start := time.Date(day.Year(), day.Month(), day.Day(), d.hour, 0, 0, 0, i18n.Riga)
		var id int64
		if err := tx.QueryRow(ctx, `insert into press_events (kind, title, starts_at, ends_at, place, room, status, responsible_id,
				accreditation_token, accreditation_open, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $8) returning id`,
			d.kind, d.title, start, start.Add(time.Hour), d.place, d.room, d.status, staff,
			fmt.Sprintf("DEMOEVENT%dAAAAAAAAAAAAAAAA", i+2), d.status != EventHeld, now.AddDate(0, 0, -20)).Scan(&id); err != nil {
			return fmt.Errorf("press demo event %q: %w", d.title, err)
		}
		for k, j := range d.journalists {
			var attended *bool
			if d.status == EventHeld {
				came := k != 2
				attended = &came
			}
			var contact *int64
			_ = tx.QueryRow(ctx, `select id from contacts where $1 = any(emails) and merged_into is null`, j[2]).Scan(&contact)
			if _, err := tx.Exec(ctx, `insert into press_accreditations (event_id, name, outlet, email, contact_id, source, attended, created_at)
				values ($1, $2, $3, $4, $5, 'public', $6, $7)`, id, j[0], j[1], j[2], contact, attended, now.AddDate(0, 0, -15)); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoInterviews are the demo's interview requests, one at each stage.
var demoInterviews = []struct {
	journalist, outlet, official string // e-mail, organisation's name, e-mail
	topic, questions             string
	format                       InterviewFormat
	status                       InterviewStatus
	deadlineDays, agreedDays     int // from now; 0 for none
	declineReason, url           string
}{
	{"edgars.krumins@example.lv", "TVNET", "gunars.strods@example.lv", "Jaunie tramvaji un maršrutu izmaiņas",
		"Kad pilsētā kursēs jaunie tramvaji?\nVai mainīsies biļešu cenas?", InPerson, InterviewNew, 2, 0, "", ""},
	{"d.ivanovs@example.lv", "Gorod.lv", "valentina.kozlova@example.lv", "Skolu tīkla pārkārtošana", "", ByPhone, InterviewAgreeing, -1, 0, "", ""},
	{"anna.berzina@example.lv", "Latvijas Sabiedriskie mediji", "gunars.strods@example.lv", "Sabiedriskā transporta budžets 2027. gadā", "", OnRadio,
		InterviewScheduled, 4, 3, "", ""},
	{"liga.kalnina@example.lv", "LETA", "valentina.kozlova@example.lv", "Mācību gada sākums", "", Written, InterviewDone, -20, -21, "",
		"https://www.leta.lv/"},
	{"oleg.smirnov@example.lv", "Latgales Reģionālā televīzija", "gunars.strods@example.lv", "Uzņēmuma valdes atlīdzība", "", OnTV,
		InterviewDeclined, -8, 0, "Amatpersona šajā laikā ir komandējumā; atbildes nosūtītas rakstiski.", ""},
}

// fillDemoInterviews adds demoInterviews, their contacts found by address
// and name in the demo directory.
func fillDemoInterviews(ctx context.Context, tx pgx.Tx, now time.Time, staff *int64) error {
	for i, d := range demoInterviews {
		var journalist, outlet, official *int64
		_ = tx.QueryRow(ctx, `select id from contacts where $1 = any(emails) and merged_into is null`, d.journalist).Scan(&journalist)
		_ = tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and name = $1 and merged_into is null`, d.outlet).Scan(&outlet)
		_ = tx.QueryRow(ctx, `select id from contacts where $1 = any(emails) and merged_into is null`, d.official).Scan(&official)
		day := func(days, hour int) *time.Time {
			if days == 0 {
				return nil
			}
			t := now.In(i18n.Riga).AddDate(0, 0, days)
			t = time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, i18n.Riga)
			return &t
		}
		agreed := day(d.agreedDays, 14)
		var minutes *int
		if agreed != nil {
			m := 30
			minutes = &m
		}
		created := now.AddDate(0, 0, -3-i)
		if d.deadlineDays < 0 {
			created = now.AddDate(0, 0, d.deadlineDays-4)
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into press_interviews (outlet_id, journalist_id, topic, questions, deadline_at, official_id,
				format, status, decline_reason, responsible_id, agreed_at, agreed_minutes, published_url, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $10) returning id`,
			outlet, journalist, d.topic, d.questions, day(d.deadlineDays, 17), official, d.format, d.status, d.declineReason, staff,
			agreed, minutes, d.url, created).Scan(&id); err != nil {
			return fmt.Errorf("press demo interview %q: %w", d.topic, err)
		}
		ref := "interviews/" + fmt.Sprint(id)
		for _, u := range []struct {
			contact *int64
			kind    string
		}{{journalist, UseInterviewJournalist}, {outlet, UseInterviewOutlet}, {official, UseInterviewOfficial}} {
			if u.contact == nil {
				continue
			}
			if _, err := tx.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at, created_by, held)
				values ($1, 'press', $2, $3, $4, $5, false)`, *u.contact, u.kind, ref, created, staff); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoOfficialTexts are the demo's greetings, statements and speeches:
// last year's festival speech and this year's started from it, and one
// text at each other step.
var demoOfficialTexts = []struct {
	kind                OfficialKind
	occasion            string
	requester, official string // organisation's name, person's e-mail
	lang                Lang
	status              OfficialStatus
	inDays              int      // the day needed, from now
	yearly              [2]int   // or a yearly occasion's month and day: needed three days before its next one
	drafts              []string // the versions, oldest first
	basedOnPrevious     bool
}{
	{OfficialSpeech, "Daugavpils pilsētas svētki", "Daugavpils valstspilsētas pašvaldība", "andris.vaivods@example.lv", Latvian, OfficialDelivered, -330, [2]int{},
		[]string{"Dārgie daugavpilieši un pilsētas viesi!\n\nŠodien svinam mūsu pilsētas svētkus.",
			"Dārgie daugavpilieši un pilsētas viesi!\n\nŠodien svinam mūsu pilsētas svētkus. Paldies ikvienam, kas ar savu darbu padara Daugavpili skaistāku."}, false},
	{OfficialSpeech, "Daugavpils pilsētas svētki", "Daugavpils valstspilsētas pašvaldība", "andris.vaivods@example.lv", Latvian, OfficialApproval, 35, [2]int{},
		[]string{"Dārgie daugavpilieši un pilsētas viesi!\n\nŠodien svinam mūsu pilsētas svētkus. Paldies ikvienam, kas ar savu darbu padara Daugavpili skaistāku un mājīgāku."}, true},
	{OfficialGreeting, "Skolotāju diena", "Daugavpils pilsētas Izglītības pārvalde", "andris.vaivods@example.lv", Latvian, OfficialDrafting, 0, [2]int{10, 5},
		[]string{"Godātie skolotāji!\n\nSirsnīgi sveicam Jūs profesionālajos svētkos."}, false},
	{OfficialStatement, "Par sabiedriskā transporta kustības izmaiņām", "AS „Daugavpils satiksme”", "gunars.strods@example.lv", Russian, OfficialApproved, 2, [2]int{},
		[]string{"С 1 декабря изменится расписание трамвая № 1."}, false},
	{OfficialGreeting, "Latvijas Republikas proklamēšanas diena", "Daugavpils valstspilsētas pašvaldība", "andris.vaivods@example.lv", Latvian, OfficialRequested, 0, [2]int{11, 18}, nil, false},
}

// fillDemoOfficialTexts adds demoOfficialTexts with their drafts and the
// head's approvals.
func fillDemoOfficialTexts(ctx context.Context, tx pgx.Tx, now time.Time, staff, head *int64) error {
	var previous int64
	for _, d := range demoOfficialTexts {
		var requester, official *int64
		_ = tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and name = $1 and merged_into is null`, d.requester).Scan(&requester)
		_ = tx.QueryRow(ctx, `select id from contacts where $1 = any(emails) and merged_into is null`, d.official).Scan(&official)
		day := now.In(i18n.Riga).AddDate(0, 0, d.inDays)
		needed := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		if d.yearly[0] != 0 {
			today := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
			next := time.Date(today.Year(), time.Month(d.yearly[0]), d.yearly[1], 0, 0, 0, 0, time.UTC)
			if next.AddDate(0, 0, -3).Before(today) {
				next = next.AddDate(1, 0, 0)
			}
			needed = next.AddDate(0, 0, -3)
		}
		created := now.AddDate(0, 0, min(d.inDays, 0)-20)
		var approved *int
		if d.status == OfficialApproved || d.status == OfficialDelivered {
			n := len(d.drafts)
			approved = &n
		}
		var basedOn *int64
		if d.basedOnPrevious {
			basedOn = &previous
		}
		body := ""
		if len(d.drafts) > 0 {
			body = d.drafts[len(d.drafts)-1]
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into press_official_texts (kind, occasion, requested_by_id, official_id, needed_on, lang, author_id,
				status, current_version, approved_version, based_on_id, search, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, lower(prdesk_unaccent($2 || E'\n' || $12::text)), $13, $13, $7) returning id`,
			d.kind, d.occasion, requester, official, needed, d.lang, staff, d.status, len(d.drafts), approved, basedOn, body, created).Scan(&id); err != nil {
			return fmt.Errorf("press demo text %q: %w", d.occasion, err)
		}
		previous = id
		for i, draft := range d.drafts {
			if _, err := tx.Exec(ctx, `insert into press_official_text_versions (text_id, no, body, saved_at, saved_by) values ($1, $2, $3, $4, $5)`,
				id, i+1, draft, created.Add(time.Duration(i+1)*24*time.Hour), staff); err != nil {
				return err
			}
		}
		if approved != nil {
			if _, err := tx.Exec(ctx, `insert into press_official_text_reviews (text_id, version_no, decision, comment, decided_by, decided_at)
				values ($1, $2, 'approved', '', $3, $4)`, id, *approved, head, created.Add(time.Duration(*approved+1)*24*time.Hour)); err != nil {
				return err
			}
		}
		ref := "texts/" + fmt.Sprint(id)
		for _, u := range []struct {
			contact *int64
			kind    string
		}{{requester, UseOfficialRequester}, {official, UseOfficialSpeaker}} {
			if u.contact == nil {
				continue
			}
			if _, err := tx.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at, created_by, held)
				values ($1, 'press', $2, $3, $4, $5, false)`, *u.contact, u.kind, ref, created, staff); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoStatements are the statements of the demo's emergency: who
// submitted it (a user name), the unit (a name in the directory, or as
// typed), minutes after the start it was submitted and decided, the text,
// the decision, the edited text and the comment.
var demoStatements = []struct {
	by, unit, onBehalfOf, channel string
	inDirectory                   bool
	at, decided                   int
	body                          string
	status                        StatementStatus
	edited, comment               string
}{
	{"unit", "Komunālās saimniecības pārvalde", "", "Visi mediji", false, 40, 52,
		"Pašvaldība ir informēta par Daugavas ūdens līmeņa celšanos Grīvā un Butišķos. Šobrīd Komunālās saimniecības pārvalde izvieto smilšu maisus Zīlānu ielā. Iedzīvotājus aicinām neatstāt automašīnas upes krastā. Nākamā informācija tiks sniegta plkst. 12.00.",
		StatementApproved, "", ""},
	{"staff", "AS „Daugavpils satiksme”", "Ilze Gaile, valdes locekle", "LSM Latgales studija", true, 75, 118,
		"Tramvaja maršruts Nr. 3 līdz plūdu beigām nekursēs, jo sliedes Butišķos ir applūdušas. Pasažierus pārvadās autobusi ik pēc 15 minūtēm.",
		StatementEdited,
		"Tramvaja maršruts Nr. 3 līdz turpmākam paziņojumam nekursēs, jo sliedes Butišķos ir applūdušas. Pasažierus pārvadās autobusi ik pēc 15 minūtēm no pieturas „Stacija”.",
		"Nesoliet, kad plūdi beigsies; norādiet pieturu, no kuras kursē autobusi."},
	{"unit", "Daugavpils pilsētas Izglītības pārvalde", "", "Pašvaldības tīmekļvietne", true, 150, 200,
		"Rīt visas Grīvas skolas būs slēgtas.",
		StatementRejected, "", "Par skolu darbu rīt pašvaldības vadība informēs preses konferencē plkst. 16.00; līdz tam informāciju nesniedziet."},
	{"unit", "Komunālās saimniecības pārvalde", "", "Visi mediji", false, 320, 338,
		"Ūdens līmenis Daugavā krītas. Smilšu maisi Zīlānu ielā paliks līdz piektdienai; lūdzam tos neaiztikt.",
		StatementApproved, "", ""},
}

// fillDemoEmergency adds one ended emergency, some days ago, with its
// statements decided: the review's example.
func fillDemoEmergency(ctx context.Context, tx pgx.Tx, now time.Time, staff, head *int64) error {
	var unit *int64
	_ = tx.QueryRow(ctx, `select id from users where username = 'unit'`).Scan(&unit)
	day := now.In(i18n.Riga).AddDate(0, 0, -12)
	starts := time.Date(day.Year(), day.Month(), day.Day(), 6, 30, 0, 0, i18n.Riga)
	ended := starts.Add(7 * time.Hour)
	const target = 30
	var id int64
	if err := tx.QueryRow(ctx, `insert into press_emergencies (title, description, template, starts_at, ended_at, ended_by, target_minutes,
			created_at, updated_at, created_by, version)
		values ($1, $2, $3, $4, $5, $6, $7, $4, $5, $6, 2) returning id`,
		"Plūdi Daugavas krastā Grīvā un Butišķos",
		"Daugavas ūdens līmenis pārsniedza 6 metrus. Iesaistīti Valsts ugunsdzēsības un glābšanas dienests, pašvaldības policija un Komunālās saimniecības pārvalde.",
		lvText("press.emergency.default_template"), starts, ended, head, target).Scan(&id); err != nil {
		return fmt.Errorf("press demo emergency: %w", err)
	}
	for _, d := range demoStatements {
		by := staff
		if d.by == "unit" && unit != nil {
			by = unit
		}
		var unitID *int64
		name := d.unit
		if d.inDirectory {
			_ = tx.QueryRow(ctx, `select id from contacts where kind = 'organisation' and name = $1 and merged_into is null`, d.unit).Scan(&unitID)
			if unitID != nil {
				name = ""
			}
		}
		at := starts.Add(time.Duration(d.at) * time.Minute)
		decided := starts.Add(time.Duration(d.decided) * time.Minute)
		var approved *string
		switch d.status {
		case StatementApproved:
			approved = &d.body
		case StatementEdited:
			approved = &d.edited
		}
		var sid int64
		if err := tx.QueryRow(ctx, `insert into press_statements (emergency_id, unit_id, unit_name, on_behalf_of, channel, body, status,
				approved_text, comment, submitted_by, submitted_at, due_at, decided_by, decided_at, version, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 2, $11, $14, $10) returning id`,
			id, unitID, name, d.onBehalfOf, d.channel, d.body, d.status, approved, d.comment, by, at,
			at.Add(target*time.Minute), staff, decided).Scan(&sid); err != nil {
			return fmt.Errorf("press demo statement: %w", err)
		}
		if unitID != nil {
			if _, err := tx.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at, created_by, held)
				values ($1, 'press', $2, $3, $4, $5, false)`, *unitID, UseStatementUnit, statementRef(sid), at, by); err != nil {
				return err
			}
		}
	}
	return nil
}
