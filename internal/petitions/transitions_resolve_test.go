package petitions_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// resolveUser makes a member of the management of the test's own, who
// signs in with the demo password: their queue holds only the test's rows.
func resolveUser(t *testing.T, pool *pgxpool.Pool, username string) {
	t.Helper()
	petitionstest.Account(t, pool, username, "Rezolūciju Rakstītāja "+username, auth.RoleManagement)
}

// The member of the management a submission waits for finds the
// resolution's form at the top of its card, open, with the texts they used
// before to choose from; after saving it the next submission in their
// queue opens, and after the last one the queue.
func TestResolutionFirstAndNext(t *testing.T) {
	srv := server(t)
	pool := srv.Pool
	username := "rez_" + listTag()
	resolveUser(t, pool, username)
	chair := srv.Client(t, username)
	staffID := strconv.FormatInt(petitionstest.UserID(t, pool, "staff"), 10)

	older := register(t, pool, petitionstest.Sub{Addressee: username, Received: testNow.Add(-3 * time.Hour)})
	newer := register(t, pool, petitionstest.Sub{Addressee: username, Received: testNow.Add(-2 * time.Hour)})
	earlier := register(t, pool, petitionstest.Sub{Addressee: username, Received: testNow.Add(-4 * time.Hour)})
	for _, p := range []*petitions.Petition{older, newer, earlier} {
		petitionstest.Step(t, pool, p.ID, "clerk", petitions.ActSend, petitions.Step{}, testNow)
	}
	used := "Sagatavot atbildi un informēt iesniedzēju („Daugavpils ūdens”)."
	petitionstest.Step(t, pool, earlier.ID, username, petitions.ActResolve, petitions.Step{Resolution: used,
		Units: []string{"Komunālā pārvalde"}, ExecDue: earlier.LegalDueDate}, testNow)

	res := chair.Get(t, cardPath(older))
	cardWant(t, res, http.StatusOK)
	first := strings.Index(res.Body, `data-testid="resolve-first"`)
	if first < 0 || first > strings.Index(res.Body, `id="reg-title"`) {
		t.Fatal("the resolution's form is not at the top of the card")
	}
	if strings.Contains(res.Body, `<details data-action="resolve"`) {
		t.Error("the resolution is offered a second time, folded, at the end")
	}
	past := between(res.Body, `data-testid="past-resolutions"`, "</fieldset>")
	if !strings.Contains(past, `value="`+used+`"`) || !strings.Contains(past, `data-fill="resolution"`) {
		t.Errorf("the text used before is not offered:\n%s", past)
	}
	// The head, who may resolve any, keeps it among the other steps.
	if body := srv.Client(t, "head").Get(t, cardPath(older)).Body; strings.Contains(body, `data-testid="resolve-first"`) || !strings.Contains(body, `data-action="resolve"`) {
		t.Error("the head's card puts the resolution first, or lacks it")
	}

	// Neither typed nor chosen: refused beside the field.
	res = cardStep(t, chair, pool, older, "resolve", url.Values{"executor_users": {staffID}, "exec_due": {i18n.Date(older.LegalDueDate)}})
	cardWant(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Ierakstiet rezolūcijas tekstu.") {
		t.Error("an empty resolution is not refused with its message")
	}
	// Chosen, not typed (no scripts): the choice is saved, and the next
	// one waiting opens.
	res = cardStep(t, chair, pool, older, "resolve", url.Values{"resolution_choice": {used}, "executor_users": {staffID}, "exec_due": {i18n.Date(older.LegalDueDate)}})
	cardWant(t, res, http.StatusSeeOther)
	if got := petitionstest.Get(t, pool, older.ID); got.ResolutionText != used || got.State != petitions.InProgress {
		t.Errorf("saved %q in state %s, want the chosen text in progress", got.ResolutionText, got.State)
	}
	if loc := res.Header.Get("Location"); loc != cardPath(newer) {
		t.Errorf("after the resolution the browser goes to %s, want the next one waiting, %s", loc, cardPath(newer))
	}
	if body := chair.Get(t, cardPath(newer)).Body; !strings.Contains(body, "Nākamais iesniegums, kas gaida rezolūciju: "+newer.RegNumber) {
		t.Error("the next card does not say why it opened")
	}
	// Typed and chosen: the typed text wins. It was the last one: back to the queue.
	res = cardStep(t, chair, pool, newer, "resolve", url.Values{"resolution": {"Izvērtēt un atbildēt."}, "resolution_choice": {used},
		"executor_users": {staffID}, "exec_due": {i18n.Date(newer.LegalDueDate)}})
	cardWant(t, res, http.StatusSeeOther)
	if got := petitionstest.Get(t, pool, newer.ID).ResolutionText; got != "Izvērtēt un atbildēt." {
		t.Errorf("saved %q, want the text typed", got)
	}
	if loc := res.Header.Get("Location"); loc != "/petitions/resolutions" {
		t.Errorf("after the last resolution the browser goes to %s, want the queue", loc)
	}
	if body := chair.Get(t, "/petitions/resolutions").Body; !strings.Contains(body, "Vairāk neviens iesniegums negaida Jūsu rezolūciju.") {
		t.Error("the queue does not say the last one was resolved")
	}
}

