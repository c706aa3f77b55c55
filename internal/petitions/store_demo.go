package petitions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/personcode"
)

// demoCase is one entry of the demo classification scheme.
type demoCase struct {
	index, title string
	years        int // 0: permanent
	responsible  string
}

var demoCases = []demoCase{
	{"1-12", "Iedzīvotāju iesniegumi, priekšlikumi un sūdzības", 5, "head"},
	{"1-13", "Iesniegumi par pašvaldības pakalpojumiem un infrastruktūru", 5, "staff"},
	{"1-14", "Iesniegumi par sabiedrisko kārtību un vides jautājumiem", 5, "staff"},
	{"1-15", "Ierosinājumi un vēstules par pilsētas attīstību", 0, "head"},
}

type demoPerson struct {
	name, address, email, phone string
	eaddress                    bool
	birth                       string // ddmmyy, for a personal code; "" for none
}

var demoPeople = []demoPerson{
	{"Anna Petrova", "Rīgas iela 22-5, Daugavpils, LV-5401", "anna.petrova@example.lv", "+371 26123456", false, "140385"},
	{"Jānis Kalniņš", "Cietokšņa iela 60-12, Daugavpils, LV-5401", "", "+371 29345678", false, "020771"},
	{"Olga Ivanova", "Vienības iela 13-8, Daugavpils, LV-5401", "olga.ivanova@example.lv", "", true, ""},
	{"Sergejs Vasiļjevs", "Jātnieku iela 90-41, Daugavpils, LV-5410", "sergejs.v@example.lv", "+371 25556677", false, "301160"},
	{"Ināra Zariņa", "Saules iela 31-2, Daugavpils, LV-5401", "", "", true, "110292"},
	{"Dmitrijs Kozlovs", "18. novembra iela 145-7, Daugavpils, LV-5417", "d.kozlovs@example.lv", "+371 20011223", false, ""},
	{"Līga Vanaga", "Parādes iela 7-3, Daugavpils, LV-5401", "liga.vanaga@example.lv", "", false, "250599"},
	{"Viktors Smirnovs", "Stacijas iela 47-19, Daugavpils, LV-5401", "", "+371 26789012", false, ""},
	{"Natālija Gromova", "Smilšu iela 92-64, Daugavpils, LV-5422", "natalija.gromova@example.lv", "", false, "080877"},
	{"Aivars Puķītis", "Ģimnāzijas iela 38-1, Daugavpils, LV-5401", "", "", true, "170654"},
	{"Jeļena Kuzņecova", "Arhitektu iela 12-33, Daugavpils, LV-5410", "jelena.k@example.lv", "+371 29990011", false, ""},
	{"Pēteris Ozoliņš", "Kandavas iela 20, Daugavpils, LV-5404", "", "+371 26543210", false, "050348"},
	{"Svetlana Novikova", "Valkas iela 4-15, Daugavpils, LV-5417", "svetlana.novikova@example.lv", "", false, ""},
	{"Edgars Liepa", "Tukuma iela 9, Daugavpils, LV-5404", "edgars.liepa@example.lv", "+371 22334455", true, "291088"},
}

type demoSubmission struct {
	caseIndex string
	doc       DocType
	subject   string
	summary   string
	person    int // index in demoPeople; -1: anonymous
	state     State
	channel   Channel
}

