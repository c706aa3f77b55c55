package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
)

// benchPetitions is how many submissions the bench registry holds: about
// what a city of 80 000 would gather in a few decades, in six years here so
// the lists are dense.
const benchPetitions = 1_000_000

// benchKey marks the generated rows, so a later run sees they are there.
func benchKey(i int) string { return fmt.Sprintf("bench-%07d", i) }

var (
	maleNames   = []string{"Jānis", "Andris", "Mārtiņš", "Pēteris", "Edgars", "Aivars", "Guntis", "Māris", "Juris", "Valdis", "Artūrs", "Kārlis", "Raimonds", "Uldis", "Ģirts", "Dainis", "Oļegs", "Sergejs", "Aleksandrs", "Vladimirs", "Ivans", "Dmitrijs", "Romāns", "Viktors", "Gunārs", "Intars", "Ēriks", "Zigmārs", "Aigars", "Kristaps"}
	femaleNames = []string{"Anna", "Inese", "Līga", "Ilze", "Kristīne", "Laura", "Daina", "Sandra", "Anita", "Inga", "Dace", "Māra", "Zane", "Baiba", "Ieva", "Gunta", "Ināra", "Skaidrīte", "Olga", "Jeļena", "Tatjana", "Natālija", "Svetlana", "Irina", "Ludmila", "Aļona", "Ērika", "Vija", "Ausma", "Rūta"}
	// Surnames in their masculine and feminine forms.
	surnames = [][2]string{
		{"Bērziņš", "Bērziņa"}, {"Kalniņš", "Kalniņa"}, {"Ozoliņš", "Ozoliņa"}, {"Jansons", "Jansone"},
		{"Ozols", "Ozola"}, {"Liepiņš", "Liepiņa"}, {"Krūmiņš", "Krūmiņa"}, {"Balodis", "Balode"},
		{"Eglītis", "Eglīte"}, {"Zariņš", "Zariņa"}, {"Pētersons", "Pētersone"}, {"Vītols", "Vītola"},
		{"Kļaviņš", "Kļaviņa"}, {"Cīrulis", "Cīrule"}, {"Vanags", "Vanaga"}, {"Ivanovs", "Ivanova"},
		{"Petrovs", "Petrova"}, {"Smirnovs", "Smirnova"}, {"Kuzņecovs", "Kuzņecova"}, {"Popovs", "Popova"},
		{"Vasiļjevs", "Vasiļjeva"}, {"Pavlovs", "Pavlova"}, {"Sokolovs", "Sokolova"}, {"Grīnbergs", "Grīnberga"},
		{"Lāčplēsis", "Lāčplēse"}, {"Strautiņš", "Strautiņa"}, {"Siliņš", "Siliņa"}, {"Žagars", "Žagare"},
		{"Šķēle", "Šķēle"}, {"Mežulis", "Mežule"}, {"Ločmelis", "Ločmele"}, {"Skudra", "Skudra"},
		{"Gailītis", "Gailīte"}, {"Rudzītis", "Rudzīte"}, {"Dombrovskis", "Dombrovska"}, {"Jakovļevs", "Jakovļeva"},
		{"Čakste", "Čakste"}, {"Ūdris", "Ūdre"}, {"Ābele", "Ābele"}, {"Daugulis", "Daugule"},
	}
	subjects = []string{
		"Par ielas apgaismojuma remontu", "Par bedrēm ietvē", "Par atkritumu izvešanas grafiku",
		"Par koku zāģēšanu pagalmā", "Par sabiedriskā transporta kustības sarakstu", "Par bērnudārza rindu",
		"Par trokšņa traucējumiem naktī", "Par autostāvvietu pie mājas", "Par sniega tīrīšanu",
		"Par rotaļu laukuma atjaunošanu", "Par klaiņojošiem dzīvniekiem", "Par komunālajiem maksājumiem",
		"Par dzīvokļa pabalstu", "Par nekustamā īpašuma nodokli", "Par ceļa zīmes uzstādīšanu",
		"Par pilsētas svētku programmu", "Par tūrisma informācijas stendu", "Par pašvaldības mājaslapas saturu",
		"Par sporta laukuma pieejamību", "Par bibliotēkas darba laiku", "Par skolas ēkas remontu",
		"Par ūdensvada avāriju", "Par siltumapgādi", "Par velojoslu izbūvi", "Par soliņiem parkā",
		"Par graffiti uz ēkas fasādes", "Par gājēju pārejas drošību", "Par tirgus darba laiku",
		"Par kultūras pasākumu finansēšanu", "Par atbalstu daudzbērnu ģimenēm", "Par Daugavas krastmalas labiekārtošanu",
		"Par informāciju laikrakstā", "Priekšlikums par jaunu autobusa pieturu", "Sūdzība par darbinieka rīcību",
		"Ierosinājums par pilsētas zaļo zonu", "Par ēkas energoefektivitātes programmu",
	}
	streets      = []string{"Rīgas iela", "Saules iela", "Vienības iela", "Cietokšņa iela", "18. novembra iela", "Viestura iela", "Ģimnāzijas iela", "Krāslavas iela", "Smilšu iela", "Varšavas iela", "Jātnieku iela", "Stacijas iela", "Parādes iela", "Raiņa iela", "Lāčplēša iela"}
	resolutions  = []string{"Sagatavot atbildi.", "Izskatīt un sniegt atbildi iesniedzējam.", "Sagatavot atbildi, saskaņojot ar Īpašuma pārvaldīšanas departamentu.", "Lūdzu izvērtēt un informēt iesniedzēju.", "Sagatavot atbildi līdz termiņam."}
	units        = []string{"Pilsētbūvniecības un infrastruktūras departaments", "Īpašuma pārvaldīšanas departaments", "Sociālais dienests", "Izglītības pārvalde", "Komunālās saimniecības pārvalde"}
	institutions = []string{"Valsts policija", "Valsts vides dienests", "Patērētāju tiesību aizsardzības centrs", "Veselības inspekcija", "VAS Latvijas Valsts ceļi"}
)

