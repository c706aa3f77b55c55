package petitions_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

type cardRow struct {
	State    string
	Version  int
	LegalDue time.Time
	Due      time.Time
	Extended bool
}

func cardLoad(t *testing.T, pool *pgxpool.Pool, id int64) cardRow {
	t.Helper()
	var r cardRow
	err := pool.QueryRow(context.Background(), `select state, version, legal_due_date, due_date, extended from petitions where id = $1`, id).
		Scan(&r.State, &r.Version, &r.LegalDue, &r.Due, &r.Extended)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cardStep posts one action with the submission's current version (plus fields).
func cardStep(t *testing.T, c *apptest.Client, pool *pgxpool.Pool, p *petitions.Petition, action string, fields url.Values) *apptest.Response {
	t.Helper()
	if fields == nil {
		fields = url.Values{}
	}
	if fields.Get("version") == "" {
		fields.Set("version", strconv.Itoa(cardLoad(t, pool, p.ID).Version))
	}
	return c.PostForm(t, cardPath(p)+"/"+action, fields)
}

func cardWant(t *testing.T, res *apptest.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		body := res.Body
		if len(body) > 3000 {
			body = body[:3000]
		}
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, body)
	}
}

func cardEvents(t *testing.T, pool *pgxpool.Pool, id int64, kind string) int {
	return cardCount(t, pool, `select count(*) from petition_events where petition_id = $1 and kind = $2`, id, kind)
}

func cardAudits(t *testing.T, pool *pgxpool.Pool, id int64, action string) int {
	return cardCount(t, pool, `select count(*) from audit_log where entity = 'petition' and entity_id = $1 and action = $2`,
		strconv.FormatInt(id, 10), action)
}

