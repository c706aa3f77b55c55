package petitions_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

var regKeySeq sync.Mutex
var regKeyN int

// regKey is a fresh idempotency key, as a rendered form would carry.
func regKey() string {
	regKeySeq.Lock()
	defer regKeySeq.Unlock()
	regKeyN++
	return fmt.Sprintf("regtest-%d-%d", time.Now().UnixNano(), regKeyN)
}

func regID(t *testing.T, srv *apptest.Server, query string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := srv.Pool.QueryRow(context.Background(), query, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return id
}

// regValid is a form that registers: received an hour before testNow,
// replying by e-mail, in the fixtures' case, to the chair.
func regValid(t *testing.T, srv *apptest.Server) url.Values {
	t.Helper()
	at := testNow.Add(-time.Hour).In(i18n.Riga)
	return url.Values{
		"idem":           {regKey()},
		"received_date":  {at.Format(time.DateOnly)},
		"received_time":  {at.Format("15:04")},
		"channel":        {"email"},
		"doc_type":       {"complaint"},
		"pages":          {"2"},
		"person_name":    {"Zane Bērziņa"},
		"person_code":    {"010190-" + regCheckSerial("010190", "1234")},
		"person_address": {"Saules iela 1-1, Daugavpils, LV-5401"},
		"person_email":   {"zane.berzina@example.lv"},
		"person_phone":   {"+371 26000000"},
		"reply_channel":  {"email"},
		"subject":        {"Pārbaudes temats " + regKey()},
		"summary":        {"Īss izklāsts."},
		"case_id":        {strconv.FormatInt(petitionstest.DefaultCase(t, srv.Pool).ID, 10)},
		"addressee_id":   {strconv.FormatInt(petitionstest.UserID(t, srv.Pool, "chair"), 10)},
	}
}

// regCheckSerial completes an old-form personal code's last five digits with a valid check digit.
func regCheckSerial(ddmmyy, serial4 string) string {
	weights := []int{1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	digits := ddmmyy + serial4
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	c := (1101 - sum) % 11
	if c == 10 {
		panic("no check digit for " + digits)
	}
	return serial4 + strconv.Itoa(c)
}

// regPost posts a multipart form with optional files, as the browser does.
type regFile struct{ name, content string }

func regPost(t *testing.T, srv *apptest.Server, c *apptest.Client, form url.Values, files ...regFile) *apptest.Response {
	t.Helper()
	req := regRequest(t, srv, form, files...)
	return c.Do(t, req)
}

func regRequest(t testing.TB, srv *apptest.Server, form url.Values, files ...regFile) *http.Request {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v) //nolint:errcheck // a bytes.Buffer
		}
	}
	if len(files) == 0 {
		// An empty file input, as browsers send it.
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", `form-data; name="scans"; filename=""`)
		h.Set("Content-Type", "application/octet-stream")
		mw.CreatePart(h) //nolint:errcheck
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("scans", f.name)
		io.WriteString(w, f.content) //nolint:errcheck
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/petitions/new", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

type regCounts struct{ petitions, counter, files, outbox, audit int64 }

func regCount(t *testing.T, srv *apptest.Server) regCounts {
	t.Helper()
	var c regCounts
	year := testNow.Year()
	err := srv.Pool.QueryRow(context.Background(), `select
		(select count(*) from petitions),
		coalesce((select last from petition_counters where year = $1), 0),
		(select count(*) from files),
		(select count(*) from mail_outbox),
		(select count(*) from audit_log where entity = 'petition')`, year).
		Scan(&c.petitions, &c.counter, &c.files, &c.outbox, &c.audit)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var regLocation = regexp.MustCompile(`^/petitions/(\d+)(\?similar=(\d+))?$`)

// regCreated checks a 303 to the new card and returns the submission's id.
func regCreated(t *testing.T, res *apptest.Response) int64 {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303; body:\n%s", res.StatusCode, regErrors(res.Body))
	}
	m := regLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("redirected to %q", res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// regErrors pulls the field errors out of a page, for failure messages.
func regErrors(body string) string {
	var out []string
	for _, m := range regexp.MustCompile(`<p class="error" id="([a-z_]+)-error">(.*?)</p>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1]+": "+m[2])
	}
	if len(out) == 0 && len(body) > 600 {
		return body[:600]
	}
	return strings.Join(out, "\n")
}

func regExpectedDue(t *testing.T, srv *apptest.Server, received time.Time) time.Time {
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
	r, ok := petitions.RuleFor(rules, petitions.RuleAnswer, received)
	if !ok {
		t.Fatal("no rule")
	}
	d, err := petitions.ComputeDeadline(cal, r, received)
	if err != nil {
		t.Fatal(err)
	}
	return d.Due
}

func TestRegisterGivesTheNextNumberTheDueDateTheTimelineAndTheAcknowledgement(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	year := testNow.Year()
	for _, tc := range []struct {
		user, reply string
	}{{"clerk", "email"}, {"staff", "post"}, {"head", "in_person"}} {
		t.Run(tc.user, func(t *testing.T) {
			c := srv.Client(t, tc.user)
			page := c.Get(t, "/petitions/new")
			if page.StatusCode != http.StatusOK {
				t.Fatalf("form: status %d", page.StatusCode)
			}
			key := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(page.Body)
			if key == nil {
				t.Fatal("the form carries no idempotency key")
			}
			form := regValid(t, srv)
			form.Set("idem", key[1])
			form.Set("reply_channel", tc.reply)
			before := regCount(t, srv)
			id := regCreated(t, regPost(t, srv, c, form))
			after := regCount(t, srv)
			if after.counter != before.counter+1 || after.petitions != before.petitions+1 {
				t.Errorf("counter %d → %d, petitions %d → %d", before.counter, after.counter, before.petitions, after.petitions)
			}

			var number, code, state string
			var due, legal time.Time
			var seq int64
			err := srv.Pool.QueryRow(ctx, `select reg_number, reg_seq, check_code, state, due_date, legal_due_date
				from petitions where id = $1`, id).Scan(&number, &seq, &code, &state, &due, &legal)
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("%s/%d/%d", petitionstest.DefaultCase(t, srv.Pool).CaseIndex, year, after.counter); number != want || seq != after.counter {
				t.Errorf("number %s (seq %d), want %s", number, seq, want)
			}
			if !regexp.MustCompile(`^[A-HJ-NP-Z2-9]{8}$`).MatchString(code) {
				t.Errorf("check code %q", code)
			}
			received, _ := time.ParseInLocation("2006-01-02 15:04", form.Get("received_date")+" "+form.Get("received_time"), i18n.Riga)
			if want := regExpectedDue(t, srv, received); !due.Equal(want) || !legal.Equal(want) {
				t.Errorf("due %s / legal %s, want %s", due, legal, want)
			}
			if state != "registered" {
				t.Errorf("state %s", state)
			}
			var events int
			srv.Pool.QueryRow(ctx, `select count(*) from petition_events where petition_id = $1 and kind = 'registered'
				and to_state = 'registered' and created_by = (select id from users where username = $2)`, id, tc.user).Scan(&events)
			if events != 1 {
				t.Errorf("%d 'registered' events by %s", events, tc.user)
			}
			var audits int
			srv.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'petition' and entity_id = $1::text
				and action = 'create' and actor_name = $2`, fmt.Sprint(id), tc.user).Scan(&audits)
			if audits != 1 {
				t.Errorf("%d audit entries", audits)
			}
			var noticeStatus string
			var outboxID *int64
			if err := srv.Pool.QueryRow(ctx, `select status, outbox_id from petition_notices
				where petition_id = $1 and kind = 'acknowledgement'`, id).Scan(&noticeStatus, &outboxID); err != nil {
				t.Fatalf("acknowledgement notice: %v", err)
			}
			if tc.reply == "email" {
				var to, body string
				if outboxID == nil || noticeStatus != "queued" {
					t.Fatalf("e-mail acknowledgement: status %s, outbox %v", noticeStatus, outboxID)
				}
				srv.Pool.QueryRow(ctx, `select to_address, body_text from mail_outbox where id = $1 and entity = 'petition' and entity_id = $2::text`,
					*outboxID, fmt.Sprint(id)).Scan(&to, &body)
				if to != "zane.berzina@example.lv" {
					t.Errorf("mail to %q", to)
				}
				for _, want := range []string{number, code, i18n.Date(due), "/status"} {
					if !strings.Contains(body, want) {
						t.Errorf("the mail lacks %q:\n%s", want, body)
					}
				}
				// The greeting stands alone: "Labdien, Zane Bērziņa!" would need the vocative.
				if !strings.HasPrefix(body, "Labdien!\n") || strings.Contains(body, "Bērziņa") {
					t.Errorf("the acknowledgement greets the person by name:\n%s", body)
				}
			} else if noticeStatus != "to_print" || outboxID != nil {
				t.Errorf("letter acknowledgement: status %s, outbox %v", noticeStatus, outboxID)
			}

			// The printable letter: for whoever may read the submission.
			pdf := c.Get(t, fmt.Sprintf("/petitions/%d/acknowledgement.pdf", id))
			if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
				t.Errorf("acknowledgement.pdf: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
			}
		})
	}
}

