package press_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func TestInterviewRules(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	topic := unique(t, "Siltumapgāde")
	outlet := contactstest.Org(t, pool, unique(t, "Gorod"), contacts.Media)
	if _, err := s.CreateInterview(ctx, press.Interview{Topic: topic, Format: press.ByPhone, Status: press.InterviewNew}); refusal(err) != "journalist_id: press.interview.who_required" {
		t.Fatalf("nobody asking: %s", refusal(err))
	}

	declined := press.Interview{Topic: topic, Format: press.ByPhone, Status: press.InterviewDeclined, OutletID: &outlet}
	if _, err := s.CreateInterview(ctx, declined); refusal(err) != "decline_reason: press.interview.reason_required" {
		t.Fatalf("declined without a reason: %s", refusal(err))
	}
	scheduled := press.Interview{Topic: topic, Format: press.OnTV, Status: press.InterviewScheduled, OutletID: &outlet}
	if _, err := s.CreateInterview(ctx, scheduled); refusal(err) != "agreed_date: press.interview.agreed_required" {
		t.Fatalf("scheduled without a time: %s", refusal(err))
	}
	bad := press.Interview{Topic: topic, Format: press.Written, Status: press.InterviewDone, PublishedURL: "javascript:alert(1)", OutletID: &outlet}
	if _, err := s.CreateInterview(ctx, bad); refusal(err) != "published_url: press.interview.url_invalid" {
		t.Fatalf("a script for a link: %s", refusal(err))
	}
	organisation := contactstest.NewPerson(t, pool, "Nav", "Organizācija")
	wrongKind := press.Interview{Topic: topic, Format: press.InPerson, Status: press.InterviewNew, OutletID: &organisation}
	if _, err := s.CreateInterview(ctx, wrongKind); !strings.HasPrefix(refusal(err), "outlet_id: ") {
		t.Fatalf("a person for an outlet: %s", refusal(err))
	}

	// Overdue: the deadline passed while the request was still open;
	// agreeing a time settles it.
	due := time.Date(2027, 2, 1, 12, 0, 0, 0, i18n.Riga)
	i := press.Interview{Topic: topic, Status: press.InterviewAgreeing, DeadlineAt: &due}
	if i.Overdue(due) || !i.Overdue(due.Add(time.Minute)) {
		t.Fatal("overdue from the minute after the deadline")
	}
	i.Status = press.InterviewScheduled
	if i.Overdue(due.Add(time.Hour)) {
		t.Fatal("a scheduled interview is not overdue")
	}

	// Two people edit the same request: the second save is refused.
	id := presstest.AddInterview(t, pool, press.Interview{Topic: topic})
	first, _ := s.Interview(ctx, id)
	second := first
	first.Status = press.InterviewAgreeing
	if err := s.UpdateInterview(ctx, first); err != nil {
		t.Fatal(err)
	}
	second.Questions = "Kad beigsies remonts?"
	if err := s.UpdateInterview(ctx, second); refusal(err) != "topic: errors.conflict" {
		t.Fatalf("a stale save: %s", refusal(err))
	}
}