func TestSubmissionLifeOverHTTP(t *testing.T) {
	srv := server(t)
	pool := srv.Pool
	p := register(t, pool, petitionstest.Sub{Addressee: "chair", Reply: petitions.ReplyEmail})
	clerk, chair, staff := srv.Client(t, "clerk"), srv.Client(t, "chair"), srv.Client(t, "staff")
	staffID := petitionstest.UserID(t, pool, "staff")

	step := func(c *apptest.Client, action string, fields url.Values, state string) {
		t.Helper()
		cardWant(t, cardStep(t, c, pool, p, action, fields), http.StatusSeeOther)
		if got := cardLoad(t, pool, p.ID).State; got != state {
			t.Fatalf("after %s: state %s, want %s", action, got, state)
		}
		if cardEvents(t, pool, p.ID, action) != 1 {
			t.Errorf("after %s: no timeline event", action)
		}
		if cardAudits(t, pool, p.ID, action) != 1 {
			t.Errorf("after %s: no audit entry", action)
		}
	}

	step(clerk, "send", nil, "awaiting_resolution")
	step(chair, "resolve", url.Values{
		"resolution":     {"Sagatavot atbildi sadarbībā ar Komunālās saimniecības pārvaldi."},
		"executor_users": {strconv.FormatInt(staffID, 10)},
		"executor_units": {"Komunālās saimniecības pārvalde"},
		"exec_due":       {i18n.Date(p.LegalDueDate)},
	}, "in_progress")
	if n := cardCount(t, pool, `select count(*) from petition_executors where petition_id = $1`, p.ID); n != 2 {
		t.Errorf("executors: %d, want 2", n)
	}

	// The staff member is now an executor, and sees the answer step.
	res := staff.Get(t, cardPath(p))
	cardWant(t, res, http.StatusOK)
	if !strings.Contains(res.Body, `data-action="answer"`) || !strings.Contains(res.Body, "Sagatavot atbildi") {
		t.Error("the executor's card lacks the resolution or the answer form")
	}

	answerNo := "ATB-" + p.RegNumber
	step(staff, "answer", url.Values{
		"answer_number":  {answerNo},
		"answer_date":    {i18n.Date(testNow)},
		"answer_channel": {"email"},
		"answer_text":    {"Laternas Cietokšņa ielā salabotas."},
	}, "answered")
	var answeredOn *time.Time
	if err := pool.QueryRow(context.Background(), `select answered_on from petitions where id = $1`, p.ID).Scan(&answeredOn); err != nil || answeredOn == nil {
		t.Fatalf("answered_on not set: %v", err)
	}

	// The person chose e-mail: a notice queued in the outbox, on the timeline and on the card.
	var status, to, subject, body string
	err := pool.QueryRow(context.Background(), `select n.status, o.to_address, o.subject, o.body_text
		from petition_notices n join mail_outbox o on o.id = n.outbox_id
		where n.petition_id = $1 and n.kind = 'answer'`, p.ID).Scan(&status, &to, &subject, &body)
	if err != nil {
		t.Fatalf("answer notice: %v", err)
	}
	if status != "queued" || !strings.HasPrefix(to, "anna") || !strings.Contains(subject, p.RegNumber) ||
		!strings.Contains(body, "Laternas Cietokšņa ielā salabotas.") || !strings.Contains(body, answerNo) ||
		!strings.HasPrefix(body, "Labdien!\n") || strings.Contains(body, p.PersonName) {
		t.Errorf("answer notice: %s to %s, %q / %q", status, to, subject, body)
	}
	// Registering told the person too (the acknowledgement): two notices.
	if cardCount(t, pool, `select count(*) from petition_events where petition_id = $1 and kind = 'notice'
		and details->>'kind' = 'answer'`, p.ID) != 1 {
		t.Error("the notice is not on the timeline")
	}
	res = staff.Get(t, cardPath(p))
	if !strings.Contains(res.Body, "Gaida nosūtīšanu") || !strings.Contains(res.Body, answerNo) {
		t.Error("the card does not show the answer and the notice's status")
	}
	if _, err := pool.Exec(context.Background(), `update mail_outbox set status = 'sent', sent_at = now()
		where id = (select outbox_id from petition_notices where petition_id = $1 and kind = 'answer')`, p.ID); err != nil {
		t.Fatal(err)
	}
	if res = staff.Get(t, cardPath(p)); !strings.Contains(res.Body, "Nosūtīts") {
		t.Error("the card does not show that the mail went out")
	}

	step(staff, "close", nil, "closed")

	// The public status page tells the person it was answered.
	res = srv.Anonymous(t).PostForm(t, "/status", url.Values{"number": {p.RegNumber}, "code": {p.CheckCode}})
	if !strings.Contains(res.Body, "Slēgts") || !strings.Contains(res.Body, i18n.Date(*answeredOn)) {
		t.Error("the status page does not show the closed state and the answer date")
	}

	// The timeline lists every step in order: each after the one before.
	res = staff.Get(t, cardPath(p))
	rest := res.Body
	for _, kind := range []string{"registered", "notice", "send", "resolve", "answer", "notice", "close"} {
		i := strings.Index(rest, `data-kind="`+kind+`"`)
		if i < 0 {
			t.Errorf("timeline: no %s after the steps before it", kind)
			break
		}
		rest = rest[i+1:]
	}
}

