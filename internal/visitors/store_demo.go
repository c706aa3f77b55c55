package visitors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// demoVisitors are the dozen people booked this week and next.
var demoVisitors = []struct{ name, phone, email, topic, lang string }{
	{"Anna Bērziņa", "+37126123456", "anna.berzina@example.lv", "Bērnudārza rinda Jaunbūvē", "lv"},
	{"Ivans Petrovs", "+37129234567", "", "Ūdens noplūde daudzdzīvokļu mājas pagrabā Stacijas ielā", "ru"},
	{"Līga Zariņa", "+37127345678", "liga.zarina@example.lv", "Ielu apgaismojums Ruģeļos", "lv"},
	{"Dmitrijs Smirnovs", "+37128456789", "", "Atbalsts daudzbērnu ģimenei", "ru"},
	{"Kristīne Jansone", "", "kristine.jansone@example.lv", "Sporta laukuma atjaunošana pie skolas", "lv"},
	{"Oskars Kļaviņš", "+37126567890", "", "Autobusa maršruta izmaiņas uz Griveu", "lv"},
	{"Natālija Vasiļjeva", "+37129678901", "natalija.vasiljeva@example.lv", "Pabalsts apkures sezonai", "ru"},
	{"Edgars Liepa", "+37127789012", "", "Koka zāģēšana pagalmā", "lv"},
	{"Marija Ivanova", "+37128890123", "", "Pašvaldības dzīvokļa remonts", "ru"},
	{"Gatis Ozoliņš", "+37126901234", "gatis.ozolins@example.lv", "Uzņēmējdarbības atbalsta programma", "lv"},
	{"Sandra Kalēja", "+37129012345", "", "Piekļuve vides objektiem cilvēkiem ratiņkrēslā", "lv"},
	{"Aleksandrs Popovs", "+37127123450", "", "Trokšņa sūdzība par naktsklubu centrā", "ru"},
}

// FillDemo adds four officials with weekly reception hours in the council
// building, the demo chair and deputy accounts among them (each sees their
// own reception), and a dozen bookings this week and next around now,
// inside the demo seeding transaction.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	account := func(username string) (*int64, error) {
		var id int64
		switch err := tx.QueryRow(ctx, `select id from users where username = $1`, username).Scan(&id); {
		case errors.Is(err, pgx.ErrNoRows):
			return nil, nil
		case err != nil:
			return nil, err
		}
		return &id, nil
	}
	chairUser, err := account("chair")
	if err != nil {
		return err
	}
	deputyUser, err := account("deputy")
	if err != nil {
		return err
	}
	eight, six := 8, 6
	officials := []struct {
		o    Official
		rule Rule
	}{
		{Official{Name: "Valdis Liepiņš", Position: "Domes priekšsēdētājs", Kind: Chair, UserID: chairUser},
			Rule{Weekday: time.Monday, Start: At(14, 0), End: At(17, 0), Room: "Domes ēka, 2. stāvs, 221. kab.", SlotMinutes: 15}},
		{Official{Name: "Jeļena Kozlova", Position: "Domes priekšsēdētāja vietniece", Kind: DeputyChair},
			Rule{Weekday: time.Tuesday, Start: At(10, 0), End: At(12, 0), Room: "Domes ēka, 2. stāvs, 216. kab.", SlotMinutes: 20}},
		{Official{Name: "Andris Kalns", Position: "Domes deputāts", Kind: Deputy, TargetWeeks: &eight},
			Rule{Weekday: time.Thursday, Start: At(16, 0), End: At(18, 0), Room: "Domes ēka, 1. stāvs, 105. kab.", SlotMinutes: 15}},
		{Official{Name: "Olga Petrova", Position: "Domes deputāte", Kind: Deputy, UserID: deputyUser, TargetWeeks: &six},
			Rule{Weekday: time.Wednesday, Start: At(15, 0), End: At(17, 0), Room: "Domes ēka, 1. stāvs, 107. kab.", SlotMinutes: 20}},
	}
	today := calendar.DateOf(now)
	weekStart := monday(today)
	var sch Schedule
	for _, x := range officials {
		id, err := InsertOfficial(ctx, tx, x.o)
		if err != nil {
			return err
		}
		r := x.rule
		r.OfficialID, r.Kind, r.EveryWeeks, r.ValidFrom = id, Weekly, 1, weekStart.AddDate(0, -6, 0)
		if r.ID, err = InsertRule(ctx, tx, r); err != nil {
			return err
		}
		sch.Rules = append(sch.Rules, r)
	}
	sessions := sch.Sessions(calendar.New(nil, true), weekStart, weekStart.AddDate(0, 0, 13))
	// Three visitors a session at most, spread over the session's slots.
	k := 0
	for _, ses := range sessions {
		slots := ses.Slots()
		for j := 0; j < 3 && j < len(slots) && k < len(demoVisitors); j++ {
			sl := slots[j*len(slots)/3]
			v := demoVisitors[k]
			k++
			state := Booked
			if sl.End.Before(now) {
				state = Done
				switch k % 5 {
				case 0:
					state = NoShow
				case 3:
					state = Left
				}
			}
			var id int64
			err := tx.QueryRow(ctx, `
				insert into visit_bookings (official_id, slot, room, state, visitor_name, phone, email, topic, language)
				values ($1, tstzrange($2, $3, '[)'), $4, $5, $6, $7, $8, $9, $10)
				on conflict do nothing returning id`,
				sl.OfficialID, sl.Start, sl.End, sl.Room, state, v.name, v.phone, v.email, v.topic, v.lang).Scan(&id)
			if errors.Is(err, pgx.ErrNoRows) {
				continue
			} else if err != nil {
				return fmt.Errorf("demo booking: %w", err)
			}
			if err := addEvent(ctx, tx, id, "booked", Booked, ""); err != nil {
				return err
			}
			if state != Booked {
				if err := addEvent(ctx, tx, id, "state", state, ""); err != nil {
					return err
				}
			}
			if state == Done || state == Left {
				if err := demoTicket(ctx, tx, id, sl, v.name, v.topic, state); err != nil {
					return err
				}
			}
		}
	}
	return demoLog(ctx, tx, now)
}

