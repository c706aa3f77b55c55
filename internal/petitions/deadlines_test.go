package petitions_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// issueTerms are the receipt dates the deadline tests check, with the
// calendar as the migrations ship it (the law's holidays and the Cabinet's
// moves of 2025 and 2026) and the rules of 00005: until 28.02.2026 an
// answer in one month and forwarding in 7 working days, from 01.03.2026
// ten and five working days. The report to the lead gives the same table.
var issueTerms = []struct {
	received, forward, answer string
	why                       string
}{
	{"02.04.2025", "11.04.2025", "06.05.2025", "old rules; the month ends on Friday 2 May, a day off by the Cabinet's order, then the weekend with 4 May and Monday 5 May off for it: Tuesday 6 May"},
	{"10.04.2025", "23.04.2025", "10.05.2025", "old rules; forwarding steps over Good Friday and Easter Monday; the month ends on Saturday 10 May, worked by the Cabinet's order, so it stays"},
	{"17.10.2025", "28.10.2025", "19.11.2025", "old rules; the month ends on Monday 17 November, a day off by the Cabinet's order, then 18 November: Wednesday 19 November (Saturday 8 November worked, inside the term)"},
	{"30.12.2025", "13.01.2026", "30.01.2026", "old rules; forwarding steps over 31 December, 1 January and Friday 2 January (the Cabinet's day off)"},
	{"09.01.2026", "19.01.2026", "09.02.2026", "old rules; Saturday 17 January is worked by the Cabinet's order and counts as the sixth of seven days"},
	{"20.02.2026", "03.03.2026", "20.03.2026", "old rules (received before 01.03.2026): seven working days and one month"},
	{"27.02.2026", "10.03.2026", "27.03.2026", "the last day of the old rules"},
	{"02.03.2026", "09.03.2026", "16.03.2026", "the first working day of the new rules: five and ten working days"},
	{"11.05.2026", "18.05.2026", "25.05.2026", "the issue's example: Monday, no day off within either term"},
	{"09.06.2026", "16.06.2026", "26.06.2026", "the answer steps over 22 June (the Cabinet's day off), Līgo and Jāņi"},
	{"19.06.2026", "30.06.2026", "07.07.2026", "22–24 June off and Saturday 27 June worked: the moves cancel out for the answer"},
	{"26.06.2026", "02.07.2026", "09.07.2026", "Saturday 27 June, worked, is the first of the working days"},
	{"13.11.2026", "23.11.2026", "30.11.2026", "18 November, a Wednesday"},
	{"18.12.2026", "29.12.2026", "07.01.2027", "Christmas, New Year's Eve and New Year's Day"},
}

// shippedCalendar is the calendar and the rules of the test database, as
// the migrations leave them (no test of this package changes 2025–2027).
func shippedCalendar(t *testing.T, srv *apptest.Server) (*calendar.Calendar, []petitions.Rule) {
	t.Helper()
	ctx := context.Background()
	cal, err := petitionstest.Calendar(t, srv.Pool).Load(ctx, srv.Pool)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := petitions.NewStore(petitions.Deps{Pool: srv.Pool}).Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cal, rules
}

func TestTermsOfTheIssue(t *testing.T) {
	srv := server(t)
	cal, rules := shippedCalendar(t, srv)
	for _, c := range issueTerms {
		received, ok := i18n.ParseDate(c.received)
		if !ok {
			t.Fatalf("bad date %s", c.received)
		}
		received = received.Add(10 * time.Hour)
		fwd, ok, err := petitions.ForwardDeadline(cal, rules, received)
		if err != nil || !ok {
			t.Fatalf("%s: forward: %v %v", c.received, ok, err)
		}
		r, _ := petitions.RuleFor(rules, petitions.RuleAnswer, received)
		ans, err := petitions.ComputeDeadline(cal, r, received)
		if err != nil {
			t.Fatal(err)
		}
		if got := i18n.Date(fwd.Due); got != c.forward+"." {
			t.Errorf("received %s: forward by %s, want %s (%s)", c.received, got, c.forward, c.why)
		}
		if got := i18n.Date(ans.Due); got != c.answer+"." {
			t.Errorf("received %s: answer by %s, want %s (%s)", c.received, got, c.answer, c.why)
		}
	}
}