func TestTransitionRefusals(t *testing.T) {
	srv := server(t)
	pool := srv.Pool
	staff, chair := srv.Client(t, "staff"), srv.Client(t, "chair")

	t.Run("resolve by a chair who is not the addressee", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{Addressee: "head"})
		cardWant(t, cardStep(t, staff, pool, p, "send", nil), http.StatusSeeOther)
		res := cardStep(t, chair, pool, p, "resolve", url.Values{"resolution": {"x"}, "executor_units": {"Pārvalde"}, "exec_due": {i18n.Date(p.LegalDueDate)}})
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d", res.StatusCode)
		}
		if got := cardLoad(t, pool, p.ID).State; got != "awaiting_resolution" {
			t.Errorf("state %s", got)
		}
	})

	t.Run("answer before the resolution", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{})
		res := cardStep(t, staff, pool, p, "answer", url.Values{"answer_number": {"X-" + p.RegNumber}, "answer_date": {i18n.Date(testNow)},
			"answer_channel": {"email"}, "answer_text": {"Atbilde"}})
		cardWant(t, res, http.StatusConflict)
		if !strings.Contains(res.Body, "Šo darbību pašreizējā stāvoklī veikt nevar") {
			t.Error("no explanation")
		}
		if n := cardCount(t, pool, `select count(*) from petition_answers where petition_id = $1`, p.ID); n != 0 {
			t.Error("an answer was saved")
		}
	})

	t.Run("stale version", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{})
		before := cardLoad(t, pool, p.ID)
		res := cardStep(t, staff, pool, p, "send", url.Values{"version": {strconv.Itoa(before.Version - 1)}})
		cardWant(t, res, http.StatusConflict)
		if !strings.Contains(res.Body, "Kāds cits jau ir mainījis") {
			t.Error("no conflict message")
		}
		if after := cardLoad(t, pool, p.ID); after != before || cardEvents(t, pool, p.ID, "send") != 0 {
			t.Errorf("changed: %+v → %+v", before, after)
		}
	})

	t.Run("executors' due date after the legal one", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{})
		cardWant(t, cardStep(t, staff, pool, p, "send", nil), http.StatusSeeOther)
		res := cardStep(t, chair, pool, p, "resolve", url.Values{"resolution": {"Izskatīt"}, "executor_units": {"Pārvalde"},
			"exec_due": {i18n.Date(p.LegalDueDate.AddDate(0, 0, 1))}})
		cardWant(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, `href="#exec_due"`) || !strings.Contains(res.Body, "nevar būt vēlāks") {
			t.Error("no field error for the due date")
		}
		if got := cardLoad(t, pool, p.ID).State; got != "awaiting_resolution" {
			t.Errorf("state %s", got)
		}
	})

	t.Run("resolution without text or executors", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{})
		cardWant(t, cardStep(t, staff, pool, p, "send", nil), http.StatusSeeOther)
		res := cardStep(t, chair, pool, p, "resolve", url.Values{"exec_due": {i18n.Date(p.LegalDueDate)}})
		cardWant(t, res, http.StatusUnprocessableEntity)
		for _, f := range []string{"#resolution", "#executor_users"} {
			if !strings.Contains(res.Body, `href="`+f+`"`) {
				t.Errorf("no error for %s", f)
			}
		}
	})

	t.Run("join an unknown, itself, then a real one", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{})
		main := register(t, pool, petitionstest.Sub{})
		cardWant(t, cardStep(t, staff, pool, p, "join", url.Values{"target": {"NAV-TĀDA/2026/1"}}), http.StatusUnprocessableEntity)
		cardWant(t, cardStep(t, staff, pool, p, "join", url.Values{"target": {p.RegNumber}}), http.StatusUnprocessableEntity)
		if got := cardLoad(t, pool, p.ID).State; got != "registered" {
			t.Errorf("state %s", got)
		}
		cardWant(t, cardStep(t, staff, pool, p, "join", url.Values{"target": {main.RegNumber}}), http.StatusSeeOther)
		if got := cardLoad(t, pool, p.ID).State; got != "joined" {
			t.Errorf("state %s", got)
		}
		other := register(t, pool, petitionstest.Sub{})
		cardWant(t, cardStep(t, staff, pool, other, "join", url.Values{"target": {p.RegNumber}}), http.StatusUnprocessableEntity)
	})

	t.Run("extend once, with a notice", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{Reply: petitions.ReplyPost})
		cardWant(t, cardStep(t, staff, pool, p, "send", nil), http.StatusSeeOther)
		cardWant(t, cardStep(t, staff, pool, p, "extend", url.Values{}), http.StatusUnprocessableEntity)
		cardWant(t, cardStep(t, staff, pool, p, "extend", url.Values{"extend_reason": {"Jāsaņem informācija no VAS Latvijas Valsts ceļi"}}), http.StatusSeeOther)
		after := cardLoad(t, pool, p.ID)
		if !after.Extended || !after.LegalDue.After(p.LegalDueDate) || !after.Due.Equal(after.LegalDue) {
			t.Errorf("extension: %+v (was due %s)", after, p.LegalDueDate)
		}
		var status string
		if err := pool.QueryRow(context.Background(), `select status from petition_notices where petition_id = $1 and kind = 'extension'`, p.ID).Scan(&status); err != nil || status != "to_print" {
			t.Errorf("extension notice: %q %v", status, err)
		}
		res := cardStep(t, staff, pool, p, "extend", url.Values{"extend_reason": {"Vēlreiz"}})
		if res.StatusCode != http.StatusConflict && res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("second extension: %d", res.StatusCode)
		}
		if again := cardLoad(t, pool, p.ID); again.Version != after.Version {
			t.Error("the second extension changed the submission")
		}

		// The printed notice is marked as handed over from the card.
		var noticeID int64
		if err := pool.QueryRow(context.Background(), `select id from petition_notices where petition_id = $1`, p.ID).Scan(&noticeID); err != nil {
			t.Fatal(err)
		}
		cardWant(t, staff.PostForm(t, cardPath(p)+"/notice_sent", url.Values{"notice_id": {strconv.FormatInt(noticeID, 10)}}), http.StatusSeeOther)
		if err := pool.QueryRow(context.Background(), `select status from petition_notices where id = $1`, noticeID).Scan(&status); err != nil || status != "handed_over" {
			t.Errorf("after marking: %q %v", status, err)
		}
	})

	t.Run("forward with a notice; anonymous gets none", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{Reply: petitions.ReplyEmail})
		cardWant(t, cardStep(t, staff, pool, p, "forward", url.Values{}), http.StatusUnprocessableEntity)
		cardWant(t, cardStep(t, staff, pool, p, "forward", url.Values{"institution": {"Valsts policija"}}), http.StatusSeeOther)
		if n := cardCount(t, pool, `select count(*) from petition_notices where petition_id = $1 and kind = 'forwarding' and outbox_id is not null`, p.ID); n != 1 {
			t.Errorf("forwarding notices: %d", n)
		}
		a := register(t, pool, petitionstest.Sub{Anonymous: true})
		cardWant(t, cardStep(t, staff, pool, a, "unexamined", url.Values{"unexamined_reason": {"Anonīms iesniegums"}}), http.StatusSeeOther)
		if n := cardCount(t, pool, `select count(*) from petition_notices where petition_id = $1`, a.ID); n != 0 {
			t.Errorf("an anonymous person was sent %d notices", n)
		}
	})

	t.Run("reassign is the head's", func(t *testing.T) {
		p := register(t, pool, petitionstest.Sub{})
		cardWant(t, cardStep(t, staff, pool, p, "send", nil), http.StatusSeeOther)
		cardWant(t, cardStep(t, chair, pool, p, "resolve", url.Values{"resolution": {"Izskatīt"}, "executor_units": {"Pārvalde"}, "exec_due": {i18n.Date(p.LegalDueDate)}}), http.StatusSeeOther)
		fields := url.Values{"executor_users": {strconv.FormatInt(petitionstest.UserID(t, pool, "staff"), 10)}, "exec_due": {i18n.Date(p.LegalDueDate)}}
		cardWant(t, cardStep(t, staff, pool, p, "reassign", fields), http.StatusConflict)
		cardWant(t, cardStep(t, srv.Client(t, "head"), pool, p, "reassign", fields), http.StatusSeeOther)
		if n := cardCount(t, pool, `select count(*) from petition_executors where petition_id = $1 and unit = ''`, p.ID); n != 1 {
			t.Errorf("executors after reassigning: %d staff", n)
		}
	})

	t.Run("answer number taken, date checks", func(t *testing.T) {
		first := register(t, pool, petitionstest.Sub{})
		p := register(t, pool, petitionstest.Sub{})
		for _, q := range []*petitions.Petition{first, p} {
			cardWant(t, cardStep(t, staff, pool, q, "send", nil), http.StatusSeeOther)
			cardWant(t, cardStep(t, chair, pool, q, "resolve", url.Values{"resolution": {"Izskatīt"}, "executor_units": {"Pārvalde"}, "exec_due": {i18n.Date(q.LegalDueDate)}}), http.StatusSeeOther)
		}
		num := "TAKEN-" + first.RegNumber
		answer := func(q *petitions.Petition, number, date string) *apptest.Response {
			return cardStep(t, staff, pool, q, "answer", url.Values{"answer_number": {number}, "answer_date": {date}, "answer_channel": {"post"}, "answer_text": {"Atbilde"}})
		}
		cardWant(t, answer(first, num, i18n.Date(testNow)), http.StatusSeeOther)
		res := answer(p, num, i18n.Date(testNow))
		cardWant(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, "jau ir reģistrēts") {
			t.Error("no message for a taken number")
		}
		cardWant(t, answer(p, "N-"+p.RegNumber, i18n.Date(testNow.AddDate(0, 0, 2))), http.StatusUnprocessableEntity)
		cardWant(t, answer(p, "N-"+p.RegNumber, i18n.Date(testNow.AddDate(0, 0, -10))), http.StatusUnprocessableEntity)
		if got := cardLoad(t, pool, p.ID).State; got != "in_progress" {
			t.Errorf("state %s", got)
		}
	})
}