// demoTicket is the queue's ticket of a past booking whose visitor came:
// received (with its row in the visitor log, as the queue writes it) or
// gone unseen.
func demoTicket(ctx context.Context, tx pgx.Tx, booking int64, sl Slot, name, topic string, state State) error {
	day := calendar.DateOf(sl.Start)
	n, ticket, err := nextTicket(ctx, tx, sl.OfficialID, day)
	if err != nil {
		return err
	}
	came, called, done := sl.Start.Add(-7*time.Minute), sl.Start.Add(2*time.Minute), sl.End.Add(-1*time.Minute)
	qs, outcome := QDone, "Jautājums izskatīts; atbilde sniegta mutiski."
	var calledAt *time.Time = &called
	if state == Left {
		qs, outcome, calledAt, done = QLeft, "", nil, sl.Start.Add(5*time.Minute)
	}
	var id int64
	if err := tx.QueryRow(ctx, `
		insert into visit_queue (official_id, day, number, ticket, booking_id, walk_in, room, state, outcome,
		                         checked_in_at, called_at, done_at)
		values ($1, $2, $3, $4, $5, false, $6, $7, $8, $9, $10, $11) returning id`,
		sl.OfficialID, day, n, ticket, booking, sl.Room, qs, outcome, came, calledAt, done).Scan(&id); err != nil {
		return fmt.Errorf("demo ticket: %w", err)
	}
	if state != Done {
		return nil
	}
	official := sl.OfficialID
	_, err = insertLog(ctx, tx, logRow{CameAt: came, LeftAt: &done, PersonName: name, OfficialID: &official, Purpose: topic,
		BookingID: &booking, QueueID: &id})
	return err
}

// demoLog logs the front desk's visitors to the municipality's units, the
// ones typed by hand, on the working days of this week and the last.
func demoLog(ctx context.Context, tx pgx.Tx, now time.Time) error {
	units := []struct{ unit, purpose string }{
		{"Sociālais dienests", "Pabalsta pieteikums"}, {"Būvvalde", "Būvatļaujas dokumenti"},
		{"Dzimtsarakstu nodaļa", "Laulības reģistrācija"}, {"Izglītības pārvalde", "Bērnudārza rinda"},
		{"Kanceleja", "Iesnieguma iesniegšana"},
	}
	people := []string{"Inese Krūmiņa", "", "Sergejs Volkovs", "Daiga Lapiņa", "", "Jurijs Morozovs", "Līga Sproģe"}
	start := monday(calendar.DateOf(now)).AddDate(0, 0, -7)
	k := 0
	for d := start; !d.After(calendar.DateOf(now)); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for i := range 5 {
			came := time.Date(d.Year(), d.Month(), d.Day(), 9+i*2, 10+7*i, 0, 0, i18n.Riga)
			if came.After(now) {
				break
			}
			u := units[(k+i)%len(units)]
			left := came.Add(25 * time.Minute)
			row := logRow{CameAt: came, PersonName: people[k%len(people)], Unit: u.unit, Purpose: u.purpose}
			if left.Before(now) {
				row.LeftAt = &left
			}
			if _, err := insertLog(ctx, tx, row); err != nil {
				return err
			}
			k++
		}
	}
	return nil
}