// Registered through the form on 25 June 2026, a submission received on 9
// June is due on 26 June: Monday 22 June is the Cabinet's day off.
func TestRegisteringOnTheFormCountsTheCabinetsMoves(t *testing.T) {
	srv := server(t)
	srv.Clock.Set(t, time.Date(2026, 6, 25, 12, 0, 0, 0, i18n.Riga))
	staff := srv.SignIn(t, "staff", demo.Password)
	for _, c := range []struct{ received, forward, answer string }{
		{"2026-06-09", "16.06.2026.", "26.06.2026."},
		{"2026-05-11", "18.05.2026.", "25.05.2026."},
	} {
		form := regValid(t, srv)
		form.Set("received_date", c.received)
		form.Set("received_time", "10:00")
		id := regCreated(t, regPost(t, srv, staff, form))
		var due, forward, told time.Time
		if err := srv.Pool.QueryRow(context.Background(), `select due_date, forward_due_date, told_due_date from petitions where id = $1`, id).
			Scan(&due, &forward, &told); err != nil {
			t.Fatal(err)
		}
		if i18n.Date(due) != c.answer || i18n.Date(forward) != c.forward || !told.Equal(due) {
			t.Errorf("received %s: due %s, forward %s, told %s; want %s and %s", c.received, i18n.Date(due), i18n.Date(forward), i18n.Date(told), c.answer, c.forward)
		}
		card := staff.Get(t, "/petitions/"+strconv.FormatInt(id, 10))
		if got := between(card.Body, `data-testid="due-date"`, "</td>"); !strings.Contains(got, c.answer) {
			t.Errorf("received %s: the card's due date reads %q, want %s", c.received, got, c.answer)
		}
		if got := between(card.Body, `data-testid="forward-by"`, "</td>"); !strings.Contains(got, c.forward) {
			t.Errorf("received %s: the card's forward-by reads %q, want %s", c.received, got, c.forward)
		}
	}
}

func TestForwardStepRecordsWhetherItWasOnTime(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	cal, rules := shippedCalendar(t, srv)
	// Received on Monday 11 May 2093: the period [May 2093) holds only these.
	received := time.Date(2093, 5, 11, 10, 0, 0, 0, i18n.Riga)
	fwd, _, err := petitions.ForwardDeadline(cal, rules, received)
	if err != nil {
		t.Fatal(err)
	}
	lastDay := time.Date(fwd.Due.Year(), fwd.Due.Month(), fwd.Due.Day(), 16, 0, 0, 0, i18n.Riga)
	dayAfter := cal.NextWorkingDay(lastDay).Add(9 * time.Hour)
	onTime := register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff"})
	late := register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff"})
	if onTime.ForwardDueDate == nil || !onTime.ForwardDueDate.Equal(fwd.Due) {
		t.Fatalf("forward by %v, want %s", onTime.ForwardDueDate, fwd.Due)
	}
	petitionstest.Step(t, srv.Pool, onTime.ID, "staff", petitions.ActForward, petitions.Step{Institution: "Valsts policija"}, lastDay)

	// The late one over HTTP, the clock the day after the term.
	srv.Clock.Set(t, dayAfter)
	staff := srv.SignIn(t, "staff", demo.Password)
	cardWant(t, cardStep(t, staff, srv.Pool, late, "forward", url.Values{"institution": {"Valsts ieņēmumu dienests"}}), http.StatusSeeOther)

	for _, c := range []struct {
		p    *petitions.Petition
		want bool
	}{{onTime, true}, {late, false}} {
		got := petitionstest.Get(t, srv.Pool, c.p.ID)
		if got.ForwardedOnTime == nil || *got.ForwardedOnTime != c.want {
			t.Errorf("%s: forwarded on time %v, want %v", got.RegNumber, got.ForwardedOnTime, c.want)
		}
		card := staff.Get(t, cardPath(c.p))
		on := between(card.Body, `data-testid="forwarded-on-time"`, "</td>")
		if want := map[bool]string{true: "pārsūtīts termiņā", false: "pārsūtīts pēc termiņa"}[c.want]; !strings.Contains(on, want) {
			t.Errorf("%s: the card says %q, want %q", got.RegNumber, on, want)
		}
		if strings.Contains(card.Body, `data-testid="forward-by"`) {
			t.Errorf("%s: a forwarded submission still shows a forwarding term to keep", got.RegNumber)
		}
		timeline := between(card.Body, `data-testid="timeline"`, "</section>")
		if want := map[bool]string{true: "Pārsūtīts termiņā", false: "Pārsūtīts pēc termiņa"}[c.want]; !strings.Contains(timeline, want) {
			t.Errorf("%s: the timeline lacks %q", got.RegNumber, want)
		}
	}

	rep, err := petitions.NewStore(petitions.Deps{Pool: srv.Pool, Calendar: petitionstest.Calendar(t, srv.Pool)}).Summary(ctx,
		time.Date(2093, 5, 1, 0, 0, 0, 0, i18n.Riga), time.Date(2093, 6, 1, 0, 0, 0, 0, i18n.Riga))
	if err != nil {
		t.Fatal(err)
	}
	if rep.ForwardedOnTime != 1 || rep.ForwardedLate != 1 || rep.ByState[petitions.Forwarded] != 2 {
		t.Errorf("summary: forwarded on time %d, late %d (of %d); want 1 and 1", rep.ForwardedOnTime, rep.ForwardedLate, rep.ByState[petitions.Forwarded])
	}
}