// petitionChannels weigh how submissions arrive: most by e-mail and in person.
var petitionChannels = []struct {
	ch petitions.Channel
	w  int
}{{petitions.ChannelInPerson, 30}, {petitions.ChannelPost, 12}, {petitions.ChannelEmail, 30}, {petitions.ChannelEAddress, 12}, {petitions.ChannelPortal, 12}, {petitions.ChannelPhone, 4}}

var petitionTypes = []struct {
	t petitions.DocType
	w int
}{{petitions.TypeSubmission, 60}, {petitions.TypeLetter, 12}, {petitions.TypeProposal, 10}, {petitions.TypeComplaint, 13}, {petitions.TypeSuggestion, 5}}

// stateByAge weighs where a submission stands by how many days ago it came:
// old ones are nearly all done, recent ones mostly open.
func stateByAge(r *rand.Rand, days int) petitions.State {
	type w struct {
		s petitions.State
		n int
	}
	var ws []w
	switch {
	case days < 15:
		ws = []w{{petitions.Registered, 15}, {petitions.AwaitingResolution, 30}, {petitions.InProgress, 35}, {petitions.Answered, 10}, {petitions.Forwarded, 5}, {petitions.Unexamined, 3}, {petitions.Joined, 2}}
	case days < 60:
		ws = []w{{petitions.Registered, 1}, {petitions.AwaitingResolution, 4}, {petitions.InProgress, 20}, {petitions.Answered, 25}, {petitions.Closed, 40}, {petitions.Forwarded, 5}, {petitions.Unexamined, 3}, {petitions.Joined, 2}}
	default:
		ws = []w{{petitions.Registered, 1}, {petitions.AwaitingResolution, 2}, {petitions.InProgress, 5}, {petitions.Answered, 120}, {petitions.Closed, 720}, {petitions.Forwarded, 70}, {petitions.Unexamined, 50}, {petitions.Joined, 32}}
	}
	total := 0
	for _, x := range ws {
		total += x.n
	}
	k := r.IntN(total)
	for _, x := range ws {
		if k < x.n {
			return x.s
		}
		k -= x.n
	}
	return ws[0].s
}

