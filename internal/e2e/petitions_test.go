package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The person of the journey's submission. The Latvian letters are the
// point: they must come through the form, the database and the mail intact.
const (
	petPerson  = "Līga Ozoliņa"
	petEmail   = "liga.ozolina.e2e@example.lv"
	petSubject = "Nedeg laternas Ūdens ielā pie skolas"
	petSummary = "Trīs laternas nedeg jau nedēļu; bērni iet uz skolu tumsā."
	petScan    = "iesniegums-Ozoliņa.pdf"
	petResolve = "Lūdzu sagatavot atbildi un sazināties ar SIA „Gaismas tīkli”."
	petAnswerN = "SAM/2026/E2E-1"
	petAnswer  = "Laternas Ūdens ielā salabotas; paldies par ziņu!"
)

// petitionsJourney walks a submission's life as the issue describes it:
// the clerk registers it with a scan and sends it on, the chair writes the
// resolution, the staff member registers the answer, the public status page
// shows it answered, and the acknowledgement and the answer notice reach a
// real SMTP server. Axe checks the registry's pages on the way.
//
// It runs on an app of its own that sends mail over SMTP, and it must not
// run beside another journey that works the mail queue: every app of this
// package shares one database, so one app's job client would send the
// other's mail to its own SMTP server.
func petitionsJourney(t *testing.T, b *browser) {
	mailSrv := mailtest.Start(t, mailtest.Options{})
	srv := apptest.NewWithConfig(t, func(c *app.Config) {
		c.SMTPURL = mailSrv.URL()
		c.Demo = false
	})
	// Noon of today: the dates the pages offer and show are the clock's,
	// whatever the hour the journey runs at.
	now := petitionstest.Noon(time.Now())
	srv.Clock.Set(t, now)
	petCase := petitionstest.Case(t, srv.Pool, petitionstest.CaseSpec{
		Title: "Iesniegumi par pašvaldības pakalpojumiem un infrastruktūru"}).CaseIndex
	dir := t.TempDir()
	scan := filepath.Join(dir, petScan)
	if err := os.WriteFile(scan, petPDF("Iesniegums: "+petSubject), 0o644); err != nil {
		t.Fatal(err)
	}
	wrong := filepath.Join(dir, "piezimes.txt")
	if err := os.WriteFile(wrong, []byte("tikai teksts, ne skenējums\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	var id int64
	var number, code string
	ok := t.Run("clerk registers and sends it for resolution", func(t *testing.T) {
		tb := petTab(t, b, srv)
		tb.signInAs("clerk")
		tb.open("/petitions/new")
		petAxe(tb, "the empty registration form")

		// A first try with nothing filled in and a text file as the scan.
		tb.do("attach a text file", chromedp.SetUploadFiles(chromedp.CSS("#scans"), []string{wrong}))
		tb.clickAndLoad(`form[action="/petitions/new"] button[type=submit]`)
		if p := tb.path(); p != "/petitions/new" {
			t.Fatalf("an incomplete form led to %s, want it shown again", p)
		}
		errs := eval[[]string](tb, "error summary", `[...document.querySelectorAll('.error-summary a')].map(a => a.getAttribute('href'))`)
		for _, f := range []string{"#person_name", "#subject", "#reply_channel", "#case_id", "#scans"} {
			if !slices.Contains(errs, f) {
				t.Errorf("the error summary lacks %s (has %v)", f, errs)
			}
		}
		if got := tb.text("#scans-error"); !strings.Contains(got, "piezimes.txt") {
			t.Errorf("the scan's error %q does not name the file", got)
		}
		petAxe(tb, "the registration form with errors")

		// Filled in but for the subject, with a valid scan: the scan is
		// kept on the server and shown as attached, not chosen again.
		tb.do("fill in the form",
			chromedp.SendKeys(chromedp.CSS("#person_name"), petPerson),
			chromedp.SendKeys(chromedp.CSS("#person_email"), petEmail),
			chromedp.SendKeys(chromedp.CSS("#person_address"), "Ūdens iela 7-12, Daugavpils"),
			chromedp.SetValue(chromedp.CSS("#reply_channel"), "email"),
			chromedp.SendKeys(chromedp.CSS("#summary"), petSummary),
			chromedp.SetUploadFiles(chromedp.CSS("#scans"), []string{scan}),
		)
		petChoose(tb, "#case_id", petCase+" ")
		petChoose(tb, "#addressee_id", "Valdis Liepiņš")
		tb.clickAndLoad(`form[action="/petitions/new"] button[type=submit]`)
		if got := tb.text("[data-testid=held-scans] .file-name"); got != petScan {
			t.Fatalf("the kept scan reads %q, want %q", got, petScan)
		}
		petAxe(tb, "the registration form with a kept scan")
		tb.do("write the subject", chromedp.SendKeys(chromedp.CSS("#subject"), petSubject))
		tb.clickAndLoad(`form[action="/petitions/new"] button[type=submit]`)

		m := regexp.MustCompile(`^/petitions/(\d+)$`).FindStringSubmatch(tb.path())
		if m == nil {
			t.Fatalf("registering led to %s, want the card; the page says: %s", tb.path(), tb.text("main"))
		}
		id, _ = strconv.ParseInt(m[1], 10, 64)
		number = tb.text("[data-testid=reg-number]")
		// The check code the person needs for /status, read off the card
		// as the desk would read it to them.
		code = tb.text("[data-testid=check-code]")
		if !regexp.MustCompile(`^` + regexp.QuoteMeta(petCase) + `/\d{4}/\d+$`).MatchString(number) {
			t.Errorf("registration number %q, want %s/<year>/<sequence>", number, petCase)
		}
		if flash := tb.text(".flash"); !strings.Contains(flash, number) {
			t.Errorf("the flash %q does not give the number %s", flash, number)
		}
		if got := tb.text("[data-testid=scans] li a"); got != petScan {
			t.Errorf("the card's scan is %q, want %q", got, petScan)
		}
		// The scan opens in the browser as the PDF it is.
		typ := eval[string](tb, "fetch the scan",
			`fetch(document.querySelector('[data-testid=scans] li a').href).then(r => r.status + ' ' + r.headers.get('content-type'))`,
			chromedp.EvalAwaitPromise)
		if typ != "200 application/pdf" {
			t.Errorf("the scan answers %q, want 200 application/pdf", typ)
		}

		tb.clickAndLoad(`form[data-action=send] button[type=submit]`)
		if got := tb.text("[data-testid=state]"); got != "Gaida rezolūciju" {
			t.Errorf("after sending it on the state is %q, want Gaida rezolūciju", got)
		}
	})
	if !ok {
		return
	}
	cardPath := "/petitions/" + strconv.FormatInt(id, 10)

	ok = t.Run("chair writes the resolution", func(t *testing.T) {
		tb := petTab(t, b, srv)
		tb.signInAs("chair")
		tb.open("/petitions/resolutions")
		petAxe(tb, "the resolution queue")
		petFollow(tb, cardPath)

		// The chair's resolution comes first on the card, open.
		petAxe(tb, "the card with the resolution first")
		due := run(tb, "executor's due date", chromedp.Value(chromedp.CSS("#exec_due")))
		var legal time.Time
		if err := srv.Pool.QueryRow(t.Context(), `select legal_due_date from petitions where id = $1`, id).Scan(&legal); err != nil {
			t.Fatal(err)
		}
		if due != i18n.Date(legal) {
			t.Errorf("the due date offered is %q, want the legal one, %s", due, i18n.Date(legal))
		}
		tb.do("write the resolution", chromedp.SendKeys(chromedp.CSS("#resolution"), petResolve))
		staff := eval[string](tb, "the staff member's checkbox", `(() => {
			const l = [...document.querySelectorAll('[data-testid=resolve-first] label.checkbox')]
				.find(l => l.textContent.trim() === 'Mārtiņš Bērziņš');
			return l ? l.htmlFor : '';
		})()`)
		if staff == "" {
			t.Fatal("the resolution form offers no executor named Mārtiņš Bērziņš")
		}
		tb.do("name the executor", chromedp.Click(chromedp.ID(staff), chromedp.NodeVisible))
		tb.clickAndLoad(`[data-testid=resolve-first] button[type=submit]`)
		// Saved, the next submission in the chair's queue opens, or the queue.
		if flash := tb.text(".flash"); !strings.Contains(flash, "Rezolūcija saglabāta") {
			t.Errorf("after the resolution the page at %s says %q", tb.path(), flash)
		}
		tb.open(cardPath)
		if got := tb.text("[data-testid=state]"); got != "Izpildē" {
			t.Fatalf("after the resolution the state is %q, want Izpildē; the page says: %s", got, tb.text("main"))
		}
		res := tb.text("[data-testid=resolution]")
		for _, want := range []string{petResolve, "Mārtiņš Bērziņš", due, "Valdis Liepiņš"} {
			if !strings.Contains(res, want) {
				t.Errorf("the card's resolution lacks %q:\n%s", want, res)
			}
		}
	})
	if !ok {
		return
	}

	ok = t.Run("staff member registers the answer", func(t *testing.T) {
		tb := petTab(t, b, srv)
		tb.signInAs("staff")
		tb.open("/petitions")
		petAxe(tb, "the registry list")
		tb.open("/petitions/assigned")
		petFollow(tb, cardPath)

		// Every step's form, opened, as a keyboard or screen reader user
		// would come across it.
		eval[chromedp.Void](tb, "open every form", `document.querySelectorAll('details').forEach(d => d.open = true)`)
		petAxe(tb, "the card with its action forms")

		tb.do("fill in the answer",
			chromedp.SendKeys(chromedp.CSS("#answer_number"), petAnswerN),
			chromedp.SetValue(chromedp.CSS("#answer_channel"), "email"),
			chromedp.SendKeys(chromedp.CSS("#answer_text"), petAnswer),
		)
		if got := run(tb, "answer date", chromedp.Value(chromedp.CSS("#answer_date"))); got != i18n.Date(now) {
			t.Errorf("the answer date offered is %q, want today", got)
		}
		tb.clickAndLoad(`details[data-action=answer] button[type=submit]`)
		if got := tb.text("[data-testid=state]"); got != "Atbildēts" {
			t.Fatalf("after the answer the state is %q, want Atbildēts; the page says: %s", got, tb.text("main"))
		}
		ans := tb.text("[data-testid=answer]")
		for _, want := range []string{petAnswerN, petAnswer, "Mārtiņš Bērziņš"} {
			if !strings.Contains(ans, want) {
				t.Errorf("the card's answer lacks %q:\n%s", want, ans)
			}
		}
	})
	if !ok {
		return
	}

	ok = t.Run("status page shows it answered", func(t *testing.T) {
		tb := petTab(t, b, srv)
		tb.open("/status")
		if p := tb.path(); p != "/status" {
			t.Fatalf("the status page sent a visitor to %s", p)
		}
		petAxe(tb, "the status page")
		tb.do("look it up",
			chromedp.SendKeys(chromedp.CSS("#number"), number),
			// Typed as a person might copy it: lower case.
			chromedp.SendKeys(chromedp.CSS("#code"), strings.ToLower(code)),
		)
		tb.clickAndLoad(`form[action="/status"] button[type=submit]`)
		found := tb.text("[data-testid=found]")
		for _, want := range []string{number, "Atbildēts", i18n.Date(now)} {
			if !strings.Contains(found, want) {
				t.Errorf("the status lacks %q:\n%s", want, found)
			}
		}
		// Nothing personal on a page anyone may open.
		page := tb.text("main")
		for _, secret := range []string{petPerson, petEmail, petSubject, petAnswer} {
			if strings.Contains(page, secret) {
				t.Errorf("the public status page shows %q", secret)
			}
		}
		petAxe(tb, "the status page with a result")
	})
	if !ok {
		return
	}

	t.Run("mail reaches the person", func(t *testing.T) {
		var code string
		if err := srv.Pool.QueryRow(t.Context(), `select check_code from petitions where id = $1`, id).Scan(&code); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		if err := jobs.WorkDue(ctx, srv.App.Jobs(), mail.Queue); err != nil {
			t.Fatalf("working the mail queue: %v", err)
		}
		got := mailSrv.To(petEmail)
		if len(got) != 2 {
			t.Fatalf("the SMTP server received %d mails for %s, want 2 (acknowledgement, answer notice); outbox: %s",
				len(got), petEmail, petOutbox(t, srv, id))
		}
		// Two workers send the mail queue, so the order of arrival is not fixed.
		bySubject := map[string]mailtest.Message{}
		for _, m := range got {
			bySubject[m.Subject] = m
		}
		ack, ok := bySubject["Jūsu iesniegums reģistrēts ar numuru "+number]
		if !ok {
			t.Errorf("no acknowledgement among %q", slices.Collect(maps.Keys(bySubject)))
		}
		answer, ok := bySubject["Atbilde uz iesniegumu "+number]
		if !ok {
			t.Errorf("no answer notice among %q", slices.Collect(maps.Keys(bySubject)))
		}
		// The greeting stands alone: the program never declines a name.
		for _, mail := range []string{ack.Body, answer.Body} {
			if !strings.HasPrefix(mail, "Labdien!\n") || strings.Contains(mail, petPerson) {
				t.Errorf("a mail greets the person by name, which would need the name declined:\n%s", mail)
			}
		}
		for _, want := range []string{number, code, "/status", "saņēma Jūsu iesniegumu"} {
			if !strings.Contains(ack.Body, want) {
				t.Errorf("the acknowledgement lacks %q:\n%s", want, ack.Body)
			}
		}
		for _, want := range []string{number, petAnswerN, petAnswer} {
			if !strings.Contains(answer.Body, want) {
				t.Errorf("the answer notice lacks %q:\n%s", want, answer.Body)
			}
		}
		for _, m := range got {
			if m.Header.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("%q lacks Auto-Submitted: auto-generated", m.Subject)
			}
		}
		// The card's record of the notices says what happened to them.
		var unsent int
		if err := srv.Pool.QueryRow(t.Context(), `select count(*) from petition_notices n
			join mail_outbox o on o.id = n.outbox_id
			where n.petition_id = $1 and o.status <> 'sent'`, id).Scan(&unsent); err != nil {
			t.Fatal(err)
		}
		if unsent > 0 {
			t.Errorf("%d of the submission's mailed notices are not marked sent: %s", unsent, petOutbox(t, srv, id))
		}
	})
}

// petTab is a tab with its own cookies on srv, which need not be the
// browser's app; it closes when t ends.
func petTab(t *testing.T, b *browser, srv *apptest.Server) *tab {
	t.Helper()
	return openTab(t, b, srv)
}

// petFollow follows the link to href on the page shown, failing at once
// (not at the tab's timeout) when there is none.
func petFollow(tb *tab, href string) {
	tb.t.Helper()
	sel := `main a[href="` + href + `"]`
	if !eval[bool](tb, "find "+href, `!!document.querySelector('`+sel+`')`) {
		tb.t.Fatalf("%s has no link to %s", tb.path(), href)
	}
	tb.clickAndLoad(sel)
	if p := tb.path(); p != href {
		tb.t.Fatalf("the link led to %s, want %s", p, href)
	}
}

// petChoose picks the option of the select sel whose label starts with
// label, as a person reading the list would.
func petChoose(tb *tab, sel, label string) {
	tb.t.Helper()
	value := eval[string](tb, "options of "+sel, fmt.Sprintf(`(() => {
		const o = [...document.querySelector(%q).options].find(o => o.text.trim().startsWith(%q));
		return o ? o.value : '';
	})()`, sel, label))
	if value == "" {
		tb.t.Fatalf("%s offers no %q", sel, label)
	}
	tb.do("choose "+label, chromedp.SetValue(chromedp.CSS(sel), value))
}

// petAxe runs axe-core's WCAG 2.1 AA rules on the page shown and reports
// each violation; the journey goes on, so one run finds them all.
func petAxe(tb *tab, name string) {
	tb.t.Helper()
	js, err := os.ReadFile(filepath.Join("..", "..", "testdata", "axe-core-4.14.1.min.js"))
	if err != nil {
		tb.t.Fatalf("axe-core: %v", err)
	}
	eval[chromedp.Void](tb, "load axe-core", string(js))
	res := eval[axeResult](tb, "axe.run", axeRun, chromedp.EvalAwaitPromise)
	if len(res.Incomplete) > 0 {
		tb.t.Logf("%s: axe could not decide (check by hand): %s", name, strings.Join(res.Incomplete, ", "))
	}
	if len(res.Violations) == 0 {
		return
	}
	var msg strings.Builder
	for _, v := range res.Violations {
		fmt.Fprintf(&msg, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&msg, "\n    at %s — %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
		}
	}
	tb.t.Errorf("%s (%s): %d WCAG 2.1 AA violations:%s", name, tb.path(), len(res.Violations), msg.String())
}

// petOutbox describes the submission's mail, for a failure message.
func petOutbox(t *testing.T, srv *apptest.Server, id int64) string {
	rows, err := mail.ForEntity(context.WithoutCancel(t.Context()), srv.Pool, "petition", id)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, o := range rows {
		fmt.Fprintf(&b, "\n  #%d to %s %q: %s after %d attempts %s", o.ID, o.ToAddress, o.Subject, o.Status, o.Attempts, o.LastError)
	}
	return b.String()
}

// petPDF is a small valid one-page PDF saying text (ASCII only).
func petPDF(text string) []byte {
	text = strings.Map(func(r rune) rune {
		if r > 126 || r == '(' || r == ')' || r == '\\' {
			return '?'
		}
		return r
	}, text)
	content := fmt.Sprintf("BT /F1 14 Tf 72 760 Td (%s) Tj ET", text)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
