package petitions_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/drafts"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// Another area starts the registration form with a person's details kept
// as a draft on the server: the address carries a random key and nothing
// personal, the form comes prefilled, once, for the account that kept it;
// details in the address are not read (issue 10 item 9).
func TestRegisterFormTakesADraftNotTheAddress(t *testing.T) {
	srv := server(t)
	ctx := petitionstest.As(t, srv.Pool, "clerk")
	var key string
	err := pgx.BeginFunc(ctx, srv.Pool, func(tx pgx.Tx) error {
		var err error
		key, err = drafts.Keep(ctx, tx, "petitions.register", url.Values{
			"person_name": {"Олег Петров"}, "person_code": {"150805-21238"}, "person_phone": {"+37126001122"},
			"channel": {"in_person"}, "subject": {"Rindas pieņemšana"},
		}, testNow)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	path := "/petitions/new?" + url.Values{"draft": {key}}.Encode()
	if !regexp.MustCompile(`^/petitions/new\?draft=[A-Za-z0-9_-]{43}$`).MatchString(path) {
		t.Fatalf("the address %q carries more than a key", path)
	}
	if other := srv.Client(t, "staff").Get(t, path); strings.Contains(other.Body, "Олег Петров") {
		t.Fatal("another account opened the draft")
	}
	clerk := srv.Client(t, "clerk")
	page := clerk.Get(t, path)
	for _, want := range []string{`value="Олег Петров"`, `value="150805-21238"`, `value="+37126001122"`, `value="Rindas pieņemšana"`, `value="in_person" selected`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the form is not prefilled with %s", want)
		}
	}
	if again := clerk.Get(t, path); strings.Contains(again.Body, "Олег Петров") {
		t.Error("the draft was read twice")
	}
	if q := clerk.Get(t, "/petitions/new?person_name=Oleg&person_code=150805-21238"); strings.Contains(q.Body, `value="Oleg"`) || strings.Contains(q.Body, `value="150805-21238"`) {
		t.Error("the form takes personal data from the address")
	}
}