// demoSubmissions are in the order they were received, oldest first.
var demoSubmissions = []demoSubmission{
	{"1-13", TypeComplaint, "Bedres Cietokšņa ielā", "Brauktuvē pie Cietokšņa ielas 60 ir vairākas dziļas bedres, kas bojā automašīnas.", 1, Closed, ChannelInPerson},
	{"1-13", TypeSubmission, "Ielu apgaismojums Vienības ielā nedarbojas", "Posmā no Saules ielas līdz Ģimnāzijas ielai vakaros nedeg ielu laternas.", 2, Closed, ChannelEmail},
	{"1-12", TypeProposal, "Suņu pastaigu laukuma ierīkošana Ķīmiķu mikrorajonā", "Ierosina ierīkot iežogotu suņu pastaigu laukumu pie Arhitektu ielas.", 10, Closed, ChannelPortal},
	{"1-13", TypeComplaint, "Siltumapgādes pārtraukums Jātnieku ielā 90", "Dzīvoklī trīs dienas nav apkures; apsaimniekotājs neatbild.", 3, Answered, ChannelPhone},
	{"1-13", TypeSubmission, "Sabiedriskā transporta 3. autobusa maršruta izmaiņas", "Lūdz atjaunot pieturu „Stropu ezers” 3. autobusa maršrutā.", 8, Answered, ChannelEmail},
	{"1-14", TypeComplaint, "Trokšņa traucējumi naktī Rīgas ielā", "Kafejnīca pie Rīgas ielas 22 strādā līdz rītam ar skaļu mūziku.", 0, Closed, ChannelEmail},
	{"1-15", TypeSuggestion, "Velosipēdu novietnes pie Vienības nama", "Ierosina uzstādīt velosipēdu novietnes pie Vienības nama un tirgus.", 13, Closed, ChannelEAddress},
	{"1-14", TypeComplaint, "Klaiņojoši suņi Gajokā", "Pie Smilšu ielas 92 klaiņo suņu bars, bērni baidās iet uz skolu.", -1, Unexamined, ChannelPost},
	{"1-13", TypeSubmission, "Bērnu rotaļu laukuma remonts Ceriņu ielā", "Rotaļu laukumā salūzušas šūpoles un slidkalniņš.", 6, Answered, ChannelInPerson},
	{"1-13", TypeComplaint, "Bedres Cietokšņa ielā pie 60. nama", "Bedres joprojām nav aizlāpītas, lai gan solīts.", 1, Joined, ChannelPost},
	{"1-12", TypeLetter, "Pateicība par Dubrovina parka sakopšanu", "Iedzīvotāja pateicas par sakopto parku un jaunajiem soliņiem.", 11, Closed, ChannelEmail},
	{"1-14", TypeSubmission, "Koku zāģēšana Dubrovina parkā", "Lūdz paskaidrot, kāpēc parkā nozāģētas trīs liepas.", 5, Answered, ChannelEmail},
	{"1-13", TypeSubmission, "Ūdens noplūde pagalmā Smilšu ielā", "Pagalmā pie Smilšu ielas 92 nedēļu plūst ūdens no aizsalušas caurules.", 8, Forwarded, ChannelInPerson},
	{"1-13", TypeComplaint, "Gājēju pārejas drošība pie 16. vidusskolas", "Automašīnas nebremzē pie gājēju pārejas; lūdz uzstādīt ātrumvaļņus.", 4, InProgress, ChannelEAddress},
	{"1-15", TypeProposal, "Skvēra labiekārtošana pie Sv. Borisa un Gļeba katedrāles", "Ierosina skvērā izvietot soliņus un apgaismojumu.", 9, InProgress, ChannelInPerson},
	{"1-13", TypeSubmission, "Atkritumu konteineru izvešana Stropos", "Konteineri Stropu ezera peldvietā netiek iztukšoti.", 12, Closed, ChannelEmail},
	{"1-14", TypeComplaint, "Graffiti uz Daugavpils cietokšņa sienām", "Uz cietokšņa Nikolaja vārtiem parādījušies uzraksti.", 7, InProgress, ChannelPhone},
	{"1-13", TypeSubmission, "Autobusa pieturas nojume Cietokšņa ielā", "Pieturas nojumei izsists stikls, pieturā līst.", 1, InProgress, ChannelInPerson},
	{"1-12", TypeComplaint, "Pašvaldības dzīvokļa remonts Valkas ielā", "Dzīvoklī tek jumts; lūdz veikt remontu.", 12, InProgress, ChannelPost},
	{"1-15", TypeSuggestion, "Ielu nosaukumu zīmes arī latgaliski", "Ierosina vēsturiskajā centrā izvietot ielu zīmes arī latgaliešu rakstu valodā.", 9, Answered, ChannelEmail},
	{"1-13", TypeSubmission, "Tramvaja kustības saraksts vakaros", "Lūdz pagarināt 1. tramvaja maršruta kursēšanu līdz pusnaktij.", 0, InProgress, ChannelPortal},
	{"1-13", TypeComplaint, "Sniega tīrīšana ietvēm Daugavas ielā", "Ietves netiek tīrītas, senioriem grūti pārvietoties.", 11, InProgress, ChannelEmail},
	{"1-12", TypeSubmission, "Bezmaksas braukšanas atvieglojumi senioriem", "Lūdz skaidrot, kā saņemt braukšanas atvieglojumus pensionāriem.", 13, AwaitingResolution, ChannelEmail},
	{"1-14", TypeComplaint, "Tirgus apkārtnes sakopšana", "Ap Centrālo tirgu vakaros paliek daudz atkritumu.", 3, AwaitingResolution, ChannelInPerson},
	{"1-15", TypeProposal, "Sporta laukuma apgaismojums Esplanādē", "Ierosina ierīkot apgaismojumu sporta laukumam, lai var trenēties vakaros.", 6, AwaitingResolution, ChannelEmail},
	{"1-13", TypeSubmission, "Trotuāra remonts Saules ielā", "Trotuāra plāksnes izceltas ar koku saknēm, var paklupt.", 4, InProgress, ChannelEAddress},
	{"1-12", TypeLetter, "Daugavpils pilsētas svētku programma", "Jautā par pilsētas svētku programmu un tirdzniecības vietām.", 7, Answered, ChannelEmail},
	{"1-14", TypeComplaint, "Nelegāla automašīnu novietošana zālienā Tukuma ielā", "Automašīnas tiek novietotas uz zāliena pie daudzdzīvokļu mājas.", 13, AwaitingResolution, ChannelEAddress},
	{"1-13", TypeSubmission, "Siltuma skaitītāju rādījumi un rēķini", "Lūdz pārbaudīt apkures rēķina aprēķinu par oktobri.", 3, Registered, ChannelInPerson},
	{"1-13", TypeComplaint, "Ielu apgaismojums Cietokšņa ielā", "Cietokšņa ielā pie pieturas nedeg trīs laternas.", 1, InProgress, ChannelPost},
	{"1-12", TypeSubmission, "Sociālā dzīvokļa rinda", "Lūdz informāciju par vietu rindā uz sociālo dzīvokli.", 12, AwaitingResolution, ChannelPost},
	{"1-15", TypeSuggestion, "Peldvietas Stropu ezerā sakopšana pirms sezonas", "Ierosina laikus sakopt pludmali un uzstādīt ģērbtuves.", 10, Registered, ChannelPortal},
	{"1-13", TypeComplaint, "Bedres Ventspils ielā", "Ventspils ielā pēc ūdensvada remonta palikušas bedres.", 5, AwaitingResolution, ChannelEmail},
	{"1-14", TypeSubmission, "Skaļš remonts brīvdienās Raiņa ielā", "Kaimiņi remontē dzīvokli svētdienās no rīta.", 0, Registered, ChannelEmail},
	{"1-13", TypeSubmission, "Autostāvvieta pie Daugavpils reģionālās slimnīcas", "Trūkst stāvvietu apmeklētājiem; lūdz paplašināt.", 2, Registered, ChannelEmail},
	{"1-13", TypeSubmission, "Sabiedriskā transporta pieejamība cilvēkiem ratiņkrēslā", "Ne visos tramvajos ir zemās grīdas; lūdz grafiku ar pieejamiem vagoniem.", 9, Registered, ChannelInPerson},
	{"1-12", TypeProposal, "Soliņi gar Daugavas krastmalu", "Ierosina uzstādīt soliņus gar krastmalas pastaigu taku.", 11, Registered, ChannelEAddress},
	{"1-14", TypeComplaint, "Ielu apgaismojums Vienības ielā atkal nedarbojas", "Laternas nedeg jau otro nedēļu.", 2, Registered, ChannelEmail},
	{"1-13", TypeSubmission, "Siltumapgāde bērnudārzā Jātnieku ielā", "Bērnudārza grupās ir vēss; lūdz pārbaudīt apkures sistēmu.", 6, Registered, ChannelPhone},
	{"1-13", TypeComplaint, "Bedres pagalmā Arhitektu ielā 12", "Pagalma brauktuve pēc lietus pārvēršas peļķēs.", 10, Registered, ChannelInPerson},
}