// blockTags end a line of the page's text: what is left of them, side by
// side, reads as one line.
var blockTags = regexp.MustCompile(`(?i)</?(p|div|h\d|section|li|ul|ol|tr|td|th|table|thead|tbody|caption|br|label|legend|fieldset|form|option|select|textarea|details|summary|nav|header|main|footer|blockquote|dl|dt|dd)\b[^>]*>`)

// pageText is the text of a page as a person reads it, a line a block.
func pageText(body string) string {
	body = regexp.MustCompile(`(?s)<(script|style|head)\b.*?</(script|style|head)>`).ReplaceAllString(body, "")
	body = blockTags.ReplaceAllString(body, "\n")
	return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body, ""))
}

// glued finds words run together where a space went missing between two
// parts of a line: ")(", "):x", "Stāvoklis:Reģistrēts".
var glued = regexp.MustCompile(`\)\(|\)\p{L}|\p{L}:\p{L}`)

// The registry's pages put a space where one belongs: between a file's
// download link and its size, after a label's colon; and a field that is
// one of two (the answer's text or file, an executor or a unit) is not
// labelled "optional" while its hint says one is needed.
func TestRegistryLabels(t *testing.T) {
	srv := server(t)
	pool := srv.Pool
	p := register(t, pool, petitionstest.Sub{Scans: []petitionstest.Scan{{Name: "skenējums.pdf", Content: "%PDF-1.4\nlapa"}}})
	petitionstest.Step(t, pool, p.ID, "clerk", petitions.ActSend, petitions.Step{}, testNow)
	petitionstest.Step(t, pool, p.ID, "chair", petitions.ActResolve, petitions.Step{Resolution: "Sagatavot atbildi.",
		Users: []int64{petitionstest.UserID(t, pool, "staff")}, ExecDue: p.LegalDueDate}, testNow)
	head := srv.Client(t, "head")
	for _, path := range []string{cardPath(p), cardPath(p) + "/print", "/petitions", "/petitions/resolutions", "/petitions/assigned"} {
		res := head.Get(t, path)
		cardWant(t, res, http.StatusOK)
		for _, line := range strings.Split(pageText(res.Body), "\n") {
			if m := glued.FindString(line); m != "" {
				t.Errorf("%s: words run together (%q) in %q", path, m, strings.TrimSpace(line))
			}
		}
	}
	text := pageText(head.Get(t, cardPath(p)).Body)
	if !strings.Contains(text, "skenējums.pdf (lejupielādēt) (") {
		t.Errorf("the scan's line reads wrong:\n%s", between(text, "skenējums.pdf", "\n"))
	}
	if !strings.Contains(pageText(head.Get(t, cardPath(p)+"/print").Body), "Stāvoklis: Izpildē") {
		t.Error("the printed card runs the state into its label")
	}
	// The answer's text and file: neither marked optional, the hint says one is needed.
	body := srv.Client(t, "staff").Get(t, cardPath(p)).Body
	answer := between(body, `data-action="answer"`, "</details>")
	if answer == "" {
		t.Fatal("no answer form")
	}
	for _, field := range []string{`for="answer_text"`, `for="answer_file"`} {
		if label := between(answer, field, "</label>"); strings.Contains(label, "neobligāts") {
			t.Errorf("%s is labelled optional: %s", field, label)
		}
	}
	if !strings.Contains(answer, "Ierakstiet atbildes tekstu, pievienojiet failu vai abus") {
		t.Error("the answer form does not say that the text or the file is needed")
	}
	reassign := between(srv.Client(t, "head").Get(t, cardPath(p)).Body, `data-action="reassign"`, "</details>")
	if label := between(reassign, `for="executor_units"`, "</label>"); label == "" || strings.Contains(label, "neobligāts") {
		t.Errorf("the units are labelled optional, or missing: %q", label)
	}
}
