package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// The soak (make soak): simulated people doing a mix of the day's work —
// lists, cards, searches, registrations, bookings and check-ins — with a
// pause to read each page, against one instance and then against two on
// the same database. Unlike the bench's closed loops, which find how much
// one page can take, it asks whether the whole product keeps its answers
// quick and correct, and its memory flat, through a working morning.

// soakTopic marks the bookings the soak makes, removed when it ends.
const soakTopic = "Bench: soak"

// soakUsersPerSession: people of one role share a signed-in session in
// groups, as a handful of desks would, so the soak signs in a few times
// rather than two hundred (sign-in is throttled, as it should be).
const soakUsersPerSession = 10

// soakRole is who a simulated person is: the share of the people, the
// account they sign in as, and the work they do, by weight.
type soakRole struct {
	account string
	share   int // of 100
	actions []soakAction
}

// soakAction is one kind of step: what the table reports it under and
// the request it makes, or nil when it has nothing to do (no check-in
// left) and the person reads a page instead.
type soakAction struct {
	kind   string
	weight int
	make   func(u *soakUser, base string) *soakRequest
}

// soakRequest is one request and what a successful answer is.
type soakRequest struct {
	req *http.Request
	ok  func(*http.Response) bool
}

// soakFixtures are the records the people open and the free slots and
// today's bookings they take, read from the bench database.
type soakFixtures struct {
	petitions   []int64
	contacts    []int64
	delegations []int64
	caseID      int64
	addressee   int64
	slots       chan visitors.Slot
	arrivals    chan soakArrival
}

type soakArrival struct {
	id      int64
	version int
}

type soakUser struct {
	n       int
	rand    *rand.Rand
	cookie  *http.Cookie
	fx      *soakFixtures
	stamp   string
	written int
}