// FillDemo writes the demo classification scheme and about forty submissions
// received over the two months before now, through the same registering
// code as the form, so numbers and deadlines are real. Every date of the
// demo (receipt, steps, mail) is at most now, and each event is written
// with the time it happened. It runs as the system inside the demo seeding
// transaction.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	type account struct {
		ID       int64  `db:"id"`
		Username string `db:"username"`
		FullName string `db:"full_name"`
	}
	rows, _ := tx.Query(ctx, `select id, username, full_name from users`)
	accounts, err := pgx.CollectRows(rows, pgx.RowToStructByName[account])
	if err != nil {
		return err
	}
	users := map[string]*auth.User{}
	for _, a := range accounts {
		users[a.Username] = &auth.User{ID: a.ID, Username: a.Username, FullName: a.FullName}
	}
	for _, name := range []string{"head", "staff", "clerk", "chair"} {
		if users[name] == nil {
			return fmt.Errorf("petitions demo: no %s account", name)
		}
	}
	caseIDs := map[string]int64{}
	for _, c := range demoCases {
		var years *int
		if c.years > 0 {
			years = &c.years
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into doc_cases (case_index, title, retention_years, responsible_id)
			values ($1, $2, $3, $4) returning id`, c.index, c.title, years, users[c.responsible].ID).Scan(&id); err != nil {
			return fmt.Errorf("petitions demo case %s: %w", c.index, err)
		}
		if err := record(ctx, tx, "doc_case", id, "create", nil, "Demo klasifikācijas shēmas lieta %s", c.index); err != nil {
			return err
		}
		caseIDs[c.index] = id
	}

	cal, err := calendar.NewStore(nil).Load(ctx, tx)
	if err != nil {
		return err
	}
	rules, err := rulesQ(ctx, tx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(4, 17)) // the same demo every time
	start := now.AddDate(0, 0, -60)
	step := 60 * 24 * time.Hour / time.Duration(len(demoSubmissions))
	var ids []int64
	answerSeq := 0
	for i, d := range demoSubmissions {
		day := start.Add(time.Duration(i) * step).In(i18n.Riga)
		for !cal.IsWorkingDay(day) {
			day = day.AddDate(0, 0, -1)
		}
		received := time.Date(day.Year(), day.Month(), day.Day(), 8+rng.IntN(8), rng.IntN(60), 0, 0, i18n.Riga)
		if received.After(now) {
			received = now.Add(-2 * time.Hour)
		}
		at := received.Add(time.Duration(10+rng.IntN(80)) * time.Minute)
		if at.After(now) {
			at = now
		}
		np := NewPetition{
			IdempotencyKey: "demo-" + strconv.Itoa(i+1) + "-" + newCheckCode(),
			CaseID:         caseIDs[d.caseIndex],
			ReceivedAt:     received,
			Channel:        d.channel,
			DocType:        d.doc,
			Subject:        d.subject,
			Summary:        d.summary,
			Pages:          1 + rng.IntN(3),
			AddresseeID:    users["chair"].ID,
			ESigned:        d.channel == ChannelEAddress || (d.channel == ChannelEmail && i%3 == 0),
		}
		if d.person < 0 {
			np.Anonymous = true
		} else {
			p := demoPeople[d.person]
			np.PersonName, np.PersonAddress, np.PersonEmail, np.PersonPhone, np.HasEAddress = p.name, p.address, p.email, p.phone, p.eaddress
			if p.birth != "" {
				np.PersonCode = demoPersonCode(p.birth, i)
			}
			switch {
			case p.eaddress && d.channel == ChannelEAddress:
				np.ReplyChannel = ReplyEAddress
			case p.email != "":
				np.ReplyChannel = ReplyEmail
			case d.channel == ChannelInPerson && i%2 == 0:
				np.ReplyChannel = ReplyInPerson
			default:
				np.ReplyChannel = ReplyPost
			}
		}
		p, err := register(ctx, tx, np, registration{
			At: at, Calendar: cal, Rules: rules, Enqueue: demoSentMail(at), BaseURL: "https://prdesk.daugavpils.lv",
		})
		if err != nil {
			return fmt.Errorf("petitions demo %d: %w", i+1, err)
		}
		ids = append(ids, p.ID)
		if err := demoProgress(ctx, tx, cal, p, d, users, ids, &answerSeq, rng, now); err != nil {
			return fmt.Errorf("petitions demo %d: %w", i+1, err)
		}
	}
	return nil
}

// demoPersonCode makes a valid old-form personal code for a birth date.
func demoPersonCode(ddmmyy string, n int) string {
	century := "1"
	if ddmmyy[4:] < "10" {
		century = "2"
	}
	base := ddmmyy + century + fmt.Sprintf("%03d", 100+n*7%900)
	check, ok := personcode.CheckDigitOf(base)
	if !ok {
		// No check digit exists for this serial: take the next one.
		return demoPersonCode(ddmmyy, n+1)
	}
	return ddmmyy + "-" + base[6:] + strconv.Itoa(check)
}

// demoSentMail records the acknowledgement as mail that went out at the time.
func demoSentMail(at time.Time) Enqueuer {
	return func(ctx context.Context, tx pgx.Tx, m mail.Message) (int64, string, error) {
		var id int64
		err := tx.QueryRow(ctx, `insert into mail_outbox (to_address, to_name, subject, body_text, status, attempts, sent_at,
				entity, entity_id, created_at, updated_at)
			values ($1, $2, $3, $4, 'sent', 1, $5, $6, $7, $8, $5) returning id`,
			m.To, m.ToName, m.Subject, m.Body, at.Add(2*time.Minute), m.Entity, fmt.Sprint(m.EntityID), at).Scan(&id)
		return id, "sent", err
	}
}

// demoProgress moves a demo submission along its way to d.state, writing
// the timeline as it would have happened.
func demoProgress(ctx context.Context, tx pgx.Tx, cal interface {
	AddWorkingDays(time.Time, int) time.Time
}, p *Petition, d demoSubmission, users map[string]*auth.User, ids []int64, answerSeq *int, rng *rand.Rand, now time.Time) error {
	when := p.CreatedAt
	step := func(days int) time.Time {
		d := cal.AddWorkingDays(when, days)
		t := time.Date(d.Year(), d.Month(), d.Day(), 9+rng.IntN(7), rng.IntN(60), 0, 0, i18n.Riga)
		if t.After(now) {
			t = now.Add(-time.Duration(1+rng.IntN(60)) * time.Minute)
		}
		if t.Before(when) {
			t = when.Add(time.Minute)
		}
		when = t
		return t
	}
	event := func(who string, kind string, from, to State, note string, details any) error {
		c := ctx
		if who != "" {
			c = auth.WithUser(ctx, users[who])
		}
		if err := AddEvent(c, tx, when, p.ID, kind, from, to, note, details); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `update petitions set state = $2, updated_at = $3, version = version + 1 where id = $1`, p.ID, to, when)
		return err
	}
	state := Registered
	move := func(who string, act Action, to State, note string, details any) error {
		from := state
		state = to
		return event(who, string(act), from, to, note, details)
	}
	if d.state == Registered {
		return nil
	}
	if d.state == Unexamined {
		step(1)
		if _, err := tx.Exec(ctx, `update petitions set unexamined_reason = $2 where id = $1`, p.ID,
			"Anonīms iesniegums: iesniedzējs nav identificējams."); err != nil {
			return err
		}
		return move("staff", ActUnexamined, Unexamined, "Anonīms iesniegums: iesniedzējs nav identificējams.", nil)
	}
	if d.state == Joined {
		step(1)
		target := ids[0] // the first complaint about the same potholes
		if _, err := tx.Exec(ctx, `update petitions set joined_to_id = $2 where id = $1`, p.ID, target); err != nil {
			return err
		}
		return move("staff", ActJoin, Joined, "Atkārtots iesniegums par to pašu jautājumu.", map[string]any{"joined_to_id": target})
	}
	if d.state == Forwarded {
		step(2)
		inst := "SIA „Daugavpils ūdens”"
		if _, err := tx.Exec(ctx, `update petitions set forwarded_to = $2,
				forwarded_on_time = ($3::timestamptz at time zone 'Europe/Riga')::date <= forward_due_date
			where id = $1`, p.ID, inst, when); err != nil {
			return err
		}
		if err := move("staff", ActForward, Forwarded, "Jautājums ir ūdenssaimniecības uzņēmuma kompetencē.", map[string]any{"institution": inst}); err != nil {
			return err
		}
		return demoNotice(ctx, tx, p, "forwarding", when)
	}
	step(1)
	if err := move("clerk", ActSend, AwaitingResolution, "", nil); err != nil {
		return err
	}
	if d.state == AwaitingResolution {
		return nil
	}
	resolvedAt := step(1 + rng.IntN(2))
	executor := "staff"
	if rng.IntN(3) == 0 {
		executor = "head"
	}
	text := "Sagatavot atbildi, noskaidrojot situāciju ar atbildīgo pašvaldības iestādi."
	if _, err := tx.Exec(ctx, `update petitions set resolution_text = $2, resolution_by = $3, resolution_at = $4 where id = $1`,
		p.ID, text, users["chair"].ID, resolvedAt); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `insert into petition_executors (petition_id, user_id, due_date, created_at, updated_at, created_by)
		values ($1, $2, $3, $4, $4, $5)`, p.ID, users[executor].ID, p.DueDate, resolvedAt, users["chair"].ID); err != nil {
		return err
	}
	if err := move("chair", ActResolve, InProgress, text, map[string]any{"executors": []string{users[executor].FullName}}); err != nil {
		return err
	}
	if d.state == InProgress {
		return nil
	}
	answeredAt := step(3 + rng.IntN(5))
	*answerSeq++
	number := fmt.Sprintf("3-8/%d/%d", answeredAt.In(i18n.Riga).Year(), 400+*answerSeq)
	channel := string(ReplyPost)
	if p.ReplyChannel != nil {
		channel = *p.ReplyChannel
	}
	body := "Informējam, ka Jūsu iesniegumā minētais jautājums ir izskatīts un nodots izpildei atbildīgajai iestādei."
	if _, err := tx.Exec(ctx, `insert into petition_answers (petition_id, reg_number, answered_on, channel, body, created_at, updated_at, created_by)
		values ($1, $2, $3, $4, $5, $6, $6, $7)`, p.ID, number, answeredAt, channel, body, answeredAt, users[executor].ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `update petitions set answered_on = $2 where id = $1`, p.ID, answeredAt); err != nil {
		return err
	}
	if err := move(executor, ActAnswer, Answered, "", map[string]any{"answer_number": number}); err != nil {
		return err
	}
	if err := demoNotice(ctx, tx, p, "answer", when); err != nil {
		return err
	}
	if d.state == Answered {
		return nil
	}
	closedAt := step(1)
	if _, err := tx.Exec(ctx, `update petitions set closed_at = $2 where id = $1`, p.ID, closedAt); err != nil {
		return err
	}
	return move("staff", ActClose, Closed, "", nil)
}

// demoNotice records a notice as sent (by e-mail) or handed over (a letter).
func demoNotice(ctx context.Context, tx pgx.Tx, p *Petition, kind string, at time.Time) error {
	if p.ReplyChannel == nil {
		return nil
	}
	ch := *p.ReplyChannel
	status := "handed_over"
	var outboxID *int64
	if ch == string(ReplyEmail) {
		id, st, err := demoSentMail(at)(ctx, tx, mail.Message{To: p.PersonEmail, ToName: p.PersonName,
			Subject: "Par iesniegumu " + p.RegNumber, Body: "Demo paziņojums.", Entity: "petition", EntityID: p.ID})
		if err != nil {
			return err
		}
		outboxID, status = &id, st
	}
	var id int64
	if err := tx.QueryRow(ctx, `insert into petition_notices (petition_id, kind, channel, outbox_id, status, created_at, updated_at)
		values ($1, $2, $3, $4, $5, $6, $6) returning id`, p.ID, kind, ch, outboxID, status, at).Scan(&id); err != nil {
		return err
	}
	return AddEvent(ctx, tx, at, p.ID, "notice", "", "", "", map[string]any{
		"notice_id": id, "kind": kind, "channel": ch, "status": status,
	})
}