// personCode makes a valid old-form code (a real birth date and its check
// digit) or, for some, the new form.
func personCode(r *rand.Rand) string {
	if r.IntN(10) == 0 {
		return fmt.Sprintf("32%04d-%05d", r.IntN(10000), r.IntN(100000))
	}
	for {
		birth := time.Date(1935+r.IntN(70), time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
		century := 1
		if birth.Year() >= 2000 {
			century = 2
		}
		s := birth.Format("020106") + fmt.Sprintf("%d%03d", century, r.IntN(1000))
		sum := 0
		for i, wt := range [10]int{1, 6, 3, 7, 9, 10, 5, 8, 4, 2} {
			sum += int(s[i]-'0') * wt
		}
		if c := (1101 - sum) % 11; c < 10 {
			return s[:6] + "-" + s[6:] + fmt.Sprint(c)
		}
	}
}

var asciiFold = strings.NewReplacer("ā", "a", "č", "c", "ē", "e", "ģ", "g", "ī", "i", "ķ", "k", "ļ", "l", "ņ", "n", "š", "s", "ū", "u", "ž", "z", "Ā", "a", "Č", "c", "Ē", "e", "Ģ", "g", "Ī", "i", "Ķ", "k", "Ļ", "l", "Ņ", "n", "Š", "s", "Ū", "u", "Ž", "z")

const checkAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// benchUsers are the accounts the generated rows point at.
type benchUsers struct {
	addressees []int64 // the management: the chair and two deputy chairs
	executors  []int64
	registrars []int64
}

func loadBenchUsers(ctx context.Context, pool *pgxpool.Pool) (benchUsers, error) {
	var u benchUsers
	// Two more members of the management, so submissions are spread over addressees.
	hash, err := auth.HashPassword("demo")
	if err != nil {
		return u, err
	}
	for _, d := range [][2]string{{"vietnieks1", "Aleksejs Vasiļjevs"}, {"vietnieks2", "Ērika Šļakota"}} {
		if _, err := pool.Exec(ctx, `insert into users (username, full_name, email, roles, password_hash)
			values ($1, $2, $1 || '@daugavpils.lv', '{management}', $3) on conflict (username) do nothing`, d[0], d[1], hash); err != nil {
			return u, err
		}
	}
	q := func(roles string) ([]int64, error) {
		rows, _ := pool.Query(ctx, `select id from users where active and roles && $1::text[] order by id`, roles)
		return pgx.CollectRows(rows, pgx.RowTo[int64])
	}
	if u.addressees, err = q("{management}"); err != nil {
		return u, err
	}
	if u.executors, err = q("{staff,head}"); err != nil {
		return u, err
	}
	if u.registrars, err = q("{staff,clerk}"); err != nil {
		return u, err
	}
	if len(u.addressees) == 0 || len(u.executors) == 0 || len(u.registrars) == 0 {
		return u, fmt.Errorf("the demo accounts are missing")
	}
	return u, nil
}

// countingTriggers are the triggers on petitions the COPY switches off:
// each writes another table once a row (the counts by state and by due
// date, the name words) in the one transaction; those tables are filled
// once after.
var countingTriggers = []string{"petition_state_counts_insert_delete", "petition_open_due_counts_insert_delete", "petitions_name_words"}

// seedPetitions fills the registry with benchPetitions believable
// submissions over the last six years with COPY, numbers gapless per year.
func seedPetitions(ctx context.Context, pool *pgxpool.Pool) error {
	var done bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from petitions where idempotency_key = $1)`, benchKey(1)).Scan(&done); err != nil {
		return err
	}
	if done {
		return nil
	}
	users, err := loadBenchUsers(ctx, pool)
	if err != nil {
		return err
	}
	var cases [2]struct {
		id    int64
		index string
	}
	for i, c := range [][2]string{{"1-14", "Iedzīvotāju iesniegumi, sūdzības un vēstules"}, {"1-15", "Iedzīvotāju priekšlikumi un ierosinājumi"}} {
		if err := pool.QueryRow(ctx, `insert into doc_cases (case_index, title, retention_years) values ($1, $2, 10)
			on conflict (case_index) do update set case_index = excluded.case_index returning id`, c[0], c[1]).Scan(&cases[i].id); err != nil {
			return err
		}
		cases[i].index = c[0]
	}
	rules, err := petitions.NewStore(petitions.Deps{Pool: pool}).Rules(ctx)
	if err != nil {
		return err
	}
	cal, err := calendar.NewStore(pool).Load(ctx, pool)
	if err != nil {
		return err
	}

	r := rand.New(rand.NewPCG(2026, 417))
	now := time.Now()
	today := calendar.DateOf(now)
	start := now.AddDate(-6, 0, 0)
	span := now.Sub(start)
	// Receipt times first, in order, so numbers follow the order of receipt.
	received := make([]time.Time, benchPetitions)
	for i := range received {
		t := start.Add(time.Duration(r.Int64N(int64(span)))).In(i18n.Riga)
		// Office hours, mostly: 8:00 to 17:00.
		t = time.Date(t.Year(), t.Month(), t.Day(), 8+r.IntN(9), r.IntN(60), r.IntN(60), 0, i18n.Riga)
		if t.After(now) {
			t = now.Add(-time.Duration(r.IntN(3600)) * time.Second)
		}
		received[i] = t
	}
	slices.SortFunc(received, func(a, b time.Time) int { return a.Compare(b) })

	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		counters := map[int]int{}
		rows, _ := tx.Query(ctx, `select year, last from petition_counters for update`)
		var y, last int
		if _, err := pgx.ForEachRow(rows, []any{&y, &last}, func() error { counters[y] = last; return nil }); err != nil {
			return err
		}
		// COPY would fire the per-state counting trigger once a row, each time
		// updating one of eight rows of petition_state_counts in this one
		// transaction; switched off for the COPY and recounted once below
		// Measured on 100 000 rows on this machine: 6 min 8 s with the
		// trigger (each update walks the row's ever longer chain of versions
		// made in this transaction), 19 s without it plus 3.5 s to recount.
		// The counts by due date likewise (migration 00204). The name
		// words' trigger too: two inserts a row into indexed tables; the
		// words are filled in two statements below.
		for _, trigger := range countingTriggers {
			if _, err := tx.Exec(ctx, `alter table petitions disable trigger `+trigger); err != nil {
				return err
			}
		}
		// Building the secondary indexes once after the COPY is several times
		// faster than keeping them row by row (the trigram index above all).
		// Their definitions are read from the catalogue, so indexes added by
		// later migrations are rebuilt too; constraints' indexes stay.
		rows, _ = tx.Query(ctx, `select i.relname, pg_get_indexdef(i.oid) from pg_index x
			join pg_class i on i.oid = x.indexrelid
			where x.indrelid = 'petitions'::regclass and not x.indisunique and not x.indisprimary`)
		var indexes [][2]string
		var iname, idef string
		if _, err := pgx.ForEachRow(rows, []any{&iname, &idef}, func() error {
			indexes = append(indexes, [2]string{iname, idef})
			return nil
		}); err != nil {
			return err
		}
		for _, ix := range indexes {
			if _, err := tx.Exec(ctx, `drop index `+pgx.Identifier{ix[0]}.Sanitize()); err != nil {
				return err
			}
		}
		var joined [][]any
		i := 0
		src := pgx.CopyFromFunc(func() ([]any, error) {
			for i < benchPetitions {
				row, isJoined, err := benchRow(r, cal, rules, users, cases, counters, received[i], today, i+1)
				i++
				if err != nil {
					return nil, err
				}
				if isJoined {
					joined = append(joined, row) // written once the rows they join exist
					continue
				}
				return row, nil
			}
			return nil, nil
		})
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"petitions"}, petitionCopyColumns, src); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		var lo, hi int64
		if err := tx.QueryRow(ctx, `select min(id), max(id) from petitions`).Scan(&lo, &hi); err != nil {
			return err
		}
		joinedTo := slices.Index(petitionCopyColumns, "joined_to_id")
		for _, row := range joined {
			row[joinedTo] = lo + r.Int64N(hi-lo+1)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"petitions"}, petitionCopyColumns, pgx.CopyFromRows(joined)); err != nil {
			return fmt.Errorf("copy joined: %w", err)
		}
		if _, err := tx.Exec(ctx, `set local maintenance_work_mem = '256MB'`); err != nil {
			return err
		}
		for _, ix := range indexes {
			if _, err := tx.Exec(ctx, ix[1]); err != nil {
				return fmt.Errorf("rebuilding %s: %w", ix[0], err)
			}
		}
		for year, last := range counters {
			if _, err := tx.Exec(ctx, `insert into petition_counters (year, last) values ($1, $2)
				on conflict (year) do update set last = excluded.last`, year, last); err != nil {
				return err
			}
		}
		for _, trigger := range countingTriggers {
			if _, err := tx.Exec(ctx, `alter table petitions enable trigger `+trigger); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `
			insert into petition_name_words (word, received_at, petition_id)
			select w, p.received_at, p.id from petitions p cross join lateral petition_name_words_of(p.search_name) w
			where p.idempotency_key like 'bench-%'`); err != nil {
			return fmt.Errorf("name words: %w", err)
		}
		if _, err := tx.Exec(ctx, `insert into petition_name_dictionary (word, n)
			select word, count(*) from petition_name_words w
			where w.petition_id in (select id from petitions where idempotency_key like 'bench-%')
			group by word
			on conflict (word) do update set n = petition_name_dictionary.n + excluded.n`); err != nil {
			return fmt.Errorf("name dictionary: %w", err)
		}
		if _, err := tx.Exec(ctx, `update petition_state_counts c set n = (select count(*) from petitions p where p.state = c.state)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from petition_open_due_counts`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into petition_open_due_counts (due_date, n)
			select due_date, count(*) from petitions
			where state in ('registered', 'awaiting_resolution', 'in_progress') group by due_date`); err != nil {
			return err
		}
		// The executors the resolutions named: mostly one specialist, sometimes a unit.
		unitArray := "{" + strings.Join(quoteAll(units), ",") + "}"
		_, err := tx.Exec(ctx, `
			insert into petition_executors (petition_id, user_id, unit, due_date, created_at, created_by)
			select p.id,
			       case when p.id % 7 = 0 then null else ($1::bigint[])[1 + p.id % cardinality($1::bigint[])] end,
			       case when p.id % 7 = 0 then ($2::text[])[1 + p.id % cardinality($2::text[])] else '' end,
			       p.due_date, p.resolution_at, p.resolution_by
			from petitions p
			where p.resolution_at is not null and p.idempotency_key like 'bench-%'`, users.executors, unitArray)
		return err
	})
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = `"` + x + `"`
	}
	return out
}