// soakRoles: the department's staff at their lists, cards and searches and
// registering what arrives; the front desk booking, checking visitors in
// and registering; the director on the dashboard and the reports.
func soakRoles() []soakRole {
	get := func(path func(*soakUser) string) func(*soakUser, string) *soakRequest {
		return func(u *soakUser, base string) *soakRequest {
			req, _ := http.NewRequest(http.MethodGet, base+path(u), nil)
			return &soakRequest{req: req, ok: status(http.StatusOK)}
		}
	}
	page := func(p string) func(*soakUser, string) *soakRequest {
		return get(func(*soakUser) string { return p })
	}
	surname := func(u *soakUser) string {
		return url.QueryEscape(strings.ToLower(asciiFold.Replace(pick(u.rand, surnames)[0])))
	}
	lists := soakAction{"list", 20, func(u *soakUser, base string) *soakRequest {
		return page(pick(u.rand, []string{"/petitions", "/contacts", "/delegations", "/press", "/monitoring", "/awards"}))(u, base)
	}}
	cards := soakAction{"card", 20, get(func(u *soakUser) string {
		switch u.rand.IntN(3) {
		case 0:
			return "/contacts/" + strconv.FormatInt(pick(u.rand, u.fx.contacts), 10)
		case 1:
			return "/delegations/" + strconv.FormatInt(pick(u.rand, u.fx.delegations), 10)
		}
		return "/petitions/" + strconv.FormatInt(pick(u.rand, u.fx.petitions), 10)
	})}
	searches := soakAction{"search", 15, get(func(u *soakUser) string {
		s := surname(u)
		return pick(u.rand, []string{"/petitions?name=", "/contacts?q=", "/reports/search?q="}) + s
	})}
	register := soakAction{"registration", 4, func(u *soakUser, base string) *soakRequest {
		u.written++
		req, err := registrationRequest(base, u.cookie, u.fx.caseID, u.fx.addressee, fmt.Sprintf("soak-%s-%d-%d", u.stamp, u.n, u.written), u.n*1000+u.written)
		if err != nil {
			return nil
		}
		return &soakRequest{req: req, ok: status(http.StatusSeeOther)}
	}}
	home := soakAction{"home", 10, page("/")}
	book := soakAction{"booking", 6, func(u *soakUser, base string) *soakRequest {
		var s visitors.Slot
		select {
		case s = <-u.fx.slots:
		default:
			return nil
		}
		u.written++
		form := url.Values{
			"official": {strconv.FormatInt(s.OfficialID, 10)},
			"start":    {strconv.FormatInt(s.Start.Unix(), 10)},
			"name":     {pick(u.rand, femaleNames) + " " + pick(u.rand, surnames)[1]},
			"phone":    {fmt.Sprintf("+3712%03d%04d", u.n, u.written%10000)},
			"topic":    {soakTopic},
			"language": {"lv"},
		}
		return &soakRequest{req: formPost(base, "/visitors/book", form), ok: status(http.StatusSeeOther)}
	}}
	checkIn := soakAction{"check-in", 6, func(u *soakUser, base string) *soakRequest {
		var a soakArrival
		select {
		case a = <-u.fx.arrivals:
		default:
			return nil
		}
		form := url.Values{"version": {strconv.Itoa(a.version)}, "back": {"/visitors"}}
		return &soakRequest{req: formPost(base, fmt.Sprintf("/visitors/bookings/%d/checkin", a.id), form), ok: func(res *http.Response) bool {
			// A refused check-in comes back to the form's page with its
			// message; an accepted one goes to the visitor's queue.
			return res.StatusCode == http.StatusSeeOther && strings.Contains(res.Header.Get("Location"), "#official-")
		}}
	}}
	return []soakRole{
		{"staff", 65, []soakAction{lists, cards, searches, register, home}},
		{"clerk", 30, []soakAction{
			{"list", 20, func(u *soakUser, base string) *soakRequest {
				return page(pick(u.rand, []string{"/visitors", "/visitors/queue", "/petitions"}))(u, base)
			}},
			// The registry shows the clerk only what they registered today.
			{"card", 8, get(func(u *soakUser) string { return "/contacts/" + strconv.FormatInt(pick(u.rand, u.fx.contacts), 10) })},
			{"search", 10, get(func(u *soakUser) string { return "/petitions?name=" + surname(u) })},
			// The desk registers too, but one clerk account for sixty people
			// would register more in a day than any desk does, and the
			// clerk's list shows what they registered today.
			book, checkIn, home,
		}},
		{"director", 5, []soakAction{
			{"dashboard", 10, page("/reports")},
			{"list", 5, page("/reports/periodic")},
			{"search", 5, get(func(u *soakUser) string { return "/reports/search?q=" + surname(u) })},
			home,
		}},
	}
}

func status(code int) func(*http.Response) bool {
	return func(res *http.Response) bool { return res.StatusCode == code }
}

