package petitions_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// resolveUser makes a member of the management of the test's own, who
// signs in with the demo password: their queue holds only the test's rows.
func resolveUser(t *testing.T, pool *pgxpool.Pool, username string) {
	t.Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
		_, err := auth.Insert(context.Background(), tx, &auth.User{Username: username, FullName: "Rezolūciju Rakstītāja " + username,
			Roles: []auth.Role{auth.RoleManagement}, Active: true}, hash, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
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
	if !strings.Contains(res.Body, "Ierakstiet rezolūcijas tekstu vai izvēlieties kādu no iepriekš lietotajiem") {
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
