package twincities_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/twincities"
	tc "github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
)

// The log's and the days' forms refuse bad input beside its field, with
// 422 and nothing saved: empty, 10 000 characters, a wrong type, HTML and
// script (shown as text); an edit of a line changed since its form was
// drawn is a conflict and overwrites nothing.
func TestLogAndDayFormsRefuseBadInput(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := time.Now().UnixNano() % 1_000_000
	a := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: fmt.Sprintf("Veidlapu pilsēta %d", n), Country: "EE"})
	card := "/twincities/" + strconv.FormatInt(a, 10)
	count := func(table string) int {
		var c int
		srv.Pool.QueryRow(t.Context(), `select count(*) from `+table+` where agreement_id = $1`, a).Scan(&c)
		return c
	}
	good := func() url.Values {
		return url.Values{"kind": {"event"}, "happened_on": {"14.09.2026."}, "field": {"culture"}, "result": {"Kopīga izstāde"},
			"participants": {"Mākslinieki"}, "version": {"0"}, "idem": {fmt.Sprintf("log-bad-%d", time.Now().UnixNano())}}
	}
	for name, c := range map[string]struct {
		edit func(url.Values)
		want string
	}{
		"empty":                   {func(f url.Values) { f.Set("result", ""); f.Set("kind", "") }, "Ievadiet īsu rezultātu"},
		"10 000 characters":       {func(f url.Values) { f.Set("participants", strings.Repeat("ž", 10_000)) }, "1000"},
		"a result too long":       {func(f url.Values) { f.Set("result", strings.Repeat("a", 10_000)) }, "2000"},
		"a date that is no date":  {func(f url.Values) { f.Set("happened_on", "vakar") }, "error"},
		"a kind not offered":      {func(f url.Values) { f.Set("kind", "party") }, "Izvēlieties veidu no saraksta"},
		"a day on a non-greeting": {func(f url.Values) { f.Set("day_id", "1") }, "error"},
		"HTML and script":         {func(f url.Values) { f.Set("participants", `<script>alert(1)</script>`); f.Set("result", "") }, "&lt;script&gt;alert(1)&lt;/script&gt;"},
	} {
		f := good()
		c.edit(f)
		res := staff.PostForm(t, card+"/log", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `class="error-summary"`) || !strings.Contains(res.Body, c.want) {
			t.Errorf("log, %s: %d, want 422 with %q", name, res.StatusCode, c.want)
		}
		if strings.Contains(res.Body, "<script>alert") {
			t.Errorf("log, %s: the script came back as HTML", name)
		}
	}
	if count("twin_log") != 0 {
		t.Fatal("a refused line was saved")
	}

	for name, f := range map[string]url.Values{
		"empty":             {"day": {""}, "occasion": {""}},
		"10 000 characters": {"day": {"01.05."}, "occasion": {strings.Repeat("ā", 10_000)}},
		"not a day":         {"day": {"pirmdiena"}, "occasion": {"Svētki"}},
		"HTML and script":   {"day": {"<b>1</b>"}, "occasion": {`<script>alert(1)</script>`}},
	} {
		res := staff.PostForm(t, card+"/days", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `class="error-summary"`) {
			t.Errorf("day, %s: %d", name, res.StatusCode)
		}
		if strings.Contains(res.Body, "<script>alert") {
			t.Errorf("day, %s: the script came back as HTML", name)
		}
	}
	if count("twin_days") != 0 {
		t.Fatal("a refused day was saved")
	}

	// Two people edit one line: the second form is stale.
	id := tc.AddLog(t, srv.Pool, twincities.LogEntry{AgreementID: a, Result: "Pirmā versija"})
	edit := "/twincities/log/" + strconv.FormatInt(id, 10) + "/edit"
	first, second := good(), good()
	first.Set("result", "Otrā versija")
	first.Set("version", "1")
	second.Set("result", "Trešā versija")
	second.Set("version", "1")
	if res := staff.PostForm(t, edit, first); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first edit: %d", res.StatusCode)
	}
	res := staff.PostForm(t, edit, second)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Trešā versija") {
		t.Errorf("stale edit: %d", res.StatusCode)
	}
	var result string
	srv.Pool.QueryRow(t.Context(), `select result from twin_log where id = $1`, id).Scan(&result)
	if result != "Otrā versija" {
		t.Errorf("the stale form overwrote the line: %q", result)
	}
	// A stale delete deletes nothing.
	if res := staff.PostForm(t, "/twincities/log/"+strconv.FormatInt(id, 10)+"/delete", url.Values{"version": {"1"}}); res.StatusCode < 400 {
		t.Errorf("stale delete: %d", res.StatusCode)
	}
	if count("twin_log") != 1 {
		t.Error("the stale delete went through")
	}
}