// formPost is a form as a browser sends it, cookie added by the caller.
func formPost(base, path string, form url.Values) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// loadSoakFixtures reads what the people will open and take.
func loadSoakFixtures(ctx context.Context, pool *pgxpool.Pool, now time.Time, slots, arrivals int) (*soakFixtures, error) {
	fx := &soakFixtures{}
	ids := func(sql string) ([]int64, error) {
		rows, err := pool.Query(ctx, sql)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("none found by %q", sql)
		}
		return out, nil
	}
	var err error
	// Spread over the table, so the cards are not all in the cache.
	if fx.petitions, err = ids(`select id from petitions tablesample system (0.2) limit 2000`); err != nil {
		return nil, fmt.Errorf("submissions to open: %w", err)
	}
	if fx.contacts, err = ids(`select id from contacts tablesample system (1) limit 1000`); err != nil {
		return nil, fmt.Errorf("contacts to open: %w", err)
	}
	if fx.delegations, err = ids(`select id from delegations order by random() limit 500`); err != nil {
		return nil, fmt.Errorf("delegations to open: %w", err)
	}
	if err := pool.QueryRow(ctx, `select (select id from doc_cases where case_index = '1-14'),
		(select id from users where username = 'chair')`).Scan(&fx.caseID, &fx.addressee); err != nil {
		return nil, fmt.Errorf("a case and an addressee to register with: %w", err)
	}

	store := visitors.NewStore(visitors.Deps{Pool: pool, Calendar: calendar.NewStore(pool), Now: func() time.Time { return now }})
	officials, err := store.Officials(ctx)
	if err != nil {
		return nil, err
	}
	var free []visitors.Slot
	for _, o := range officials {
		s, err := store.FreeSlots(ctx, o.ID, now.Add(time.Hour), slots)
		if err != nil {
			return nil, err
		}
		free = append(free, s...)
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	fx.slots = make(chan visitors.Slot, len(free))
	for _, s := range free {
		fx.slots <- s
	}

	// Today's visitors to check in: booked by the soak, as the bench's year
	// of bookings holds only a handful a day, in half-minute slots from
	// midnight (one taken already is skipped).
	day := now.In(i18n.Riga)
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, i18n.Riga)
	var officialIDs []int64
	for _, o := range officials {
		officialIDs = append(officialIDs, o.ID)
	}
	perOfficial := arrivals/max(1, len(officialIDs)) + 1
	// After an earlier round's (or an earlier soak's) visitors of today.
	from := midnight
	if err := pool.QueryRow(ctx, `select coalesce(max(upper(slot)), $2) from visit_bookings
		where topic = $1 and lower(slot) >= $2`, soakTopic, midnight).Scan(&from); err != nil {
		return nil, err
	}
	rows, err := pool.Query(ctx, `insert into visit_bookings (official_id, slot, visitor_name, phone, topic, language)
		select o, tstzrange(t, t + interval '30 seconds'), 'Soak Apmeklētājs', '+37120000000', $1, 'lv'
		from unnest($2::bigint[]) o, generate_series($3::timestamptz, $4::timestamptz, interval '30 seconds') t
		on conflict do nothing
		returning id, version`, soakTopic, officialIDs, from, from.Add(time.Duration(perOfficial-1)*30*time.Second))
	if err != nil {
		return nil, err
	}
	todays, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (soakArrival, error) {
		var a soakArrival
		return a, r.Scan(&a.id, &a.version)
	})
	if err != nil {
		return nil, fmt.Errorf("today's visitors to check in: %w", err)
	}
	rand.New(rand.NewPCG(5, 6)).Shuffle(len(todays), func(i, j int) { todays[i], todays[j] = todays[j], todays[i] })
	fx.arrivals = make(chan soakArrival, len(todays))
	for _, a := range todays {
		fx.arrivals <- a
	}
	return fx, nil
}

// soakTally is what one kind of step came to.
type soakTally struct {
	latencies  []time.Duration
	errors     int
	firstError string
}

type soakResult struct {
	instances int
	elapsed   time.Duration
	byKind    map[string]*soakTally
	appCPU    time.Duration // all instances
	dbCPU     time.Duration
	memory    []memory
}

func (r soakResult) all() soakTally {
	var t soakTally
	for _, k := range r.byKind {
		t.latencies = append(t.latencies, k.latencies...)
		t.errors += k.errors
		if t.firstError == "" {
			t.firstError = k.firstError
		}
	}
	slices.Sort(t.latencies)
	return t
}

