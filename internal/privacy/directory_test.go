package privacy_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// One person in the registry, at the front desk and in the directory: a
// data subject's request by her name (typed without diacritics) finds her
// in all three areas, by e-mail and phone in the directory too, and the
// PDF extract holds the directory's section with her card, her
// organisations and what other areas recorded, in Latvian letters. A
// namesake of another first name is found nowhere; a lookup by personal
// code finds nothing in the directory, which keeps none.
func TestOnePersonInTheRegistryTheVisitorsAndTheDirectory(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, now)
	ctx := context.Background()
	n := strconv.FormatInt(contactstest.Unique(), 10)
	family := "Žagare" + n // a surname of this run alone
	email := "dzintra.zagare" + n + "@example.lv"
	personCode := code(t, "1207791234")

	pet := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: now, Name: "Dzintra " + family, Code: personCode,
		Email: email, Subject: "Ielu apgaismojums Ģimnāzijas ielā"})
	vs := visitorstest.NewStore(t, srv.Pool)
	official := visitorstest.NewOfficial(t, srv.Pool, "Direktorija amatpersona "+n)
	booking, err := vs.Book(ctx, visitors.NewBooking{OfficialID: official, Start: visitorstest.Wednesday(11, 0),
		VisitorName: family + " Dzintra", Phone: "+37126661234", Topic: "Sadarbība ar skolu", Language: "lv"})
	if err != nil {
		t.Fatal(err)
	}
	outlet := contactstest.Org(t, srv.Pool, "Latgales Laiks "+n, contacts.Media)
	person := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Dzintra", Family: family,
		Emails: []string{email}, Phones: []string{"+37126661234"}, OrgID: outlet, Role: "galvenā redaktore", OptOut: true})
	if _, err := srv.Pool.Exec(ctx, `update contacts set notes = 'Runā latgaliski; zvanīt pēc pusdienām' where id = $1`, person); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Pool.Exec(ctx, `insert into contact_uses (contact_id, area, kind, record_ref, at) values ($1, 'press', 'invited', 'preses-konference-7', $2)`,
		person, now); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Pool.Exec(ctx, `with l as (insert into mailing_lists (name, kind) values ($2, 'static') returning id)
		insert into mailing_list_members (list_id, contact_id) select id, $1 from l`, person, "Kultūras žurnālisti "+n); err != nil {
		t.Fatal(err)
	}
	namesake := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Ilze", Family: family})
	personLink := `href="/contacts/` + strconv.FormatInt(person, 10) + `"`
	namesakeLink := `href="/contacts/` + strconv.FormatInt(namesake, 10) + `"`

	staff := srv.Client(t, "staff")
	for _, tc := range []struct {
		name  string
		query url.Values
		areas []string // where she is found
	}{
		{"name without diacritics, surname first", url.Values{"name": {"zagare" + n + " dzintra"}}, []string{"petitions", "visitors", "contacts"}},
		{"e-mail in another case", url.Values{"email": {strings.ToUpper(email)}}, []string{"petitions", "contacts"}},
		{"phone as dialled at home", url.Values{"phone": {"26661234"}}, []string{"visitors", "contacts"}},
		{"personal code", url.Values{"code": {personCode}}, []string{"petitions"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := staff.Get(t, "/privacy?"+tc.query.Encode())
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			found := map[string]bool{
				"petitions": strings.Contains(area(t, res.Body, "petitions"), ">"+pet.RegNumber+"<"),
				"visitors":  strings.Contains(area(t, res.Body, "visitors"), `href="/visitors/bookings/`+strconv.FormatInt(booking, 10)+`"`),
				"contacts":  strings.Contains(area(t, res.Body, "contacts"), personLink),
			}
			for a, ok := range found {
				want := false
				for _, w := range tc.areas {
					want = want || w == a
				}
				if ok != want {
					t.Errorf("found in %s: %v, want %v", a, ok, want)
				}
			}
			if strings.Contains(res.Body, namesakeLink) {
				t.Error("the namesake is found")
			}
		})
	}

	res := srv.Client(t, "head").Get(t, "/privacy/extract.pdf?"+url.Values{"name": {"Dzintra " + family}}.Encode())
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF-") {
		t.Fatalf("extract: %d", res.StatusCode)
	}
	text := pdftest.Text(t, []byte(res.Body))
	for _, want := range []string{
		"Kontakti", "Kontaktpersona direktorijā", "#" + strconv.FormatInt(person, 10), "Dzintra " + family, email,
		"+371 2666 1234", "Runā latgaliski; zvanīt pēc pusdienām", "Sabiedrības interešu uzdevums", "Atteicies no sūtījumiem",
		"Piesaiste organizācijām", "Latgales Laiks " + n + ", galvenā redaktore", "Dalība citu jomu ierakstos", "preses-konference-7",
		"Adresātu saraksti", "Kultūras žurnālisti " + n,
		pet.RegNumber, "Ielu apgaismojums Ģimnāzijas ielā", "Sadarbība ar skolu",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the extract lacks %q", want)
		}
	}
	if strings.Contains(text, "Ilze "+family) {
		t.Error("the extract holds the namesake")
	}
}

// A name kept in Cyrillic in the directory is found by its Latin spelling
// and the other way round.
func TestDirectoryFindsEitherScript(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, now)
	n := strconv.FormatInt(contactstest.Unique(), 10)
	cyr := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Дмитрий", Family: "Жуковский", Original: "Dmitrijs Žukovskis " + n})
	staff := srv.Client(t, "staff")
	for _, q := range []string{"Дмитрий Жуковский", "dmitrij zukovskij", "Zhukovskiy Dmitriy", "Dmitrijs Žukovskis " + n} {
		res := staff.Get(t, "/privacy?"+url.Values{"name": {q}}.Encode())
		if !strings.Contains(area(t, res.Body, "contacts"), `href="/contacts/`+strconv.FormatInt(cyr, 10)+`"`) {
			t.Errorf("%q does not find Дмитрий Жуковский", q)
		}
	}
	// A word that only begins a word of the name is no match.
	res := staff.Get(t, "/privacy?"+url.Values{"name": {"Дмитрий Жук"}}.Encode())
	if strings.Contains(area(t, res.Body, "contacts"), `href="/contacts/`+strconv.FormatInt(cyr, 10)+`"`) {
		t.Error("a part of the surname finds the person")
	}
}
