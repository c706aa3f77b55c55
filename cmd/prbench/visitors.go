package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// benchVisits is how many visitors the front-desk log holds: about five
// years of a busy reception, some 1 600 a working day.
const benchVisits = 2_000_000

// benchVisitYears is how far back the log goes.
const benchVisitYears = 5

var (
	visitUnits = []weightedName{
		{"Sociālais dienests", 22}, {"Būvvalde", 12}, {"Dzimtsarakstu nodaļa", 14}, {"Izglītības pārvalde", 9},
		{"Īpašuma pārvaldīšanas departaments", 10}, {"Komunālās saimniecības pārvalde", 8}, {"Kanceleja", 15},
		{"Finanšu nodaļa", 4}, {"Juridiskā nodaļa", 3}, {"Kultūras pārvalde", 3},
	}
	visitPurposes = []string{"Iesniegums", "Konsultācija", "Dokumentu saņemšana", "Pabalsts", "Būvatļauja",
		"Laulības reģistrācija", "Dzimšanas reģistrācija", "Rēķins", "Bērnudārza rinda", "Dzīvokļa jautājums",
		"Pieņemšana pie amatpersonas", "Sūdzība", "Izziņa"}
	// visitHours weigh the hour a visitor comes, 8:00 to 17:00.
	visitHours = []int{6, 14, 16, 14, 8, 10, 12, 10, 7, 3}
)

type weightedName struct {
	name string
	w    int
}

func weighted[T any](r *rand.Rand, xs []T, w func(T) int) T {
	total := 0
	for _, x := range xs {
		total += w(x)
	}
	n := r.IntN(total)
	for _, x := range xs {
		if n -= w(x); n < 0 {
			return x
		}
	}
	return xs[len(xs)-1]
}

func randomPerson(r *rand.Rand) string {
	s := surnames[r.IntN(len(surnames))]
	if r.IntN(2) == 0 {
		return maleNames[r.IntN(len(maleNames))] + " " + s[0]
	}
	return femaleNames[r.IntN(len(femaleNames))] + " " + s[1]
}

// seedVisitorsTimed fills the visitor log and a year of bookings once, then
// refreshes the planner's statistics.
func seedVisitorsTimed(ctx context.Context, pool *pgxpool.Pool) error {
	var n int64
	if err := pool.QueryRow(ctx, `select count(*) from visit_log`).Scan(&n); err != nil {
		return err
	}
	if n >= benchVisits {
		return nil
	}
	start := time.Now()
	if err := seedBookings(ctx, pool); err != nil {
		return err
	}
	if err := seedVisitLog(ctx, pool); err != nil {
		return err
	}
	fmt.Printf("Bench data: visitors copied in %s.\n", time.Since(start).Round(time.Millisecond))
	for _, t := range []string{"visit_log", "visit_log_days", "visit_log_hours", "visit_bookings", "visit_booking_events"} {
		if _, err := pool.Exec(ctx, "vacuum (analyze) "+t); err != nil {
			return err
		}
	}
	return compareStatsPlans(ctx, pool)
}

