package reports_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
	"github.com/daugavpils/prdesk/internal/reports"
)

// reportMails are the mails queued about report id: "to|subject|body".
func reportMails(t *testing.T, srv *apptest.Server, id int64) []string {
	t.Helper()
	rows, _ := srv.Pool.Query(context.Background(), `select to_address || '|' || subject || '|' || body_text from mail_outbox
		where entity = 'department_report' and entity_id = $1 order by id`, strconv.FormatInt(id, 10))
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// The head prepares last week's report, PR Desk fills in the figures and
// the notable items, the head writes and submits it, the director is
// told, comments on a section and marks it read, the head answers; the
// submitted report keeps its items as they were. Week 9–15 March 2043:
// a year no other test of the package writes in.
func TestPeriodicReportJourney(t *testing.T) {
	srv := apptest.New(t)
	pool := srv.Pool

	// Late: one answered after its due date, one not answered past it;
	// one answered in time is not late.
	lateOpen := petitionstest.Insert(t, pool, petitionstest.Row{Name: "Anna Gaidītāja", Received: riga(2043, 2, 20, 10), Due: civil(2043, 3, 11),
		State: petitions.InProgress})
	lateAnswered := petitionstest.Insert(t, pool, petitionstest.Row{Name: "Pēteris Vēlais", Received: riga(2043, 2, 19, 10), Due: civil(2043, 3, 10),
		Answered: civil(2043, 3, 12), State: petitions.Answered})
	onTime := petitionstest.Insert(t, pool, petitionstest.Row{Name: "Rūta Laicīgā", Received: riga(2043, 2, 18, 10), Due: civil(2043, 3, 12),
		Answered: civil(2043, 3, 11), State: petitions.Answered})
	// Forwarded: one after its forwarding term, one within it.
	fwdLate := petitionstest.Insert(t, pool, petitionstest.Row{Name: "Inese Pārsūtītā", Received: riga(2043, 3, 2, 10), Forward: civil(2043, 3, 9),
		Forwarded: riga(2043, 3, 11, 14), State: petitions.Forwarded})
	fwdOnTime := petitionstest.Insert(t, pool, petitionstest.Row{Name: "Guntis Laicīgais", Received: riga(2043, 3, 3, 10), Forward: civil(2043, 3, 10),
		Forwarded: riga(2043, 3, 10, 9), State: petitions.Forwarded})
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{PublishedAt: riga(2043, 3, 10, 12), Tone: monitoring.Negative,
		Title: "Kritika par tilta remontu"})
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{PublishedAt: riga(2043, 3, 11, 12), Tone: monitoring.Positive,
		Title: "Uzslava par parku"})
	delegationstest.AddDelegation(t, pool, delegations.Delegation{Title: "Viļņas delegācijas vizīte", StartsOn: civil(2043, 3, 18),
		EndsOn: civil(2043, 3, 19)})
	delegationstest.AddDelegation(t, pool, delegations.Delegation{Title: "Atceltā vizīte", StartsOn: civil(2043, 3, 18),
		EndsOn: civil(2043, 3, 18), Status: delegations.Cancelled})
	presstest.AddEvent(t, pool, press.Event{Title: "Preses konference par parku", StartsAt: riga(2043, 3, 19, 10),
		EndsAt: riga(2043, 3, 19, 11)})

	srv.Clock.Set(t, riga(2043, 3, 16, 10)) // Monday
	head, director, staff := srv.Client(t, "head"), srv.Client(t, "director"), srv.Client(t, "staff")

	list := head.Get(t, "/reports/periodic")
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, "09.03.2043.–15.03.2043.") {
		t.Fatalf("the archive: %d", list.StatusCode)
	}
	if res := director.PostForm(t, "/reports/periodic", url.Values{"kind": {"weekly"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the director prepares a report: %d", res.StatusCode)
	}
	if res := staff.Get(t, "/reports/periodic"); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff open the reports: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/reports/periodic", url.Values{"kind": {"decade"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Izvēlieties nedēļas vai mēneša pārskatu") {
		t.Errorf("an unknown kind: %d", res.StatusCode)
	}
	res := head.PostForm(t, "/reports/periodic", url.Values{"kind": {"weekly"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/reports/periodic/") {
		t.Fatalf("prepare: %d %q", res.StatusCode, loc)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/reports/periodic/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if again := head.PostForm(t, "/reports/periodic", url.Values{"kind": {"weekly"}}); again.Header.Get("Location") != loc {
		t.Errorf("prepared twice: %q", again.Header.Get("Location"))
	}

	// The draft: PR Desk's figures and notable items; the director does
	// not see it in the archive yet.
	page := head.Get(t, loc).Body
	for _, want := range []string{"Nedēļas pārskats: 09.03.2043.–15.03.2043.", lateOpen.Number, lateAnswered.Number,
		"Kritika par tilta remontu", "Viļņas delegācijas vizīte", "Preses konference par parku", `data-testid="panel-petitions"`,
		`data-testid="texts"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the draft does not show %q", want)
		}
	}
	_, fwd, _ := strings.Cut(page, `data-testid="notable-forward_late"`)
	fwd, _, _ = strings.Cut(fwd, "</table>")
	if !strings.Contains(fwd, fwdLate.Number) ||
		!strings.Contains(fwd, "09.03.2043.") || !strings.Contains(fwd, "11.03.2043.") || strings.Contains(fwd, fwdOnTime.Number) {
		t.Errorf("the late forwarding: %s", fwd)
	}
	for _, not := range []string{onTime.Number, fwdOnTime.Number, "Uzslava par parku", "Atceltā vizīte", "Anna Gaidītāja", "Inese Pārsūtītā"} {
		if strings.Contains(page, not) {
			t.Errorf("the draft shows %q", not)
		}
	}
	if strings.Contains(director.Get(t, "/reports/periodic").Body, loc) {
		t.Error("the director's archive lists the draft")
	}
	for _, path := range []string{loc, loc + ".pdf", loc + ".xlsx"} {
		if res := director.Get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("the director opens the draft at %s: %d", path, res.StatusCode)
		}
	}

	// Submitting without highlights is refused beside the field, and
	// what was typed comes back; a stale form is refused.
	res = head.PostForm(t, loc+"/submit", url.Values{"version": {"1"}, "problems": {"Kavējas divas atbildes."}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Lai iesniegtu pārskatu, uzrakstiet svarīgāko") ||
		!strings.Contains(res.Body, "Kavējas divas atbildes.") {
		t.Fatalf("submit without highlights: %d", res.StatusCode)
	}
	texts := url.Values{"version": {"1"}, "highlights": {"Atklājām parku."}, "problems": {"Kavējas divas atbildes."},
		"plans": {"Sagatavot preses konferenci."}}
	if res := head.PostForm(t, loc, texts); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if res := head.PostForm(t, loc, texts); res.StatusCode != http.StatusConflict {
		t.Errorf("a stale form: %d", res.StatusCode)
	}
	texts.Set("version", "2")
	texts.Set("highlights", "Atklājām parku un tiltu.")
	if res := head.PostForm(t, loc+"/submit", texts); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	mails := reportMails(t, srv, id)
	// The mail has the figures and the link; the head's words stay on the page.
	if len(mails) != 1 || !strings.HasPrefix(mails[0], "sergejs.ivanovs@daugavpils.lv|Pārskats izpilddirektoram: Nedēļas pārskats") ||
		!strings.Contains(mails[0], "Saņemti iesniegumi: ") || strings.Contains(mails[0], "Atklājām parku") || !strings.Contains(mails[0], loc) {
		t.Fatalf("the director's mail: %q", mails)
	}
	// An edit after submission changes nothing and says so.
	res = head.PostForm(t, loc, url.Values{"version": {"3"}, "highlights": {"Vēlāk"}})
	if res.StatusCode != http.StatusSeeOther || strings.Contains(head.Get(t, loc).Body, "Vēlāk") {
		t.Errorf("an edit after submission: %d", res.StatusCode)
	}

	// Kept as submitted: a clipping judged negative afterwards is not in it.
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{PublishedAt: riga(2043, 3, 12, 12), Tone: monitoring.Negative,
		Title: "Vēlāk atrasta kritika"})
	page = director.Get(t, loc).Body
	if !strings.Contains(page, "Kritika par tilta remontu") || strings.Contains(page, "Vēlāk atrasta kritika") ||
		!strings.Contains(page, "Iesniedza Inese Kalniņa") || !strings.Contains(page, "Atzīmēt kā izlasītu") {
		t.Error("the director's page is not the report as submitted")
	}
	if !strings.Contains(director.Get(t, "/reports/periodic").Body, loc) {
		t.Error("the director's archive does not list the submitted report")
	}

	// The director comments on a section: an empty comment is refused
	// beside its field; the head is told, and answers.
	res = director.PostForm(t, loc+"/comments", url.Values{"section": {"figures:petitions"}, "body": {"  "}, "key": {"komentars-1-abcdefgh"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="comment-figures-petitions-error"`) ||
		!strings.Contains(res.Body, `href="#comment-figures-petitions"`) {
		t.Errorf("an empty comment: %d", res.StatusCode)
	}
	if res := director.PostForm(t, loc+"/comments", url.Values{"section": {"figures:nowhere"}, "body": {"Kas?"}, "key": {"komentars-2-abcdefgh"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a comment on no section: %d", res.StatusCode)
	}
	if res := director.PostForm(t, loc+"/comments", url.Values{"section": {"figures:petitions"}, "body": {"Kāpēc atbildes kavējas?"}, "key": {"komentars-3-abcdefgh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", res.StatusCode)
	}
	if res := head.PostForm(t, loc+"/comments", url.Values{"section": {"figures:petitions"}, "body": {"Izpildītājs bija slims."}, "key": {"komentars-4-abcdefgh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	// The same form again (a double click) adds nothing and mails no one.
	if res := head.PostForm(t, loc+"/comments", url.Values{"section": {"figures:petitions"}, "body": {"Izpildītājs bija slims."}, "key": {"komentars-4-abcdefgh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the answer again: %d", res.StatusCode)
	}
	mails = reportMails(t, srv, id)
	if len(mails) != 3 || !strings.HasPrefix(mails[1], "inese.kalnina@daugavpils.lv|Jauns komentārs") ||
		!strings.HasPrefix(mails[2], "sergejs.ivanovs@daugavpils.lv|Jauns komentārs") || strings.Contains(mails[1], "kavējas?") {
		t.Errorf("the comments' mails: %q", mails)
	}
	page = head.Get(t, loc).Body
	if !strings.Contains(page, "Kāpēc atbildes kavējas?") || strings.Count(page, "Izpildītājs bija slims.") != 1 {
		t.Error("the head does not see the comments once each")
	}

	// Read: once, by the director only.
	if res := head.PostForm(t, loc+"/read", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("the head marks it read: %d", res.StatusCode)
	}
	if res := director.PostForm(t, loc+"/read", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("read: %d", res.StatusCode)
	}
	page = director.Get(t, loc).Body
	if !strings.Contains(page, "Izlasīja Sergejs Ivanovs") || strings.Contains(page, "Atzīmēt kā izlasītu") {
		t.Error("the report is not shown as read")
	}

	// The PDF in Latvian letters, with the head's words, the items and the comments.
	pdf := director.Get(t, loc+".pdf")
	if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}
	text := pdftest.Text(t, []byte(pdf.Body))
	for _, want := range []string{"Nedēļas pārskats: 09.03.2043.–15.03.2043.", "Atklājām parku un tiltu.", lateOpen.Number,
		"Kritika par tilta remontu", "Viļņas delegācijas vizīte", "Kāpēc atbildes kavējas?", "Saņemti iesniegumi"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}

	// The spreadsheet: a row a figure, the values as numbers.
	x := director.Get(t, loc+".xlsx")
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) == 5 && r[1] == "Saņemti iesniegumi" {
			found = true
		}
	}
	if !found {
		t.Errorf("the spreadsheet has no row of the submissions received: %q", rows)
	}

	// The audit log names the report and what was done, never the words.
	var leaked int
	if err := pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'department_report' and entity_id = $1
		and (summary like '%parku%' or summary like '%kavējas%' or summary like '%slims%')`, strconv.FormatInt(id, 10)).Scan(&leaked); err != nil {
		t.Fatal(err)
	}
	if leaked != 0 {
		t.Errorf("%d audit entries hold what was written", leaked)
	}
}

// A report kept before a figure was counted shows that figure as "—" and
// each of its own under its name, wherever the figure list moved since.
func TestPeriodicReportKeptBeforeAFigure(t *testing.T) {
	srv := apptest.New(t)
	content := `{"Panels": [{"Area": "visitors",
		"Keys": ["visitors_bookings", "visitors_visits", "visitors_received", "visitors_no_shows", "visitors_left", "visitors_officials"],
		"Values": [[7, 11, 3, 2, 1, 4], [5, 9, 3, 1, 0, 2], [1, 2, 0, 0, 0, 1]]}], "Notable": []}`
	var id int64
	if err := srv.Pool.QueryRow(context.Background(), `insert into department_reports (kind, period_start, period_end, status, content,
			submitted_at, highlights, created_at, updated_at)
		values ('monthly', '2045-01-01', '2045-01-31', 'submitted', $1, now(), 'Janvāris.', now(), now()) returning id`, content).Scan(&id); err != nil {
		t.Fatal(err)
	}
	page := srv.Client(t, "director").Get(t, "/reports/periodic/"+strconv.FormatInt(id, 10)).Body
	for _, c := range []struct{ key, col, want string }{
		{"visitors_visits", "cur", "11"}, {"visitors_bookings", "cur", "7"}, {"visitors_visits", "prev", "9"},
		{"visitors_hours_held", "cur", "—"},
	} {
		if got := figure(t, page, c.key, c.col); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.key, c.col, got, c.want)
		}
	}
}

// The morning job prepares last week's and last month's drafts once and
// tells the heads; run again it makes nothing.
func TestPeriodicReportSchedule(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, riga(2044, 6, 1, 8)) // a Wednesday, the first of June
	d := reports.Deps{Pool: srv.Pool, Now: srv.Clock.Now, BaseURL: "https://prdesk.example.lv"}
	n, err := reports.PrepareDue(context.Background(), d, srv.App.Jobs())
	if err != nil || n != 2 {
		t.Fatalf("first run: %d %v", n, err)
	}
	if n, err := reports.PrepareDue(context.Background(), d, srv.App.Jobs()); err != nil || n != 0 {
		t.Fatalf("second run: %d %v", n, err)
	}
	var ids []int64
	rows, _ := srv.Pool.Query(context.Background(), `select id from department_reports where period_start in ('2044-05-01', '2044-05-23')
		order by kind`)
	ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) != 2 {
		t.Fatalf("drafts: %v %v", ids, err)
	}
	monthly := reportMails(t, srv, ids[0])
	if len(monthly) != 1 || !strings.HasPrefix(monthly[0], "inese.kalnina@daugavpils.lv|Sagatavots melnraksts: Mēneša pārskats: 2044. gada maijs") ||
		!strings.Contains(monthly[0], "https://prdesk.example.lv/reports/periodic/"+strconv.FormatInt(ids[0], 10)) {
		t.Errorf("the head's mail: %q", monthly)
	}
}

// TestSubmittedReportMailCarriesThePDF: the director's mail of a submitted
// report goes over SMTP with the report's PDF attached, under its
// download's name and with its title and the head's words inside, while
// the mail's text keeps to the figures; it goes once. Week 4–10 March
// 2047: a year no other test of the package writes in.
func TestSubmittedReportMailCarriesThePDF(t *testing.T) {
	smtpSrv := mailtest.Start(t, mailtest.Options{})
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.SMTPURL = smtpSrv.URL() })
	ctx := context.Background()
	srv.Clock.Set(t, riga(2047, 3, 11, 9)) // Monday
	head := srv.Client(t, "head")
	res := head.PostForm(t, "/reports/periodic", url.Values{"kind": {"weekly"}})
	loc := res.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/reports/periodic/"), 10, 64)
	if res.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("prepare: %d %q", res.StatusCode, loc)
	}
	texts := url.Values{"version": {"1"}, "highlights": {"Atklājām Vienības laukumu."}, "problems": {"Kavējas tāmes."}}
	if res := head.PostForm(t, loc+"/submit", texts); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	work := func() {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := jobs.WorkDue(wctx, srv.App.Jobs(), mail.Queue); err != nil {
			t.Fatal(err)
		}
	}
	work()
	work() // a second run sends nothing again

	const title = "Nedēļas pārskats: 04.03.2047.–10.03.2047."
	var got []mailtest.Message
	for _, m := range smtpSrv.To("sergejs.ivanovs@daugavpils.lv") {
		if strings.Contains(m.Subject, title) {
			got = append(got, m)
		}
	}
	if len(got) != 1 {
		t.Fatalf("the director received %d mails of the report, want 1", len(got))
	}
	m := got[0]
	if !strings.Contains(m.Body, "Saņemti iesniegumi: ") || !strings.Contains(m.Body, loc) || strings.Contains(m.Body, "Vienības laukumu") {
		t.Errorf("the mail's text:\n%s", m.Body)
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("%d attachments, want the PDF", len(m.Attachments))
	}
	a := m.Attachments[0]
	if a.Name != "parskats-nedela-2047-03-04.pdf" || a.ContentType != "application/pdf" {
		t.Errorf("attachment %q (%s)", a.Name, a.ContentType)
	}
	text := pdftest.Text(t, a.Content)
	for _, want := range []string{title, "Atklājām Vienības laukumu.", "Kavējas tāmes.", "Iesniedza Inese Kalniņa", "Saņemti iesniegumi"} {
		if !strings.Contains(text, want) {
			t.Errorf("the attached PDF lacks %q", want)
		}
	}
	// Sent: the outbox keeps the file's name and size, not its bytes.
	var outboxID int64
	if err := srv.Pool.QueryRow(ctx, `select id from mail_outbox where entity = 'department_report' and entity_id = $1
		and to_address = 'sergejs.ivanovs@daugavpils.lv'`, strconv.FormatInt(id, 10)).Scan(&outboxID); err != nil {
		t.Fatal(err)
	}
	kept, err := mail.Attachments(ctx, srv.Pool, outboxID)
	if err != nil || len(kept) != 1 || kept[0].Content != nil || kept[0].Size != len(a.Content) {
		t.Errorf("the outbox keeps %+v (%v)", kept, err)
	}
}

var archiveNextRe = regexp.MustCompile(`<a href="([^"]*)" rel="next"`)

// The archive pages by keyset, the latest reports first: the first page
// holds ReportArchivePage of them and links to the older ones, which
// follow without a report twice or one left out; a draft is on the head's
// pages only, and the director's pages are as long. Weeks of 2100: later
// than any other test's reports, so they lead the archive.
func TestPeriodicArchivePages(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	const n = reports.ReportArchivePage + 8
	first := civil(2100, 1, 4) // a Monday
	var ids []int64            // the newest first
	for i := n - 1; i >= 0; i-- {
		start := first.AddDate(0, 0, 7*i)
		status, content, submitted := "submitted", `{"Panels": [], "Notable": []}`, "now()"
		if i == n-3 {
			status, content, submitted = "draft", "", "null"
		}
		var id int64
		if err := srv.Pool.QueryRow(ctx, `insert into department_reports (kind, period_start, period_end, status, content,
				submitted_at, created_at, updated_at)
			values ('weekly', $1, $2, $3, nullif($4, '')::jsonb, `+submitted+`, now(), now()) returning id`,
			start, start.AddDate(0, 0, 6), status, content).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	draft := ids[2]
	// January 2100 ends on Sunday the 31st with its last week: the month
	// comes after that week, before the week ending on the 24th.
	var month int64
	if err := srv.Pool.QueryRow(ctx, `insert into department_reports (kind, period_start, period_end, status, content,
			submitted_at, created_at, updated_at)
		values ('monthly', '2100-01-01', '2100-01-31', 'submitted', '{"Panels": [], "Notable": []}', now(), now(), now()) returning id`).
		Scan(&month); err != nil {
		t.Fatal(err)
	}
	ids = slices.Insert(ids, n-3, month) // after the week of 25–31 January, ids[n-4]
	link := func(id int64) string { return `href="/reports/periodic/` + strconv.FormatInt(id, 10) + `"` }

	for _, who := range []string{"head", "director"} {
		c := srv.Client(t, who)
		var want []int64
		for _, id := range ids {
			if who == "head" || id != draft {
				want = append(want, id)
			}
		}
		res := c.Get(t, "/reports/periodic")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: the archive: %d", who, res.StatusCode)
		}
		// The first page: the newest ReportArchivePage, in order.
		at := -1
		for i, id := range want[:reports.ReportArchivePage] {
			k := strings.Index(res.Body, link(id))
			if k < 0 || k < at {
				t.Fatalf("%s: report %d (%d.) is not on the first page in its place", who, id, i+1)
			}
			at = k
		}
		for _, id := range want[reports.ReportArchivePage:] {
			if strings.Contains(res.Body, link(id)) {
				t.Errorf("%s: report %d is on the first page", who, id)
			}
		}
		if who == "director" && strings.Contains(res.Body, link(draft)) {
			t.Errorf("the director's archive lists the draft")
		}
		if strings.Contains(res.Body, "Pirmā lapa") {
			t.Errorf("%s: the first page links to the first page", who)
		}
		m := archiveNextRe.FindStringSubmatch(res.Body)
		if m == nil {
			t.Fatalf("%s: the first page has no link to the older reports", who)
		}
		// The next page: the rest, then older reports of other tests.
		res = c.Get(t, html.UnescapeString(m[1]))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `href="/reports/periodic"`) {
			t.Fatalf("%s: the second page: %d, or no link to the first", who, res.StatusCode)
		}
		at = -1
		for _, id := range want[reports.ReportArchivePage:] {
			k := strings.Index(res.Body, link(id))
			if k < 0 || k < at {
				t.Errorf("%s: report %d is not on the second page in its place", who, id)
			}
			at = k
		}
		for _, id := range want[:reports.ReportArchivePage] {
			if strings.Contains(res.Body, link(id)) {
				t.Errorf("%s: report %d is on both pages", who, id)
			}
		}
	}
	for _, bad := range []string{"x", "2100-01-01.yearly.1", "2100-13-01.weekly.1", "2100-01-01.weekly.0"} {
		if res := srv.Client(t, "head").Get(t, "/reports/periodic?after="+url.QueryEscape(bad)); res.StatusCode != http.StatusBadRequest {
			t.Errorf("cursor %q: %d", bad, res.StatusCode)
		}
	}
}