func TestListFiltersAndSortsByTheForwardingTerm(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "staff")
	tag := listTag()
	d := func(s string) time.Time { return day(t, s) }
	// testNow is Wednesday 10 June 2026; "soon" is up to Monday 15 June.
	passedA := listInsert(t, srv.Pool, petitionstest.Row{Name: "A " + tag, State: petitions.Registered, Forward: d("2026-06-05")})
	passedB := listInsert(t, srv.Pool, petitionstest.Row{Name: "B " + tag, State: petitions.InProgress, Forward: d("2026-06-09")})
	today := listInsert(t, srv.Pool, petitionstest.Row{Name: "C " + tag, State: petitions.AwaitingResolution, Forward: d("2026-06-10")})
	soon := listInsert(t, srv.Pool, petitionstest.Row{Name: "D " + tag, State: petitions.Registered, Forward: d("2026-06-15")})
	later := listInsert(t, srv.Pool, petitionstest.Row{Name: "E " + tag, State: petitions.Registered, Forward: d("2026-06-16")})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "F " + tag, State: petitions.Forwarded, Forward: d("2026-06-01")})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "G " + tag, State: petitions.Registered}) // none yet

	for q, want := range map[string][]petitionstest.Inserted{
		"forward=passed": {passedA, passedB},
		"forward=soon":   {today, soon},
	} {
		res := c.Get(t, "/petitions?name="+tag+"&"+q)
		if got := listNumbers(res.Body); res.StatusCode != http.StatusOK || !sameSet(got, want...) {
			t.Errorf("%s: %d %v, want %v", q, res.StatusCode, got, numbersOf(want...))
		}
	}
	res := c.Get(t, "/petitions?name="+tag+"&sort=forward")
	if got, want := listNumbers(res.Body), numbersOf(passedA, passedB, today, soon, later); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("sorted by forwarding term: %v, want %v", got, want)
	}
	if !strings.Contains(res.Body, "pārsūtīšana nokavēta (05.06.2026.)") || !strings.Contains(res.Body, "pārsūtīt līdz 16.06.2026.") {
		t.Error("the rows do not show their forwarding terms")
	}
	// Once resolved, the municipality answers it: the row no longer asks
	// for forwarding (the card still names the term).
	if row := between(res.Body, ">"+passedB.Number+"<", "</tr>"); row == "" || strings.Contains(row, "pārsūt") {
		t.Errorf("a submission in progress shows its forwarding term on the list: %q", row)
	}
	// The next page starts after the cursor, as every keyset does.
	after := petitions.CursorAfter(petitions.SortForward, petitions.ListRow{ID: passedB.ID, ForwardDue: ptr(d("2026-06-09"))}).Encode(petitions.SortForward)
	res = c.Get(t, "/petitions?name="+tag+"&sort=forward&after="+after)
	if got, want := listNumbers(res.Body), numbersOf(today, soon, later); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after %s: %v, want %v", after, got, want)
	}
	if res := c.Get(t, "/petitions?forward=never"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a forwarding filter of no such value: %d", res.StatusCode)
	}
	// The export takes the same filter.
	res = c.Get(t, "/petitions/export.csv?name="+tag+"&forward=soon")
	if got := listNumbers("<tbody>" + res.Body); !sameSet(got, today, soon) {
		t.Errorf("export of forward=soon: %v", got)
	}
}

func ptr[T any](v T) *T { return &v }