func TestAnswerWithFile(t *testing.T) {
	srv := server(t)
	pool := srv.Pool
	staff, chair := srv.Client(t, "staff"), srv.Client(t, "chair")
	p := register(t, pool, petitionstest.Sub{Reply: petitions.ReplyPost, By: "staff"})
	cardWant(t, cardStep(t, staff, pool, p, "send", nil), http.StatusSeeOther)
	cardWant(t, cardStep(t, chair, pool, p, "resolve", url.Values{"resolution": {"Izskatīt"}, "executor_units": {"Pārvalde"}, "exec_due": {i18n.Date(p.LegalDueDate)}}), http.StatusSeeOther)

	answer := url.Values{
		"version": {strconv.Itoa(cardLoad(t, pool, p.ID).Version)}, "answer_number": {"F-" + p.RegNumber},
		"answer_date": {i18n.Date(testNow)}, "answer_channel": {"post"},
	}
	cardWant(t, staff.PostMultipart(t, cardPath(p)+"/answer", answer,
		apptest.File{Field: "answer_file", Name: "Atbilde Bērziņam.pdf", Content: []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")}), http.StatusSeeOther)

	var fileID int64
	if err := pool.QueryRow(context.Background(), `select file_id from petition_files where petition_id = $1 and kind = 'answer'`, p.ID).Scan(&fileID); err != nil {
		t.Fatalf("answer file: %v", err)
	}
	path := cardPath(p) + "/files/" + strconv.FormatInt(fileID, 10)
	res := staff.Get(t, path+"?download=1")
	cardWant(t, res, http.StatusOK)
	if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(res.Body, "%PDF") {
		t.Errorf("download: %s", res.Header.Get("Content-Disposition"))
	}
	if res := staff.Get(t, path); !strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") {
		t.Error("not shown inline")
	}
	// Not through another submission's card, and not to someone who may not read it.
	other := register(t, pool, petitionstest.Sub{})
	cardWant(t, staff.Get(t, cardPath(other)+"/files/"+strconv.FormatInt(fileID, 10)), http.StatusNotFound)
	cardWant(t, srv.Client(t, "clerk").Get(t, path), http.StatusForbidden)

	// Post: the answer notice waits to be printed.
	var status string
	if err := pool.QueryRow(context.Background(), `select status from petition_notices where petition_id = $1 and kind = 'answer'`, p.ID).Scan(&status); err != nil || status != "to_print" {
		t.Errorf("answer notice: %q %v", status, err)
	}
}
