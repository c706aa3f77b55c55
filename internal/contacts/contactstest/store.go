// Package contactstest builds the rows a test of the directory needs (an
// organisation, a person, a membership) and RouteSamples, the area's
// records for the route × role test. Other areas' tests use it to make the
// contacts their forms pick.
package contactstest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
)

var seq atomic.Int64

// start keeps this run's numbers apart from an earlier run's in the same
// database.
var start = rand.Int64N(1_000_000) * 1000

// Unique is a number no other fixture of this run has used, for names and
// addresses that must not collide between tests sharing a database.
func Unique() int64 { return seq.Add(1) + start }

// Org adds an organisation of the type with the name (and e-mail, when
// given) and returns its id.
func Org(t testing.TB, pool *pgxpool.Pool, name string, typ contacts.OrgType, emails ...string) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `
		insert into contacts (kind, name, org_type, country, city, emails) values ('organisation', $1, $2, 'LV', 'Daugavpils', $3)
		returning id`, name, typ, nonNil(emails)).Scan(&id)
	if err != nil {
		t.Fatalf("contactstest: organisation %q: %v", name, err)
	}
	return id
}

// Person is what a fixture person is made of; the zero values give a
// person kept for the public task, reachable by e-mail.
type Person struct {
	Given, Family, Original string
	Emails, Phones          []string
	Topics, Languages, Tags []string
	OrgID                   int64 // a current membership, when not 0
	Role                    string
	OptOut                  bool
	Country                 string // LV when empty
}

// AddPerson adds a person and returns its id.
func AddPerson(t testing.TB, pool *pgxpool.Pool, p Person) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := pool.QueryRow(ctx, `
		insert into contacts (kind, name, given_name, family_name, name_original, emails, phones, topics, languages, tags,
		    legal_basis, source, opt_out, opt_out_at, country)
		values ('person', $1, $2, $3, $4, $5, $6, $7, $8, $9, 'public_task', 'fixture', $10, case when $10 then now() end,
		    coalesce(nullif($11, ''), 'LV'))
		returning id`,
		contacts.PersonName(p.Given, p.Family), p.Given, p.Family, p.Original, nonNil(p.Emails), nonNil(p.Phones),
		nonNil(p.Topics), nonNil(p.Languages), nonNil(p.Tags), p.OptOut, p.Country).Scan(&id)
	if err != nil {
		t.Fatalf("contactstest: person %s %s: %v", p.Given, p.Family, err)
	}
	if p.OrgID != 0 {
		Member(t, pool, id, p.OrgID, p.Role)
	}
	return id
}

// NewPerson adds a person with a name of its own and an e-mail, and returns its id.
func NewPerson(t testing.TB, pool *pgxpool.Pool, given, family string) int64 {
	t.Helper()
	n := Unique()
	return AddPerson(t, pool, Person{Given: given, Family: family, Emails: []string{fmt.Sprintf("p%d@example.lv", n)}})
}

// Member makes person a current member of org and returns the membership's id.
func Member(t testing.TB, pool *pgxpool.Pool, person, org int64, role string) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `insert into contact_memberships (person_id, org_id, role) values ($1, $2, $3) returning id`,
		person, org, role).Scan(&id)
	if err != nil {
		t.Fatalf("contactstest: membership: %v", err)
	}
	return id
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// RouteSamples are real paths for every route of the area with a path parameter.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	org := Org(t, pool, "Maršruta paraugu redakcija", contacts.Media)
	person := AddPerson(t, pool, Person{Given: "Paula", Family: "Paraudziņa", OrgID: org, Role: "žurnāliste"})
	membership := Member(t, pool, person, Org(t, pool, "Otrā paraugu redakcija", contacts.Media), "ārštata autore")
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	twin := AddPerson(t, pool, Person{Given: "Paula", Family: "Paraudziņa", OrgID: org, Role: "žurnāliste"})
	pair := url.Values{"a": {id(person)}, "b": {id(twin)}, "va": {"1"}, "vb": {"1"}} // no "keep": refused, nothing merged
	samples := []apptest.RouteSample{
		{Pattern: "/contacts/merge", Path: "/contacts/merge?" + pair.Encode(), Form: pair},
		{Pattern: "/contacts/{id}", Path: "/contacts/" + id(person)},
		{Pattern: "/contacts/{id}", Path: "/contacts/" + id(org)},
		{Pattern: "/contacts/{id}/edit", Path: "/contacts/" + id(person) + "/edit"},
		{Pattern: "/contacts/{id}/memberships", Path: "/contacts/" + id(person) + "/memberships"},
		{Pattern: "/contacts/memberships/{id}/end", Path: "/contacts/memberships/" + id(membership) + "/end"},
	}
	// An import's preview for each account that keeps the directory (an
	// import is its uploader's alone: others are sent back to the upload),
	// with a new row, a duplicate and an invalid one.
	file := "Vārds;Uzvārds;E-pasts;Organizācija\nPaula;Paraudziņa;;Maršruta paraugu redakcija\nJauna;Paraudze;jauna.paraudze@example.lv;\n<b>Tikai</b>;;;\n"
	pf, err := contacts.ParseImport("paraugs.csv", []byte(file))
	if err != nil {
		t.Fatalf("contactstest: import sample: %v", err)
	}
	store := contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now})
	for _, username := range []string{"staff", "head"} {
		var user int64
		if err := pool.QueryRow(context.Background(), `select id from users where username = $1`, username).Scan(&user); err != nil {
			continue // no such demo account
		}
		token, err := store.Stage(context.Background(), user, "paraugs.csv", pf)
		if err != nil {
			t.Fatalf("contactstest: import sample: %v", err)
		}
		samples = append(samples, apptest.RouteSample{Pattern: "/contacts/import/preview", Path: "/contacts/import/preview?t=" + token})
	}
	return samples
}