// moveDay is the date of s (dd.mm.yyyy. or yyyy-mm-dd) for tests.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, ok := i18n.ParseDate(s)
	if !ok {
		t.Fatalf("bad date %q", s)
	}
	return calendar.DateOf(d)
}

// workJobs works every due job of the default queue: the recomputation of
// due dates a change to the calendar or the rules queued.
func workJobs(t *testing.T, srv *apptest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatal(err)
	}
}

func dueOf(t *testing.T, srv *apptest.Server, id int64) (due, forward time.Time) {
	t.Helper()
	if err := srv.Pool.QueryRow(context.Background(), `select due_date, forward_due_date from petitions where id = $1`, id).Scan(&due, &forward); err != nil {
		t.Fatal(err)
	}
	return due, forward
}

// A holiday added through /admin/calendar inside an open submission's term
// moves its due date once the jobs are worked, with a timeline line that
// names the day and a row on the list of moved dates; taking it away moves
// the date back, but never earlier than a date the person was told.
func TestAHolidayAddedInTheCalendarRedatesOpenSubmissions(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	// February 2091 has no holidays by law; receipt on its first Monday.
	received := time.Date(2091, 2, 5, 10, 0, 0, 0, i18n.Riga)
	for received.Weekday() != time.Monday {
		received = received.AddDate(0, 0, 1)
	}
	holiday := calendar.DateOf(received.AddDate(0, 0, 2)) // the Wednesday after
	cal, rules := shippedCalendar(t, srv)
	r, _ := petitions.RuleFor(rules, petitions.RuleAnswer, received)
	before, _ := petitions.ComputeDeadline(cal, r, received)
	fwdBefore, _, _ := petitions.ForwardDeadline(cal, rules, received)
	oneLater := cal.NextWorkingDay(before.Due)
	fwdLater := cal.NextWorkingDay(fwdBefore.Due)

	letter := register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff", Reply: petitions.ReplyPost})
	mailed := register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff"})
	anonymous := register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff", Anonymous: true})
	afterIt := register(t, srv.Pool, petitionstest.Sub{At: received.AddDate(0, 0, 3), Received: received.AddDate(0, 0, 3), By: "staff"})
	answered := petitionstest.Progress(t, srv.Pool, register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff"}),
		petitions.Answered, received.Add(2*time.Hour))
	unaffected := map[int64]time.Time{afterIt.ID: afterIt.DueDate, answered.ID: answered.DueDate}

	srv.Clock.Set(t, received.Add(3*time.Hour))
	admin := srv.SignIn(t, "admin", demo.Password)
	staff := srv.SignIn(t, "staff", demo.Password)
	res := admin.PostForm(t, "/admin/calendar/days", url.Values{"day": {i18n.Date(holiday)}, "kind": {"holiday"},
		"name_lv": {"Pārbaudes svētku diena"}, "name_en": {"Test holiday"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add the holiday: %d %s", res.StatusCode, regErrors(res.Body))
	}
	// The calendar's change only queued the work.
	if due, _ := dueOf(t, srv, mailed.ID); !due.Equal(before.Due) {
		t.Fatalf("the due date moved before the jobs were worked: %s", due)
	}
	workJobs(t, srv)

	for _, p := range []*petitions.Petition{letter, mailed, anonymous} {
		due, fwd := dueOf(t, srv, p.ID)
		if !due.Equal(oneLater) || !fwd.Equal(fwdLater) {
			t.Errorf("%s: due %s, forward %s; want %s and %s", p.RegNumber, i18n.Date(due), i18n.Date(fwd), i18n.Date(oneLater), i18n.Date(fwdLater))
		}
		if n := cardEvents(t, srv.Pool, p.ID, "due_moved"); n != 1 {
			t.Errorf("%s: %d timeline lines of a moved date", p.RegNumber, n)
		}
		if n := cardAudits(t, srv.Pool, p.ID, "due_moved"); n != 1 {
			t.Errorf("%s: %d audit entries of a moved date", p.RegNumber, n)
		}
	}
	for id, due := range unaffected {
		if got, _ := dueOf(t, srv, id); !got.Equal(due) {
			t.Errorf("submission %d (not spanning the day, or answered) moved: %s → %s", id, i18n.Date(due), i18n.Date(got))
		}
	}
	card := staff.Get(t, cardPath(mailed))
	line := between(card.Body, `data-kind="due_moved"`, "</tr>")
	for _, want := range []string{"Termiņš pārrēķināts", i18n.Date(before.Due) + " → " + i18n.Date(oneLater),
		i18n.Date(holiday) + ", trešdiena: darba diena → svētku diena", "Pārbaudes svētku diena", "Sistēma"} {
		if !strings.Contains(line, want) {
			t.Errorf("the timeline line lacks %q: %s", want, line)
		}
	}
	moved := staff.Get(t, "/petitions/moved")
	if moved.StatusCode != http.StatusOK {
		t.Fatalf("/petitions/moved: %d", moved.StatusCode)
	}
	for _, p := range []*petitions.Petition{letter, mailed, anonymous} {
		row := between(moved.Body, ">"+p.RegNumber+"<", "</tr>")
		if !strings.Contains(row, i18n.Date(before.Due)+" → "+i18n.Date(oneLater)) || !strings.Contains(row, "Pārbaudes svētku diena") {
			t.Errorf("the list of moved dates lacks %s: %q", p.RegNumber, row)
		}
	}
	if res := srv.Client(t, "clerk").Get(t, "/petitions/moved"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the clerk opens the list of moved dates: %d", res.StatusCode)
	}

	// The letter is printed now: it tells the person the later date.
	if pdf := staff.Get(t, "/petitions/"+strconv.FormatInt(letter.ID, 10)+"/acknowledgement.pdf"); pdf.StatusCode != http.StatusOK {
		t.Fatalf("acknowledgement: %d", pdf.StatusCode)
	}

	// The holiday is taken away again.
	var id int64
	var version int
	if err := srv.Pool.QueryRow(ctx, `select id, version from calendar_days where day = $1`, holiday).Scan(&id, &version); err != nil {
		t.Fatal(err)
	}
	res = admin.PostForm(t, "/admin/calendar/days/"+strconv.FormatInt(id, 10)+"/remove", url.Values{"version": {strconv.Itoa(version)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove the holiday: %d", res.StatusCode)
	}
	workJobs(t, srv)

	// Told the later date by the printed letter: it stays.
	if due, _ := dueOf(t, srv, letter.ID); !due.Equal(oneLater) {
		t.Errorf("the printed letter's date %s moved earlier to %s", i18n.Date(oneLater), i18n.Date(due))
	}
	card = staff.Get(t, cardPath(letter))
	if held := between(card.Body, `data-testid="deadline-held"`, "</li>"); !strings.Contains(held, i18n.Date(before.Due)) || !strings.Contains(held, i18n.Date(oneLater)) {
		t.Errorf("the card does not say the told date is kept: %q", held)
	}
	// Told the first date by mail, and nobody told: back to it.
	for _, p := range []*petitions.Petition{mailed, anonymous} {
		if due, fwd := dueOf(t, srv, p.ID); !due.Equal(before.Due) || !fwd.Equal(fwdBefore.Due) {
			t.Errorf("%s: due %s, forward %s after the holiday went; want %s and %s", p.RegNumber, i18n.Date(due), i18n.Date(fwd),
				i18n.Date(before.Due), i18n.Date(fwdBefore.Due))
		}
	}
	line = between(staff.Get(t, cardPath(anonymous)).Body, `data-kind="due_moved"`+"", "</tbody>")
	if !strings.Contains(line, "svētku diena → darba diena") {
		t.Errorf("the second timeline line does not name the day taken away: %s", line)
	}
}

// A change reaching more open submissions than one batch holds is worked
// batch after batch, each queueing the next.
func TestRecomputationRunsInBatches(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	n := petitions.RecomputeBatch + 20
	first := petitionstest.Seqs(n)
	if _, err := srv.Pool.Exec(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			anonymous, addressee_id, subject, due_date, legal_due_date, due_explanation, check_code, idempotency_key, state)
		select 'PART/2092/' || g, $1, 2092, $2 + g, '2092-03-03 10:00+02', 'post', 'letter', true,
			(select id from users where username = 'chair'), 'Temats', '2092-03-31', '2092-03-31', '{}', 'CHKPART' || g,
			'recompute-batch-' || g, 'registered'
		from generate_series(1, $3::int) g`, petitionstest.DefaultCase(t, srv.Pool).ID, first, n); err != nil {
		t.Fatal(err)
	}
	srv.Clock.Set(t, time.Date(2092, 3, 3, 12, 0, 0, 0, i18n.Riga))
	admin := srv.SignIn(t, "admin", demo.Password)
	if res := admin.PostForm(t, "/admin/calendar/days", url.Values{"day": {"05.03.2092."}, "kind": {"holiday"}, "name_lv": {"Pārbaude"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, regErrors(res.Body))
	}
	workJobs(t, srv)
	cal, rules := shippedCalendar(t, srv)
	received := time.Date(2092, 3, 3, 10, 0, 0, 0, i18n.Riga)
	r, _ := petitions.RuleFor(rules, petitions.RuleAnswer, received)
	want, _ := petitions.ComputeDeadline(cal, r, received)
	if got := cardCount(t, srv.Pool, `select count(*) from petitions where reg_number like 'PART/2092/%' and due_date = $1
		and forward_due_date is not null`, want.Due); got != n {
		t.Errorf("%d of %d submissions recomputed to %s", got, n, i18n.Date(want.Due))
	}
	if got := cardCount(t, srv.Pool, `select count(*) from river_job where kind = 'petitions_recompute_due' and args->>'from' like '2092-03-05%'`); got < 2 {
		t.Errorf("%d jobs for %d submissions: the work was not cut in batches", got, n)
	}
}

// A rule added on /petitions/rules recomputes the open submissions
// received from its first day, and the line names the rule.
func TestANewRuleRedatesOpenSubmissions(t *testing.T) {
	srv := server(t)
	received := time.Date(2094, 2, 2, 10, 0, 0, 0, i18n.Riga)
	p := register(t, srv.Pool, petitionstest.Sub{At: received, Received: received, By: "staff", Anonymous: true})
	head := srv.Client(t, "head")
	res := head.PostForm(t, "/petitions/rules", url.Values{"kind": {"answer"}, "valid_from": {"2094-01-01"}, "amount": {"20"},
		"unit": {"working_days"}, "basis_lv": {"Iedomāti 2094. gada grozījumi"}, "basis_en": {"Imagined amendment of 2094"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add the rule: %d %s", res.StatusCode, regErrors(res.Body))
	}
	workJobs(t, srv)
	cal, rules := shippedCalendar(t, srv)
	r, _ := petitions.RuleFor(rules, petitions.RuleAnswer, received)
	want, _ := petitions.ComputeDeadline(cal, r, received)
	if due, _ := dueOf(t, srv, p.ID); r.Amount != 20 || !due.Equal(want.Due) || !due.After(p.DueDate) {
		t.Errorf("due %s, want %s (was %s)", i18n.Date(due), i18n.Date(want.Due), i18n.Date(p.DueDate))
	}
	line := between(srv.Client(t, "staff").Get(t, cardPath(p)).Body, `data-kind="due_moved"`, "</tr>")
	if !strings.Contains(line, "mainīts termiņa noteikums: Iedomāti 2094. gada grozījumi") {
		t.Errorf("the timeline line does not name the rule: %s", line)
	}
}

// Submissions registered before the forwarding term was kept get it from
// the job that runs at start.
func TestOlderOpenSubmissionsGetTheirForwardingTerm(t *testing.T) {
	srv := server(t)
	old := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vecs " + listTag(), State: petitions.AwaitingResolution,
		Received: time.Date(2026, 5, 11, 10, 0, 0, 0, i18n.Riga)})
	closed := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vecs " + listTag(), State: petitions.Closed,
		Received: time.Date(2026, 5, 11, 10, 0, 0, 0, i18n.Riga)})
	// Its card computes the term meanwhile.
	card := srv.Client(t, "staff").Get(t, "/petitions/"+strconv.FormatInt(old.ID, 10))
	if !strings.Contains(between(card.Body, `data-testid="forward-by"`, "</td>"), "18.05.2026.") {
		t.Error("the card of an older submission does not show its forwarding term")
	}
	if _, err := srv.App.Jobs().Insert(context.Background(), petitions.FillForwardArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	workJobs(t, srv)
	if _, fwd := dueOf(t, srv, old.ID); i18n.Date(fwd) != "18.05.2026." {
		t.Errorf("forward by %s, want 18.05.2026.", i18n.Date(fwd))
	}
	var fwd *time.Time
	if err := srv.Pool.QueryRow(context.Background(), `select forward_due_date from petitions where id = $1`, closed.ID).Scan(&fwd); err != nil || fwd != nil {
		t.Errorf("a closed submission got a forwarding term: %v %v", fwd, err)
	}
}