// seedVisitLog copies benchVisits visitors spread over the working days of
// the last benchVisitYears years; those older than the default retention
// period come without their details, as the nightly job leaves them.
func seedVisitLog(ctx context.Context, pool *pgxpool.Pool) error {
	rows, _ := pool.Query(ctx, `select id from visit_officials where active order by id`)
	officials, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	cal := calendar.New(nil, true)
	today := calendar.DateOf(time.Now())
	var days []time.Time
	for d := today.AddDate(-benchVisitYears, 0, 0); d.Before(today); d = d.AddDate(0, 0, 1) {
		if cal.IsWorkingDay(d) {
			days = append(days, d)
		}
	}
	r := rand.New(rand.NewPCG(4, 15))
	retained := time.Now().AddDate(0, 0, -visitors.DefaultRetentionDays)
	di, left := 0, 0
	var perDay []time.Time
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == benchVisits {
			return nil, nil
		}
		for left == 0 {
			// Spread the remainder so the total is exact.
			left = benchVisits/len(days) + b2i(di < benchVisits%len(days))
			d := days[di]
			di++
			perDay = perDay[:0]
			for range left {
				h := 8 + weighted(r, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, func(k int) int { return visitHours[k] })
				perDay = append(perDay, time.Date(d.Year(), d.Month(), d.Day(), h, r.IntN(60), r.IntN(60), 0, i18n.Riga))
			}
			slices.SortFunc(perDay, func(a, b time.Time) int { return a.Compare(b) })
		}
		came := perDay[len(perDay)-left]
		left--
		i++
		var official *int64
		unit := ""
		if r.IntN(4) == 0 && len(officials) > 0 {
			official = &officials[r.IntN(len(officials))]
		} else {
			unit = weighted(r, visitUnits, func(u weightedName) int { return u.w }).name
		}
		person, purpose := "", visitPurposes[r.IntN(len(visitPurposes))]
		if r.IntN(5) > 0 {
			person = randomPerson(r)
		}
		var anonymized *time.Time
		if came.Before(retained) {
			at := came.AddDate(0, 0, visitors.DefaultRetentionDays+1)
			person, purpose, anonymized = "", "", &at
		}
		var leftAt *time.Time
		if came.Before(time.Now().Add(-time.Hour)) {
			l := came.Add(time.Duration(5+r.IntN(40)) * time.Minute)
			leftAt = &l
		}
		return []any{came, leftAt, person, official, unit, purpose, anonymized, came, came}, nil
	})
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"visit_log"},
		[]string{"came_at", "left_at", "person_name", "whom_official_id", "whom_unit", "purpose", "anonymized_at", "created_at", "updated_at"}, src); err != nil {
		return fmt.Errorf("copy visit log: %w", err)
	}
	// The counts LogVisit keeps, made once for the copied rows.
	_, err = pool.Exec(ctx, `
		delete from visit_log_days;
		insert into visit_log_days (day, official_id, unit, visits)
		select (came_at at time zone 'Europe/Riga')::date, whom_official_id, whom_unit, count(*) from visit_log group by 1, 2, 3;
		delete from visit_log_hours;
		insert into visit_log_hours (day, hour, visits)
		select (came_at at time zone 'Europe/Riga')::date, extract(hour from came_at at time zone 'Europe/Riga'), count(*)
		from visit_log group by 1, 2`)
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// seedBookings books the demo officials' slots from the start of their
// reception hours (half a year back) to half a year ahead: the past ones
// held, missed or cancelled, with their history; 60 % of the future ones taken.
func seedBookings(ctx context.Context, pool *pgxpool.Pool) error {
	store := visitors.NewStore(visitors.Deps{Pool: pool, Calendar: calendar.NewStore(pool), Now: time.Now})
	cal, err := store.Calendar(ctx)
	if err != nil {
		return err
	}
	var from time.Time
	if err := pool.QueryRow(ctx, `select coalesce(min(valid_from), current_date) from visit_rules`).Scan(&from); err != nil {
		return err
	}
	sch, err := store.Schedule(ctx, 0, from)
	if err != nil {
		return err
	}
	now := time.Now()
	to := calendar.DateOf(now).AddDate(0, 6, 0)
	rows, _ := pool.Query(ctx, `select official_id, lower(slot) from visit_bookings where state <> 'cancelled'`)
	type key struct {
		official int64
		start    int64
	}
	taken := map[key]bool{}
	var o int64
	var s time.Time
	if _, err := pgx.ForEachRow(rows, []any{&o, &s}, func() error { taken[key{o, s.Unix()}] = true; return nil }); err != nil {
		return err
	}
	var maxID int64
	if err := pool.QueryRow(ctx, `select coalesce(max(id), 0) from visit_bookings`).Scan(&maxID); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(9, 26))
	var out [][]any
	for _, ses := range sch.Sessions(cal, from, to) {
		for _, sl := range ses.Slots() {
			if taken[key{sl.OfficialID, sl.Start.Unix()}] {
				continue
			}
			state := visitors.Booked
			if sl.Start.Before(now) {
				switch n := r.IntN(100); {
				case n < 10:
					continue // nobody booked it
				case n < 18:
					state = visitors.Cancelled
				case n < 30:
					state = visitors.NoShow
				default:
					state = visitors.Done
				}
			} else if r.IntN(100) >= 60 {
				continue
			}
			slot := pgtype.Range[pgtype.Timestamptz]{
				Lower: pgtype.Timestamptz{Time: sl.Start, Valid: true}, Upper: pgtype.Timestamptz{Time: sl.End, Valid: true},
				LowerType: pgtype.Inclusive, UpperType: pgtype.Exclusive, Valid: true,
			}
			created := sl.Start.AddDate(0, 0, -1-r.IntN(20))
			out = append(out, []any{sl.OfficialID, slot, sl.Room, string(state), randomPerson(r),
				fmt.Sprintf("+3712%07d", r.IntN(10_000_000)), "", subjects[r.IntN(len(subjects))], "lv", created, created})
		}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"visit_bookings"},
		[]string{"official_id", "slot", "room", "state", "visitor_name", "phone", "email", "topic", "language", "created_at", "updated_at"},
		pgx.CopyFromRows(out)); err != nil {
		return fmt.Errorf("copy bookings: %w", err)
	}
	// Their history: booked; then, for the held ones, arrived a few minutes
	// early and called after a wait of 1 to 20 minutes.
	_, err = pool.Exec(ctx, `
		insert into visit_booking_events (booking_id, at, actor_name, action, state)
		select id, created_at, 'clerk', 'booked', 'booked' from visit_bookings where id > $1
		union all
		select id, lower(slot) - interval '5 minutes', 'clerk', 'state', 'arrived' from visit_bookings where id > $1 and state = 'done'
		union all
		select id, lower(slot) - interval '5 minutes' + (1 + id % 20) * interval '1 minute', 'clerk', 'state', 'with_official'
		from visit_bookings where id > $1 and state = 'done'
		union all
		select id, upper(slot), 'clerk', 'state', state from visit_bookings where id > $1 and state in ('done', 'no_show')
		union all
		select id, created_at + interval '1 day', 'clerk', 'cancelled', 'cancelled' from visit_bookings where id > $1 and state = 'cancelled'`, maxID)
	if err == nil {
		fmt.Printf("Bench data: %d bookings from %s to %s\n", len(out), i18n.Date(from), i18n.Date(to))
	}
	return err
}