func TestInterviewFormCardAndCalendar(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	topic := fmt.Sprintf("Tramvaja līnijas pagarināšana %d", n)
	outlet := contactstest.Org(t, srv.Pool, fmt.Sprintf("Latgales Laiks %d", n), contacts.Media)
	journalist := contactstest.NewPerson(t, srv.Pool, "Jānis", fmt.Sprintf("Reportieris%d", n))
	official := contactstest.NewPerson(t, srv.Pool, "Andris", fmt.Sprintf("Priekšsēdētājs%d", n))
	form := url.Values{"outlet_id": {strconv.FormatInt(outlet, 10)}, "outlet_id_q": {"Latgales Laiks"},
		"journalist_id": {strconv.FormatInt(journalist, 10)}, "journalist_id_q": {"Jānis"},
		"official_id": {strconv.FormatInt(official, 10)}, "official_id_q": {"Andris"},
		"topic": {topic}, "questions": {"Kad sāksies būvdarbi?"}, "deadline_date": {"01.02.2020."}, "deadline_time": {"12:00"},
		"format": {"in_person"}, "status": {"new"}, "decline_reason": {""}, "responsible_id": {""}, "talking_points": {""},
		"agreed_date": {""}, "agreed_time": {""}, "agreed_minutes": {"30"}, "published_url": {""},
		"version": {"0"}, "idem": {fmt.Sprintf("interview-form-%d", n)}}

	empty := url.Values{"topic": {""}, "format": {"in_person"}, "status": {"declined"}, "version": {"0"},
		"idem": {fmt.Sprintf("interview-empty-%d", n)}}
	if res := staff.PostForm(t, "/press/interviews", empty); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet intervijas tematu") || !strings.Contains(res.Body, "Ievadiet atteikuma iemeslu") {
		t.Fatalf("an empty form: %d\n%s", res.StatusCode, res.Body)
	}
	res := staff.PostForm(t, "/press/interviews", form)
	m := regexp.MustCompile(`^/press/interviews/(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	loc := "/press/interviews/" + m[1]
	// The form posted twice (a double click) makes one request.
	if again := staff.PostForm(t, "/press/interviews", form); again.Header.Get("Location") != loc {
		t.Fatalf("posted twice: %d %s", again.StatusCode, again.Header.Get("Location"))
	}
	list := staff.Get(t, "/press/interviews")
	row := regexp.MustCompile(`(?s)<tr>\s*<td>\s*<a href="` + loc + `">.*?</tr>`).FindString(list.Body)
	if list.StatusCode != http.StatusOK || !strings.Contains(row, "Termiņš nokavēts") || !strings.Contains(row, "Reportieris") {
		t.Fatalf("the list's row: %d\n%s", list.StatusCode, row)
	}
	card := staff.Get(t, loc)
	if card.StatusCode != http.StatusOK || !strings.Contains(card.Body, "Latgales Laiks") || !strings.Contains(card.Body, "Kad sāksies būvdarbi?") {
		t.Fatalf("card: %d\n%s", card.StatusCode, card.Body)
	}
	// The journalist's card in the directory says they asked.
	if c := staff.Get(t, "/contacts/"+strconv.FormatInt(journalist, 10)); !strings.Contains(c.Body, "Lūdza interviju") ||
		!strings.Contains(c.Body, `href="`+loc+`"`) {
		t.Fatalf("the journalist's card lacks the request:\n%s", c.Body)
	}

	// Scheduled without a time: refused beside the date, and nothing saved.
	edit := staff.Get(t, loc+"/edit")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit.Body)
	if edit.StatusCode != http.StatusOK || version == nil || !strings.Contains(edit.Body, `value="01.02.2020."`) {
		t.Fatalf("edit: %d\n%s", edit.StatusCode, edit.Body)
	}
	form.Del("idem")
	form.Set("version", version[1])
	form.Set("status", "scheduled")
	if res := staff.PostForm(t, loc+"/edit", form); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet norunāto datumu un laiku") || !strings.Contains(res.Body, topic) {
		t.Fatalf("scheduled without a time: %d", res.StatusCode)
	}
	form.Set("agreed_date", "15.03.2027.")
	form.Set("agreed_time", "14:30")
	form.Set("agreed_minutes", "45")
	form.Set("talking_points", "Būvdarbi sāksies pavasarī.")
	if res := staff.PostForm(t, loc+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("scheduled: %d\n%s", res.StatusCode, res.Body)
	}
	card = staff.Get(t, loc)
	if !strings.Contains(card.Body, "15.03.2027. 14:30") || !strings.Contains(card.Body, "45 min.") || strings.Contains(card.Body, "Termiņš nokavēts") ||
		!strings.Contains(card.Body, "Mainīts statuss") {
		t.Fatalf("the scheduled card:\n%s", card.Body)
	}
	ics := staff.Get(t, "/press/events/calendar.ics")
	if !strings.Contains(ics.Body, "UID:press-interview-"+m[1]+"@") || !strings.Contains(ics.Body, "DTSTART:20270315T123000Z") {
		t.Fatalf("the calendar lacks the interview:\n%s", ics.Body)
	}

	// Another official: the first one's card no longer lists the request.
	other := contactstest.NewPerson(t, srv.Pool, "Inga", fmt.Sprintf("Vietniece%d", n))
	form.Set("official_id", strconv.FormatInt(other, 10))
	form.Set("version", strconv.Itoa(mustAtoi(t, version[1])+1))
	if res := staff.PostForm(t, loc+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another official: %d\n%s", res.StatusCode, res.Body)
	}
	if c := staff.Get(t, "/contacts/"+strconv.FormatInt(official, 10)); strings.Contains(c.Body, `href="`+loc+`"`) {
		t.Fatal("the first official's card still lists the request")
	}
	if c := staff.Get(t, "/contacts/"+strconv.FormatInt(other, 10)); !strings.Contains(c.Body, "Lūgts sniegt interviju") {
		t.Fatal("the new official's card lacks the request")
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInterviewsExportNeutralisesFormulasAndIsAudited(t *testing.T) {
	srv := apptest.New(t)
	topic := fmt.Sprintf("=HYPERLINK(\"http://x\") %d", serial.Add(1))
	presstest.AddInterview(t, srv.Pool, press.Interview{Topic: topic})
	staff := srv.Client(t, "staff")
	res := staff.Get(t, "/press/interviews/export.csv")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"'=HYPERLINK`) {
		t.Fatalf("the CSV: %d, formula neutralised: %v", res.StatusCode, strings.Contains(res.Body, `"'=HYPERLINK`))
	}
	if x := staff.Get(t, "/press/interviews/export.xlsx?which=closed"); x.StatusCode != http.StatusOK {
		t.Errorf("the spreadsheet: %d", x.StatusCode)
	}
	var n int
	if err := srv.Pool.QueryRow(t.Context(), `select count(*) from audit_log where entity = 'press_interview' and action = 'export'`).Scan(&n); err != nil || n < 2 {
		t.Errorf("exports audited: %d %v", n, err)
	}
}