// runSoak fills (or reuses) the bench database and runs the soak against
// each number of instances in turn.
func runSoak(ctx context.Context, o options) error {
	started := time.Now()
	benchDatabase = o.dbName
	benchURL, err := prepareDatabase(ctx, o.databaseURL, o.dbName, o.fresh, "")
	if err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, benchURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	defer func() {
		// Those checked in stay, with their tickets, as the day's visits do.
		if _, err := pool.Exec(context.WithoutCancel(ctx), `delete from visit_bookings where topic = $1 and state = 'booked'`, soakTopic); err != nil {
			fmt.Println("prbench: removing the soak's bookings:", err)
		}
	}()

	fmt.Printf("\nThe soak: %d people, each pausing %s on average between steps, for %s against each number of instances; %d%% of the steps write.\n",
		o.soakUsers, o.think, o.soakDuration, writeShare())
	var results []soakResult
	for _, n := range o.soakInstances {
		fx, err := loadSoakFixtures(ctx, pool, time.Now(), 400, 5*o.soakUsers)
		if err != nil {
			return err
		}
		r, err := soakRound(ctx, o, benchURL, n, fx)
		if err != nil {
			return err
		}
		// The round's bookings not taken up go, so the next round starts
		// from the same free slots.
		if _, err := pool.Exec(ctx, `delete from visit_bookings where topic = $1 and state = 'booked'`, soakTopic); err != nil {
			return err
		}
		printSoak(r)
		results = append(results, r)
	}
	fmt.Printf("\nWhole soak: %s.\n", time.Since(started).Round(time.Second))
	for _, r := range results {
		if t := r.all(); t.errors > 0 {
			return fmt.Errorf("%d steps failed against %d instance(s): %s", t.errors, r.instances, t.firstError)
		}
	}
	return nil
}

// writeShare is the share of the steps that write, weighted by role.
func writeShare() int {
	var writes, all float64
	for _, r := range soakRoles() {
		total := 0
		for _, a := range r.actions {
			total += a.weight
		}
		for _, a := range r.actions {
			share := float64(r.share) * float64(a.weight) / float64(total)
			all += share
			if a.kind == "registration" || a.kind == "booking" || a.kind == "check-in" {
				writes += share
			}
		}
	}
	return int(100*writes/all + 0.5)
}