// compareStatsPlans times a year of counts by month from the raw log and from
// the daily counts, the measurement that chose the counts kept by LogVisit.
func compareStatsPlans(ctx context.Context, pool *pgxpool.Pool) error {
	to := time.Now()
	from := to.AddDate(-1, 0, 0)
	for _, q := range []struct{ name, sql string }{
		{"raw visit_log", `select date_trunc('month', came_at at time zone 'Europe/Riga'), count(*) from visit_log
			where came_at >= $1 and came_at < $2 group by 1`},
		{"visit_log_days", `select date_trunc('month', day::timestamp), sum(visits) from visit_log_days
			where day >= $1::date and day < $2::date group by 1`},
	} {
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			rows, _ := pool.Query(ctx, q.sql, from, to)
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			best = min(best, time.Since(start))
		}
		fmt.Printf("Bench data: a year of visitors by month from %s: %s.\n", q.name, best.Round(10*time.Microsecond))
	}
	return nil
}

// visitorTargets are the front desk's pages under load, and first the rate
// of bookings through the store.
func visitorTargets(ctx context.Context, benchURL string, cookie *http.Cookie) ([]target, error) {
	pool, err := pgxpool.New(ctx, benchURL)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	var chair int64
	if err := pool.QueryRow(ctx, `select id from visit_officials where kind = 'chair' and active order by id limit 1`).Scan(&chair); err != nil {
		return nil, fmt.Errorf("an official for the booking page: %w", err)
	}
	if err := bookingRate(ctx, pool); err != nil {
		return nil, err
	}
	return []target{
		{name: "GET /visitors/book?official", path: fmt.Sprintf("/visitors/book?official=%d", chair), cookie: cookie},
		{name: "GET /visitors (day list)", path: "/visitors", cookie: cookie},
		{name: "GET /visitors/stats (a year)", path: "/visitors/stats", cookie: cookie},
		{name: "GET /visitors/stats?by=day", path: "/visitors/stats?by=day", cookie: cookie},
	}, nil
}

// benchBookings is how many bookings the rate is measured over; they are
// removed afterwards, so every run finds the same free slots.
const benchBookings = 300

const benchBookingTopic = "Bench: booking rate"

// bookingRate books benchBookings free future slots through the store with
// 8 clients in a closed loop, prints the rate and latencies, and removes them.
func bookingRate(ctx context.Context, pool *pgxpool.Pool) error {
	store := visitors.NewStore(visitors.Deps{Pool: pool, Calendar: calendar.NewStore(pool), Now: time.Now})
	defer func() {
		if _, err := pool.Exec(context.WithoutCancel(ctx), `delete from visit_bookings where topic = $1`, benchBookingTopic); err != nil {
			fmt.Println("prbench: removing the bench bookings:", err)
		}
	}()
	officials, err := store.Officials(ctx)
	if err != nil {
		return err
	}
	var slots []visitors.Slot
	for _, o := range officials {
		free, err := store.FreeSlots(ctx, o.ID, time.Now().Add(time.Hour), benchBookings)
		if err != nil {
			return err
		}
		slots = append(slots, free...)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	slots = slots[:min(len(slots), benchBookings)]
	if len(slots) == 0 {
		return errors.New("no free future slots to book")
	}
	const clients = 8
	next := make(chan visitors.Slot, len(slots))
	for _, s := range slots {
		next <- s
	}
	close(next)
	var mu sync.Mutex
	var lat []time.Duration
	var failed int
	var firstErr error
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			k := 0
			for s := range next {
				k++
				t0 := time.Now()
				_, err := store.Book(ctx, visitors.NewBooking{OfficialID: s.OfficialID, Start: s.Start,
					VisitorName: "Bench Apmeklētājs", Phone: fmt.Sprintf("+3712%03d%04d", c, k), Topic: benchBookingTopic, Language: "lv"})
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				if err != nil {
					failed++
					if firstErr == nil {
						firstErr = err
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	fmt.Printf("\nBookings through the store (Book, %d clients, %d free future slots): %.0f bookings/s, p50 %s, p95 %s, p99 %s, %d failed.\n",
		clients, len(slots), float64(len(lat))/elapsed.Seconds(), ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95)), ms(percentile(lat, 0.99)), failed)
	if firstErr != nil {
		return fmt.Errorf("booking a free slot: %w", firstErr)
	}
	return nil
}