var petitionCopyColumns = []string{
	"reg_number", "case_id", "reg_year", "reg_seq", "received_at", "channel", "doc_type", "anonymous",
	"person_name", "person_code", "person_address", "person_email", "person_phone", "has_eaddress",
	"reply_channel", "e_signed", "addressee_id", "subject", "summary", "pages", "state", "due_date",
	"legal_due_date", "due_explanation", "extended", "check_code", "idempotency_key", "forwarded_to",
	"unexamined_reason", "joined_to_id", "resolution_text", "resolution_by", "resolution_at",
	"answered_on", "closed_at", "created_at", "updated_at", "created_by", "forward_due_date", "forwarded_on_time",
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// benchRow makes the n-th submission, received at rec.
func benchRow(r *rand.Rand, cal *calendar.Calendar, rules []petitions.Rule, users benchUsers,
	cases [2]struct {
		id    int64
		index string
	}, counters map[int]int, rec, today time.Time, n int) ([]any, bool, error) {
	ch := petitionChannels[0].ch
	for k, x := 0, r.IntN(100); ; k++ {
		if x < petitionChannels[k].w {
			ch = petitionChannels[k].ch
			break
		}
		x -= petitionChannels[k].w
	}
	typ := petitionTypes[0].t
	for k, x := 0, r.IntN(100); ; k++ {
		if x < petitionTypes[k].w {
			typ = petitionTypes[k].t
			break
		}
		x -= petitionTypes[k].w
	}
	c := cases[0]
	if typ == petitions.TypeProposal || typ == petitions.TypeSuggestion {
		c = cases[1]
	}
	year := rec.Year()
	counters[year]++
	seq := counters[year]

	anonymous := r.IntN(40) == 0
	var name, code, address, email, phone string
	var reply any
	hasEAddress := false
	if !anonymous {
		sur := pick(r, surnames)
		if r.IntN(2) == 0 {
			name = pick(r, maleNames) + " " + sur[0]
		} else {
			name = pick(r, femaleNames) + " " + sur[1]
		}
		if r.IntN(3) == 0 {
			code = personCode(r)
		}
		address = fmt.Sprintf("%s %d-%d, Daugavpils, LV-54%02d", pick(r, streets), 1+r.IntN(120), 1+r.IntN(80), 1+r.IntN(30))
		if ch == petitions.ChannelEmail || r.IntN(3) == 0 {
			email = strings.ToLower(asciiFold.Replace(strings.ReplaceAll(name, " ", "."))) + fmt.Sprintf("%d@inbox.lv", r.IntN(100))
		}
		if r.IntN(2) == 0 {
			phone = fmt.Sprintf("+371 2%07d", r.IntN(10000000))
		}
		hasEAddress = ch == petitions.ChannelEAddress || r.IntN(5) == 0
		switch {
		case ch == petitions.ChannelEAddress:
			reply = "eaddress"
		case email != "":
			reply = "email"
		case r.IntN(4) == 0:
			reply = "in_person"
		default:
			reply = "post"
		}
	}
	days := int(today.Sub(calendar.DateOf(rec)).Hours() / 24)
	state := stateByAge(r, days)
	if anonymous && state != petitions.Closed && state != petitions.Answered && days > 15 {
		state = petitions.Unexamined
	}
	extended := state.Open() && r.IntN(20) == 0 || !state.Open() && r.IntN(40) == 0
	kind := petitions.RuleAnswer
	if extended {
		kind = petitions.RuleExtended
	}
	rule, ok := petitions.RuleFor(rules, kind, rec)
	if !ok {
		return nil, false, fmt.Errorf("no %s rule for %s", kind, rec)
	}
	dl, err := petitions.ComputeDeadline(cal, rule, rec)
	if err != nil {
		return nil, false, err
	}
	expl, err := json.Marshal(dl)
	if err != nil {
		return nil, false, err
	}
	// The forwarding term, as registering stores it; a forwarded one mostly
	// went within it.
	var forwardDue, forwardedOnTime any
	if fwd, ok, err := petitions.ForwardDeadline(cal, rules, rec); err != nil {
		return nil, false, err
	} else if ok {
		forwardDue = fwd.Due
	}
	if state == petitions.Forwarded {
		forwardedOnTime = r.IntN(10) != 0
	}
	addressee := pick(r, users.addressees)
	registrar := pick(r, users.registrars)
	created := rec.Add(time.Duration(2+r.IntN(30)) * time.Minute)

	var resText, forwardedTo, unexamined string
	var resBy, resAt, answered, closed, joinedTo any
	switch state {
	case petitions.InProgress, petitions.Answered, petitions.Closed:
		resText = pick(r, resolutions)
		resBy = addressee
		resAt = cal.AddWorkingDays(rec, 1+r.IntN(3)).Add(time.Duration(9+r.IntN(8)) * time.Hour)
	case petitions.Forwarded:
		forwardedTo = pick(r, institutions)
	case petitions.Unexamined:
		unexamined = "Iesniegumā nav norādīts iesniedzēja vārds, uzvārds un adrese."
		if !anonymous {
			unexamined = "Iesniegumā nav norādīts, kāds ir tā mērķis; iesniedzējs pēc lūguma to nav precizējis."
		}
	case petitions.Joined:
		joinedTo = int64(0) // set once the rows exist
	}
	if state == petitions.Answered || state == petitions.Closed {
		// Most answers within the term, about one in twelve late.
		var on time.Time
		if r.IntN(12) == 0 {
			on = cal.AddWorkingDays(dl.Due, 1+r.IntN(10))
		} else {
			span := max(cal.WorkingDaysBetween(rec, dl.Due), 1)
			on = cal.AddWorkingDays(rec, 1+r.IntN(span))
		}
		if on.After(today) {
			on = today
		}
		answered = on
		if state == petitions.Closed {
			closed = on.AddDate(0, 0, 1+r.IntN(5)).Add(10 * time.Hour)
		}
	}
	var check [8]byte
	for k := range check {
		check[k] = checkAlphabet[r.IntN(len(checkAlphabet))]
	}
	return []any{
		fmt.Sprintf("%s/%d/%d", c.index, year, seq), c.id, year, seq, rec, string(ch), string(typ), anonymous,
		name, code, address, email, phone, hasEAddress,
		reply, ch.Electronic() && r.IntN(3) == 0, addressee, pick(r, subjects), "", 1 + r.IntN(5), string(state), dl.Due,
		dl.Due, json.RawMessage(expl), extended, string(check[:]), benchKey(n), forwardedTo,
		unexamined, joinedTo, resText, resBy, resAt,
		answered, closed, created, created, registrar, forwardDue, forwardedOnTime,
	}, state == petitions.Joined, nil
}

func humanCount(n int) string { return strings.ReplaceAll(i18n.Number(int64(n)), "\u00a0", " ") }

// seedPetitionsTimed seeds and then refreshes the planner's statistics and
// the visibility map (so counts can be answered from indexes alone).
func seedPetitionsTimed(ctx context.Context, pool *pgxpool.Pool) error {
	start := time.Now()
	var before bool
	if err := pool.QueryRow(ctx, `select exists(select 1 from petitions where idempotency_key = $1)`, benchKey(1)).Scan(&before); err != nil {
		return err
	}
	if before {
		return nil
	}
	if err := seedPetitions(ctx, pool); err != nil {
		return err
	}
	fmt.Printf("Bench data: submissions copied in %s.\n", time.Since(start).Round(time.Millisecond))
	for _, t := range []string{"petitions", "petition_executors", "petition_state_counts", "petition_open_due_counts", "petition_counters", "petition_name_words", "petition_name_dictionary"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	return nil
}

// noNumberStart is the start of a registration number that the bench's
// million submissions have not (they are filed under cases 1-14 and 1-15;
// a few of the demo data's have it): the list and the one search must
// find those few without walking the registry.
const noNumberStart = "1-12/2026/"

// petitionTargets are the registry's pages under load: the list as the
// head sees it (a million rows, counts included), a name search without
// diacritics, and one card.
func petitionTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var id int64
	if err := conn.QueryRow(ctx, `select id from petitions where idempotency_key = $1`, benchKey(benchPetitions/2)).Scan(&id); err != nil {
		return nil, fmt.Errorf("a submission for the card target: %w", err)
	}
	return []target{
		{name: "GET /petitions (head)", path: "/petitions", cookie: cookie},
		{name: "GET /petitions?name=berzins", path: "/petitions?name=berzins", cookie: cookie},
		{name: "GET /petitions?q=apgaism", path: "/petitions?q=apgaism", cookie: cookie},
		{name: "GET /petitions?q=par+sniega&sort=due", path: "/petitions?q=par+sniega&sort=due", cookie: cookie},
		{name: "GET /petitions?q=nekas (no match)", path: "/petitions?q=nekas", cookie: cookie},
		{name: "GET /petitions?number=(a start none has)", path: "/petitions?number=" + url.QueryEscape(noNumberStart), cookie: cookie},
		{name: "GET /petitions?number=1-14/2021/ (a past year)", path: "/petitions?number=" + url.QueryEscape("1-14/2021/"), cookie: cookie},
		{name: "GET /petitions?sort=forward", path: "/petitions?sort=forward", cookie: cookie},
		{name: "GET /petitions?forward=passed", path: "/petitions?forward=passed", cookie: cookie},
		{name: "GET /petitions/{id} (head)", path: fmt.Sprintf("/petitions/%d", id), cookie: cookie},
	}, nil
}