// soakRound starts n servers, signs the people in on the first (their
// sessions must hold on every instance), and sends each step to the next
// instance in turn, as a load balancer without sticky sessions would.
func soakRound(ctx context.Context, o options, benchURL string, n int, fx *soakFixtures) (soakResult, error) {
	res := soakResult{instances: n, byKind: map[string]*soakTally{}}
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for range n {
		s, err := startServer(ctx, o.bin, benchURL, o.logLevel)
		if err != nil {
			return res, err
		}
		servers = append(servers, s)
	}
	explain := func(err error) error {
		for _, s := range servers {
			if e := s.alive(); e != nil {
				return s.explain(err)
			}
		}
		return servers[0].explain(err)
	}

	roles := soakRoles()
	var users []*soakUser
	var userRoles []soakRole
	sessions := map[string]*http.Cookie{}
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	for i := range o.soakUsers {
		role := roleOf(roles, i, o.soakUsers)
		key := fmt.Sprintf("%s/%d", role.account, i/soakUsersPerSession)
		c, ok := sessions[key]
		if !ok {
			var err error
			if c, err = signIn(ctx, servers[0].url, role.account); err != nil {
				return res, explain(err)
			}
			sessions[key] = c
		}
		users = append(users, &soakUser{n: i, rand: rand.New(rand.NewPCG(uint64(i), 7)), cookie: c, fx: fx, stamp: stamp})
		userRoles = append(userRoles, role)
	}

	client := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: o.soakUsers, IdleConnTimeout: time.Minute},
	}
	var mu sync.Mutex
	var turn atomic.Uint64
	before := make([]time.Duration, n)
	for i, s := range servers {
		before[i] = cpuTime(strconv.Itoa(s.pid()))
	}
	dbCPU := trackDBCPU()
	start := time.Now()
	end := start.Add(o.soakDuration)
	var wg sync.WaitGroup
	for i, u := range users {
		role := userRoles[i]
		wg.Go(func() {
			// People start through the first pause, not all at once.
			if !pause(ctx, time.Duration(u.rand.Int64N(int64(o.think)))) {
				return
			}
			for time.Now().Before(end) {
				a := weighted(u.rand, role.actions, func(a soakAction) int { return a.weight })
				base := servers[turn.Add(1)%uint64(n)].url
				sr := a.make(u, base)
				if sr == nil { // nothing of that kind left to do: read the home page
					a = soakAction{kind: "home"}
					sr = &soakRequest{ok: status(http.StatusOK)}
					sr.req, _ = http.NewRequest(http.MethodGet, base+"/", nil)
				}
				if sr.req.Header.Get("Cookie") == "" {
					sr.req.AddCookie(u.cookie)
				}
				t0 := time.Now()
				r, err := client.Do(sr.req.WithContext(ctx))
				d := time.Since(t0)
				problem := ""
				if err != nil {
					problem = err.Error()
				} else {
					io.Copy(io.Discard, r.Body) //nolint:errcheck
					r.Body.Close()
					if !sr.ok(r) {
						problem = fmt.Sprintf("%s %s: status %d", sr.req.Method, strings.TrimPrefix(sr.req.URL.String(), base), r.StatusCode)
					}
				}
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				t := res.byKind[a.kind]
				if t == nil {
					t = &soakTally{}
					res.byKind[a.kind] = t
				}
				t.latencies = append(t.latencies, d)
				if problem != "" {
					t.errors++
					if t.firstError == "" {
						t.firstError = problem
					}
				}
				mu.Unlock()
				// A pause to read the page: from half to one and a half of the mean.
				if !pause(ctx, o.think/2+time.Duration(u.rand.Int64N(int64(o.think)))) {
					return
				}
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.dbCPU = dbCPU.total()
	client.CloseIdleConnections()
	if err := ctx.Err(); err != nil {
		return res, errors.New("interrupted")
	}
	for i, s := range servers {
		if err := s.alive(); err != nil {
			return res, s.explain(err)
		}
		res.appCPU += cpuTime(strconv.Itoa(s.pid())) - before[i]
		m, err := residentMemory(s.pid())
		if err != nil {
			return res, err
		}
		res.memory = append(res.memory, m)
	}
	return res, nil
}

// roleOf gives person i of n a role by the roles' shares.
func roleOf(roles []soakRole, i, n int) soakRole {
	at := 100 * i / n
	for _, r := range roles {
		if at < r.share {
			return r
		}
		at -= r.share
	}
	return roles[len(roles)-1]
}

func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func printSoak(r soakResult) {
	all := r.all()
	if len(all.latencies) == 0 {
		fmt.Printf("\nAgainst %d instance(s): no step finished.\n", r.instances)
		return
	}
	fmt.Printf("\nAgainst %d instance(s) for %s: %d steps, %.0f a second; p50 %s, p95 %s, p99 %s; %d errors.\n",
		r.instances, r.elapsed.Round(time.Second), len(all.latencies), float64(len(all.latencies))/r.elapsed.Seconds(),
		ms(percentile(all.latencies, 0.50)), ms(percentile(all.latencies, 0.95)), ms(percentile(all.latencies, 0.99)), all.errors)
	if len(all.latencies) > 0 {
		fmt.Printf("CPU time a step: the server(s) %s, PostgreSQL %s.\n",
			ms(r.appCPU/time.Duration(len(all.latencies))), ms(r.dbCPU/time.Duration(len(all.latencies))))
	}
	fmt.Printf("%-14s %8s %9s %9s %9s %7s\n", "step", "count", "p50", "p95", "p99", "errors")
	kinds := make([]string, 0, len(r.byKind))
	for k := range r.byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		t := r.byKind[k]
		slices.Sort(t.latencies)
		fmt.Printf("%-14s %8d %9s %9s %9s %7d\n", k, len(t.latencies), ms(percentile(t.latencies, 0.50)), ms(percentile(t.latencies, 0.95)), ms(percentile(t.latencies, 0.99)), t.errors)
		if t.firstError != "" {
			fmt.Printf("  first error: %s\n", t.firstError)
		}
	}
	for i, m := range r.memory {
		fmt.Printf("Instance %d resident memory at the end: %s (peak %s).\n", i+1, m.rss, m.peak)
	}
}