func TestAcknowledgementPDFChecksWhoMayRead(t *testing.T) {
	srv := server(t)
	form := regValid(t, srv)
	form.Set("reply_channel", "post")
	id := regCreated(t, regPost(t, srv, srv.Client(t, "staff"), form))
	path := fmt.Sprintf("/petitions/%d/acknowledgement.pdf", id)
	for user, want := range map[string]int{
		"staff": 200, "head": 200, "director": 200, "chair": 200, // chair: the addressee
		"clerk": 403, // registered by someone else
		"admin": 403,
	} {
		if res := srv.Client(t, user).Get(t, path); res.StatusCode != want {
			t.Errorf("%s: status %d, want %d", user, res.StatusCode, want)
		}
	}
	if res := srv.Client(t, "staff").Get(t, "/petitions/999999999/acknowledgement.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown: status %d", res.StatusCode)
	}
}

func TestRegisterRefusesBadInputAndSavesNothing(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "staff")
	lv := i18n.WithLocale(context.Background(), "lv")
	tomorrow := testNow.AddDate(0, 0, 1).Format(time.DateOnly)
	later := testNow.Add(90 * time.Minute) // the same day, later than the clock says
	staffID := strconv.FormatInt(petitionstest.UserID(t, srv.Pool, "staff"), 10)
	wrongCheck := "010190-" + regCheckSerial("010190", "1234")
	wrongCheck = wrongCheck[:11] + strconv.Itoa((int(wrongCheck[11]-'0')+1)%10)
	pdfHead := "%PDF-1.4\n"
	cases := []struct {
		name   string
		change func(url.Values)
		files  []regFile
		field  string
		key    string
		args   []any
	}{
		{"code format", func(f url.Values) { f.Set("person_code", "12345-678") }, nil, "person_code", "petitions.register.err_code_format", nil},
		{"code birth date", func(f url.Values) { f.Set("person_code", "310290-12345") }, nil, "person_code", "petitions.register.err_code_birth_date", nil},
		{"code check digit", func(f url.Values) { f.Set("person_code", wrongCheck) }, nil, "person_code", "petitions.register.err_code_check_digit", nil},
		{"future date", func(f url.Values) { f.Set("received_date", tomorrow) }, nil, "received_date", "petitions.register.err_future_date", nil},
		{"bad date", func(f url.Values) { f.Set("received_date", "31.02.2026") }, nil, "received_date", "field.invalid_date", nil},
		{"unknown addressee", func(f url.Values) { f.Set("addressee_id", staffID) }, nil, "addressee_id", "petitions.register.errors.addressee_id_invalid", nil},
		{"no addressee", func(f url.Values) { f.Del("addressee_id") }, nil, "addressee_id", "petitions.register.errors.addressee_id_required", nil},
		{"unknown case", func(f url.Values) { f.Set("case_id", "999999") }, nil, "case_id", "petitions.register.errors.case_id_invalid", nil},
		{"no case", func(f url.Values) { f.Del("case_id") }, nil, "case_id", "petitions.register.errors.case_id_required", nil},
		{"no subject", func(f url.Values) { f.Set("subject", "  ") }, nil, "subject", "petitions.register.errors.subject_required", nil},
		{"too long subject", func(f url.Values) { f.Set("subject", strings.Repeat("ā", 301)) }, nil, "subject", "field.too_long", []any{i18n.Number(300)}},
		{"too long summary", func(f url.Values) { f.Set("summary", strings.Repeat("x", 4001)) }, nil, "summary", "field.too_long", []any{i18n.Number(4000)}},
		{"no name", func(f url.Values) { f.Del("person_name") }, nil, "person_name", "petitions.register.errors.person_name_required", nil},
		{"e-mail reply without e-mail", func(f url.Values) { f.Del("person_email") }, nil, "person_email", "petitions.register.err_reply_needs_email", nil},
		{"post reply without address", func(f url.Values) { f.Set("reply_channel", "post"); f.Del("person_address") }, nil, "person_address", "petitions.register.err_reply_needs_address", nil},
		{"e-address reply without e-address", func(f url.Values) { f.Set("reply_channel", "eaddress") }, nil, "reply_channel", "petitions.register.err_reply_needs_eaddress", nil},
		{"no reply channel", func(f url.Values) { f.Del("reply_channel") }, nil, "reply_channel", "petitions.register.errors.reply_channel_required", nil},
		{"e-signed paper", func(f url.Values) { f.Set("channel", "post"); f.Set("e_signed", "on") }, nil, "e_signed", "petitions.register.err_esigned", nil},
		{"bad pages", func(f url.Values) { f.Set("pages", "-3") }, nil, "pages", "petitions.register.err_pages", nil},
		{"bad channel", func(f url.Values) { f.Set("channel", "pigeon") }, nil, "channel", "petitions.register.errors.channel_invalid", nil},
		{"HTML named .pdf", nil, []regFile{{"scan.pdf", "<!DOCTYPE html><html><body>hi</body></html>"}}, "scans", "", nil},
		{"too large", nil, []regFile{{"big.pdf", pdfHead + strings.Repeat("x", 25<<20)}}, "scans", "", nil},
		{"future time", func(f url.Values) {
			f.Set("received_date", later.Format(time.DateOnly))
			f.Set("received_time", later.Format("15:04"))
		}, nil, "received_time", "petitions.register.err_future_time", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := regValid(t, srv)
			// A valid scan too: nothing is registered, and the scan waits on
			// the server for the form to come back (not in the registry).
			files := tc.files
			if tc.field != "scans" {
				files = []regFile{{"ok.pdf", pdfHead + "content " + tc.name}}
			}
			if tc.change != nil {
				tc.change(form)
			}
			before := regCount(t, srv)
			res := regPost(t, srv, c, form, files...)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", res.StatusCode, regErrors(res.Body))
			}
			if !strings.Contains(res.Body, `id="`+tc.field+`-error"`) || !strings.Contains(res.Body, `href="#`+tc.field+`"`) {
				t.Errorf("no error beside %s (or in the summary); errors:\n%s", tc.field, regErrors(res.Body))
			}
			if tc.key != "" {
				want := i18n.T(lv, tc.key, tc.args...)
				if !strings.Contains(res.Body, htmlEscape(want)) {
					t.Errorf("message %q not shown; errors:\n%s", want, regErrors(res.Body))
				}
			}
			if after := regCount(t, srv); after != before {
				t.Errorf("something was saved: %+v → %+v", before, after)
			}
			// What was typed comes back.
			if !strings.Contains(res.Body, `value="`+form.Get("idem")+`"`) {
				t.Error("the idempotency key was not kept")
			}
			if tc.field != "person_name" && !strings.Contains(res.Body, "Zane Bērziņa") {
				t.Error("the typed name was not kept")
			}
			if tc.field != "scans" && (!strings.Contains(res.Body, `data-testid="held-scans"`) || !strings.Contains(res.Body, ">ok.pdf<")) {
				t.Error("the valid scan is not kept for the form's return")
			}
		})
	}
	t.Run("file messages", func(t *testing.T) {
		form := regValid(t, srv)
		res := regPost(t, srv, c, form, regFile{"page.pdf", "<html><script>x</script></html>"})
		if !strings.Contains(res.Body, "page.pdf: ") || !strings.Contains(res.Body, "PDF, JPEG, PNG, TIFF") {
			t.Errorf("the refused file is not named with the allowed types: %s", regErrors(res.Body))
		}
		if !strings.Contains(res.Body, htmlEscape(i18n.T(lv, "petitions.register.scans_again"))) {
			t.Error("the hint does not ask to choose the files again")
		}
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestRegisterShowsHTMLInTheSubjectEscaped(t *testing.T) {
	srv := server(t)
	form := regValid(t, srv)
	form.Set("subject", `<script>alert("x")</script>`)
	form.Del("person_name")
	res := regPost(t, srv, srv.Client(t, "staff"), form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	if strings.Contains(res.Body, `<script>alert`) || !strings.Contains(res.Body, `&lt;script&gt;alert(`) {
		t.Error("the subject is not shown escaped")
	}
}

func TestRegisterAcceptsScansByContentNotName(t *testing.T) {
	srv := server(t)
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 64)
	res := regPost(t, srv, srv.Client(t, "clerk"), regValid(t, srv),
		regFile{"scan.pdf", png}, regFile{"page2.pdf", "%PDF-1.7\nsecond page"})
	id := regCreated(t, res)
	rows, err := srv.Pool.Query(context.Background(), `select f.media_type from petition_files pf join files f on f.id = pf.file_id
		where pf.petition_id = $1 and pf.kind = 'scan' order by pf.id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		types = append(types, s)
	}
	if !slices.Equal(types, []string{"image/png", "application/pdf"}) {
		t.Errorf("scans stored as %v", types)
	}
}

func TestRegisterAnonymous(t *testing.T) {
	srv := server(t)
	form := regValid(t, srv)
	for _, k := range []string{"person_name", "person_code", "person_address", "person_email", "person_phone", "reply_channel"} {
		form.Del(k)
	}
	form.Set("anonymous", "on")
	id := regCreated(t, regPost(t, srv, srv.Client(t, "staff"), form))
	var anon bool
	var notices int
	srv.Pool.QueryRow(context.Background(), `select anonymous, (select count(*) from petition_notices where petition_id = $1)
		from petitions where id = $1`, id).Scan(&anon, &notices)
	if !anon || notices != 0 {
		t.Errorf("anonymous %v, %d notices", anon, notices)
	}
}

func TestRegisterOnceForOneForm(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "staff")
	form := regValid(t, srv)
	before := regCount(t, srv)
	first := regCreated(t, regPost(t, srv, c, form))
	second := regCreated(t, regPost(t, srv, c, form))
	if first != second {
		t.Errorf("second post went to %d, not %d", second, first)
	}
	if after := regCount(t, srv); after.petitions != before.petitions+1 || after.counter != before.counter+1 {
		t.Errorf("registered twice: %+v → %+v", before, after)
	}

	// A double click: both posts in flight at once.
	form = regValid(t, srv)
	before = regCount(t, srv)
	var wg sync.WaitGroup
	locs := make([]string, 2)
	for i := range locs {
		wg.Go(func() {
			res, err := c.HTTP.Do(regRequest(t, srv, form))
			if err != nil {
				return
			}
			res.Body.Close()
			// The first may carry the similar-submission warning; the card is the same.
			loc, _, _ := strings.Cut(res.Header.Get("Location"), "?")
			locs[i] = fmt.Sprint(res.StatusCode, " ", loc)
		})
	}
	wg.Wait()
	if locs[0] != locs[1] || !strings.HasPrefix(locs[0], "303 /petitions/") {
		t.Errorf("double click answered %q", locs)
	}
	if after := regCount(t, srv); after.petitions != before.petitions+1 || after.counter != before.counter+1 {
		t.Errorf("double click registered twice: %+v → %+v", before, after)
	}
}

func TestFiftyRegistrationsAtOnceGetConsecutiveNumbers(t *testing.T) {
	srv := server(t)
	clients := []*apptest.Client{srv.Client(t, "staff"), srv.Client(t, "clerk"), srv.Client(t, "head")}
	before := regCount(t, srv)
	const n = 50
	forms := make([]url.Values, n)
	for i := range forms {
		forms[i] = regValid(t, srv)
	}
	ids := make([]string, n)
	errs := make([]string, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			res, err := clients[i%len(clients)].HTTP.Do(regRequest(t, srv, forms[i]))
			if err != nil {
				errs[i] = err.Error()
				return
			}
			defer res.Body.Close()
			m := regLocation.FindStringSubmatch(res.Header.Get("Location"))
			if res.StatusCode != http.StatusSeeOther || m == nil {
				b, _ := io.ReadAll(res.Body)
				errs[i] = fmt.Sprintf("status %d: %.300s", res.StatusCode, b)
				return
			}
			ids[i] = m[1]
		})
	}
	wg.Wait()
	t.Logf("%d registrations at once took %s", n, time.Since(start))
	for i, e := range errs {
		if e != "" {
			t.Errorf("registration %d: %s", i, e)
		}
	}
	rows, err := srv.Pool.Query(context.Background(), `select reg_seq from petitions where id = any($1::bigint[]) order by reg_seq`, ids)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for rows.Next() {
		var s int64
		rows.Scan(&s)
		seqs = append(seqs, s)
	}
	if len(seqs) != n {
		t.Fatalf("%d registered, want %d", len(seqs), n)
	}
	for i, s := range seqs {
		if s != before.counter+int64(i)+1 {
			t.Fatalf("numbers not consecutive from %d: %v", before.counter+1, seqs)
		}
	}
	if after := regCount(t, srv); after.counter != before.counter+n {
		t.Errorf("counter %d → %d", before.counter, after.counter)
	}
}

func TestRegisterIsForStaffHeadAndClerkOnly(t *testing.T) {
	srv := server(t)
	for _, user := range []string{"director", "chair", "admin"} {
		c := srv.Client(t, user)
		if res := c.Get(t, "/petitions/new"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET: status %d", user, res.StatusCode)
		}
		if res := regPost(t, srv, c, regValid(t, srv)); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s POST: status %d", user, res.StatusCode)
		}
		for _, path := range []string{"/petitions/scheme", "/petitions/rules"} {
			if res := c.Get(t, path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s: status %d", user, path, res.StatusCode)
			}
		}
	}
	if res := srv.Client(t, "clerk").Get(t, "/petitions/scheme"); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk scheme: status %d", res.StatusCode)
	}
}

func TestRegisterWarnsAboutASimilarSubmission(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "staff")
	form := regValid(t, srv)
	form.Set("person_email", "similar.test@example.lv")
	form.Del("person_code")
	form.Set("person_name", "Ēriks Šķēle")
	form.Set("subject", "Bedres Kauņas ielā pie veikala")
	first := regCreated(t, regPost(t, srv, c, form))

	// The same person by name without diacritics, by post, a similar subject.
	form = regValid(t, srv)
	form.Del("person_code")
	form.Set("person_email", "cits@example.lv")
	form.Set("person_name", "Eriks Skele")
	form.Set("subject", "Bedres Kauņas ielā pie veikala joprojām")
	res := regPost(t, srv, c, form)
	regCreated(t, res)
	if want := fmt.Sprintf("?similar=%d", first); !strings.HasSuffix(res.Header.Get("Location"), want) {
		t.Errorf("redirected to %s, want the warning %s", res.Header.Get("Location"), want)
	}

	// A different subject is no warning.
	form = regValid(t, srv)
	form.Set("person_email", "similar.test@example.lv")
	form.Set("subject", "Suņu pastaigu laukums")
	res = regPost(t, srv, c, form)
	regCreated(t, res)
	if strings.Contains(res.Header.Get("Location"), "similar") {
		t.Errorf("warned for a different subject: %s", res.Header.Get("Location"))
	}
}
