package press_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// releaseForm is a valid form for a new release.
func releaseForm(title, idem string) url.Values {
	return url.Values{"title_lv": {title}, "lead_lv": {"Īsumā."}, "body_lv": {"Teksts par " + title + "."},
		"title_ru": {""}, "lead_ru": {""}, "body_ru": {""}, "status_ru": {"draft"},
		"title_en": {""}, "lead_en": {""}, "body_en": {""}, "status_en": {"draft"},
		"topic": {""}, "contact_person_id": {""}, "contact_person_id_q": {""},
		"embargo_date": {""}, "embargo_time": {""}, "version": {"0"}, "idem": {idem}}
}

var idOfLocation = regexp.MustCompile(`^/press/(\d+)$`)

func releaseID(t *testing.T, res *apptest.Response) string {
	t.Helper()
	m := idOfLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("not saved: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	return m[1]
}

func TestWhoReadsWritesAndApproves(t *testing.T) {
	srv := apptest.New(t)
	id := presstest.AddRelease(t, srv.Pool, input(unique(t, "Lomu relīze")))
	card := fmt.Sprintf("/press/%d", id)
	for _, tc := range []struct {
		user               string
		read, write, judge bool
	}{
		{"head", true, true, true}, {"staff", true, true, false},
		{"director", false, false, false}, {"clerk", false, false, false}, {"chair", false, false, false},
		{"deputy", false, false, false}, {"admin", false, false, false},
	} {
		c := srv.Client(t, tc.user)
		for _, path := range []string{"/press", card, card + "/versions/1", card + "/compare", "/press/export.csv"} {
			res := c.Get(t, path)
			if (res.StatusCode == http.StatusOK) != tc.read || (!tc.read && res.StatusCode != http.StatusForbidden) {
				t.Errorf("%s GET %s: %d", tc.user, path, res.StatusCode)
			}
		}
		if res := c.Get(t, "/press/new"); (res.StatusCode == http.StatusOK) != tc.write {
			t.Errorf("%s GET /press/new: %d", tc.user, res.StatusCode)
		}
		if res := c.PostForm(t, card+"/approve", url.Values{"version": {"1"}, "version_no": {"1"}}); (res.StatusCode != http.StatusForbidden) != tc.judge {
			t.Errorf("%s POST approve: %d", tc.user, res.StatusCode)
		}
	}
}

func TestWriteApproveAndCompare(t *testing.T) {
	srv := apptest.New(t)
	staff, head := srv.Client(t, "staff"), srv.Client(t, "head")
	title := unique(t, "Vienības tilts")
	key := fmt.Sprintf("press-form-%d", serial.Add(1))
	form := releaseForm(title, key)
	form.Set("embargo_date", "15.12.2026.")
	form.Set("embargo_time", "10:00")
	first := staff.PostForm(t, "/press", form)
	id := releaseID(t, first)
	// A double click leads to the same release.
	if again := staff.PostForm(t, "/press", form); again.Header.Get("Location") != first.Header.Get("Location") {
		t.Fatalf("the second post went to %q", again.Header.Get("Location"))
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from press_releases where title = $1`, title).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d releases, %v", n, err)
	}
	loc := "/press/" + id
	card := staff.Get(t, loc)
	if !strings.Contains(card.Body, "15.12.2026. 10:00") || !strings.Contains(card.Body, "Melnraksts") {
		t.Fatalf("the card lacks the embargo or the status:\n%s", card.Body)
	}
	// The text is changed, then sent to the head.
	edit := releaseForm(title, "")
	edit.Set("version", "1")
	edit.Set("body_lv", "Pilnīgi jauns teksts par "+title+".")
	edit.Set("embargo_date", "15.12.2026.")
	edit.Set("embargo_time", "10:00")
	if res := staff.PostForm(t, loc+"/edit", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, res.Body)
	}
	if res := staff.PostForm(t, loc+"/submit", url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	// The staff member sees no decision; the head does.
	if body := staff.Get(t, loc).Body; strings.Contains(body, "/approve") {
		t.Fatal("staff sees the approval form")
	}
	page := head.Get(t, loc)
	if !strings.Contains(page.Body, loc+"/approve") || !strings.Contains(page.Body, `name="version_no" value="2"`) {
		t.Fatalf("the head sees no approval form for version 2:\n%s", page.Body)
	}
	// Returning says why; without a comment it is refused beside the field.
	res := head.PostForm(t, loc+"/return", url.Values{"version": {"3"}, "version_no": {"2"}, "comment": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Uzrakstiet, kas relīzē jālabo") {
		t.Fatalf("return without a comment: %d", res.StatusCode)
	}
	if res := head.PostForm(t, loc+"/approve", url.Values{"version": {"3"}, "version_no": {"2"}, "comment": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", res.StatusCode, res.Body)
	}
	if body := head.Get(t, loc).Body; !strings.Contains(body, "Apstiprināta") {
		t.Fatal("the card does not say approved")
	}
	// The two versions side by side: what was taken out and what was added.
	cmp := staff.Get(t, loc+"/compare?a=1&b=2")
	if cmp.StatusCode != http.StatusOK || !strings.Contains(cmp.Body, "<del>Teksts ") || !strings.Contains(cmp.Body, "<ins>Pilnīgi jauns teksts ") {
		t.Fatalf("compare: %d\n%s", cmp.StatusCode, cmp.Body)
	}
	if res := staff.Get(t, loc+"/compare?a=1&b=9"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("compare with a version that is not there: %d", res.StatusCode)
	}
	if res := staff.Get(t, loc+"/versions/7"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a version that is not there: %d", res.StatusCode)
	}
}

func TestBadInputKeepsWhatWasTyped(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	count := func() int {
		var n int
		if err := srv.Pool.QueryRow(context.Background(), `select count(*) from press_releases`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	long := strings.Repeat("ā", press.MaxTitle+1)
	for _, tc := range []struct {
		name string
		set  map[string]string
		want string
	}{
		{"empty", map[string]string{"title_lv": "", "body_lv": ""}, "Ievadiet relīzes virsrakstu latviešu valodā"},
		{"too long", map[string]string{"title_lv": long}, "Ne vairāk kā 300 rakstzīmes"},
		{"date without time", map[string]string{"embargo_date": "15.12.2026."}, "Ievadiet embargo laiku"},
		{"bad time", map[string]string{"embargo_date": "15.12.2026.", "embargo_time": "25:00"}, "Ievadiet laiku formā hh:mm"},
		{"no such day", map[string]string{"embargo_date": "31.02.2027.", "embargo_time": "10:00"}, "neeksistē"},
		{"half a translation", map[string]string{"title_en": "Bridge"}, "Ievadiet tekstu angļu valodā"},
	} {
		f := releaseForm("Slikta ievade", fmt.Sprintf("bad-input-%d", serial.Add(1)))
		for k, v := range tc.set {
			f.Set(k, v)
		}
		res := staff.PostForm(t, "/press", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: %d, want %q in the page", tc.name, res.StatusCode, tc.want)
		}
		for _, v := range tc.set {
			if v != "" && !strings.Contains(res.Body, v) {
				t.Errorf("%s: the page lost %q", tc.name, v)
			}
		}
	}
	// HTML and script are text.
	script := `<script>alert("x")</script>`
	id := releaseID(t, staff.PostForm(t, "/press", releaseForm(script, fmt.Sprintf("script-%d", serial.Add(1)))))
	card := staff.Get(t, "/press/"+id)
	if strings.Contains(card.Body, script) || !strings.Contains(card.Body, "&lt;script&gt;") {
		t.Fatal("the title's script is not shown as text")
	}
	if got := count(); got != before+1 {
		t.Fatalf("%d releases saved, want 1", got-before)
	}
	// A stale form is refused as a conflict, keeping what was typed.
	stale := releaseForm("Novecojusi forma", "")
	stale.Set("version", "7")
	res := staff.PostForm(t, "/press/"+id+"/edit", stale)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Novecojusi forma") {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
}

func TestListSearchAndExport(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	word := fmt.Sprintf("Ūdensvads%d", serial.Add(1))
	presstest.AddRelease(t, srv.Pool, input("=SUM(A1) "+word))
	list := staff.Get(t, "/press?q="+url.QueryEscape(strings.Replace(strings.ToLower(word), "ū", "u", 1)))
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, word) || !strings.Contains(list.Body, "Atrastas relīzes: 1") {
		t.Fatalf("search: %d\n%s", list.StatusCode, list.Body)
	}
	if empty := staff.Get(t, "/press?q=nekasnavatrasts"); !strings.Contains(empty.Body, "Nav nevienas relīzes") {
		t.Fatal("the empty list says nothing")
	}
	if bad := staff.Get(t, "/press?status=sent-yesterday"); bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a status not offered: %d", bad.StatusCode)
	}
	csv := staff.Get(t, "/press/export.csv?q="+url.QueryEscape(word))
	if csv.StatusCode != http.StatusOK || !strings.Contains(csv.Body, "'=SUM(A1) "+word) {
		t.Fatalf("export: %d\n%s", csv.StatusCode, csv.Body)
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'press_release' and action = 'export'`).Scan(&n); err != nil || n < 1 {
		t.Fatalf("the export was not audited: %d, %v", n, err)
	}
}

func TestSendFormPreviewsThenSends(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	a := newAudience(t, srv.Pool)
	title := unique(t, "Sūtāmā relīze")
	id := presstest.AddRelease(t, srv.Pool, input(title))
	loc := fmt.Sprintf("/press/%d", id)
	// A draft is not sent.
	if res := staff.Get(t, loc+"/send"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the send form of a draft: %d", res.StatusCode)
	}
	presstest.Approve(t, srv.Pool, id)
	page := staff.Get(t, loc+"/send")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `name="lists"`) {
		t.Fatalf("send form: %d\n%s", page.StatusCode, page.Body)
	}
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("the send form carries no version")
	}
	form := url.Values{"version": {m[1]}, "when": {"now"}, "send_date": {""}, "send_time": {""}}
	for _, l := range a.lists {
		form.Add("lists", fmt.Sprint(l))
	}
	for n := 1; n <= press.MaxPeople; n++ {
		form.Set(fmt.Sprintf("person_%d", n), "")
		form.Set(fmt.Sprintf("person_%d_q", n), "")
	}
	// Nothing chosen: said beside the lists.
	empty := url.Values{"version": {m[1]}, "when": {"now"}}
	if res := staff.PostForm(t, loc+"/send/preview", empty); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Izvēlieties adresātu sarakstu vai žurnālistu") {
		t.Fatalf("nothing chosen: %d", res.StatusCode)
	}
	// A planned time in the past is refused.
	past := url.Values{"version": {m[1]}, "when": {"planned"}, "send_date": {"01.01.2020."}, "send_time": {"10:00"}, "lists": form["lists"]}
	if res := staff.PostForm(t, loc+"/send/preview", past); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet laiku nākotnē") {
		t.Fatalf("a time in the past: %d", res.StatusCode)
	}
	preview := staff.PostForm(t, loc+"/send/preview", form)
	if preview.StatusCode != http.StatusOK || !strings.Contains(preview.Body, "Saņems: 2") ||
		!strings.Contains(preview.Body, "Atteikušies no sūtījumiem: 1") || !strings.Contains(preview.Body, "Nosūtīt (2)") {
		t.Fatalf("preview: %d\n%s", preview.StatusCode, preview.Body)
	}
	res := staff.PostForm(t, loc+"/send", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc {
		t.Fatalf("send: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	card := staff.Get(t, loc)
	if !strings.Contains(card.Body, "Nosūtīta") || !strings.Contains(card.Body, `data-testid="sendings"`) {
		t.Fatalf("the card after sending:\n%s", card.Body)
	}
	// Sent twice by a double click: the second is refused, nothing more queued.
	if again := staff.PostForm(t, loc+"/send", form); again.StatusCode != http.StatusSeeOther {
		t.Fatalf("again: %d", again.StatusCode)
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from press_deliveries where release_id = $1`, id).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d deliveries, %v", n, err)
	}
	list := staff.Get(t, loc+"/deliveries")
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, a.lv) || strings.Contains(list.Body, a.out) {
		t.Fatalf("deliveries: %d\n%s", list.StatusCode, list.Body)
	}
	if bad := staff.Get(t, loc+"/deliveries?state=lost"); bad.StatusCode != http.StatusBadRequest && bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a state not offered: %d", bad.StatusCode)
	}
}
