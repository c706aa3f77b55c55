package contacts_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// names lists the names of a page of the list.
func names(rows []contacts.ListRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Name
	}
	return out
}

// The search folds the same way in Go (the search words) and in the
// database (the search column): what one folds, the other finds.
func TestGoAndDatabaseFoldAlike(t *testing.T) {
	_, pool := newStore(t)
	for _, s := range []string{"Jānis Bērziņš", "Дмитрий Щукин-Жуков", "Ёлка Йод", "Wiśniewski", "anna.berzina@delfi.lv", "ĶĒĪĻŅ 12-3"} {
		var db string
		if err := pool.QueryRow(ctx(), `select contact_fold($1)`, s).Scan(&db); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(contacts.Fold(s), " "); got != db {
			t.Errorf("%q: Go folds %q, the database %q", s, got, db)
		}
	}
}

func TestSearchFindsNamesInEitherScriptOrganisationsEmailsAndPhones(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	org := contactstest.Org(t, pool, fmt.Sprintf("Redakcija Ūdenszīme %d", n), contacts.Media)
	berz := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Jānis", Family: fmt.Sprintf("Bērziņš%d", n),
		Emails: []string{fmt.Sprintf("janis%d@udens.lv", n)}, Phones: []string{"+37129" + fmt.Sprintf("%06d", n%1000000)}, OrgID: org})
	cyr := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Дмитрий", Family: fmt.Sprintf("Жуков%d", n)})
	lat := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Sergejs", Family: fmt.Sprintf("Ivanovs%d", n), Original: fmt.Sprintf("Сергей Иванов%d", n)})
	find := func(q string) []int64 {
		rows, _, err := s.List(ctx(), contacts.ListFilter{Q: q}, nil, 50)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		return ids
	}
	for q, want := range map[string]int64{
		fmt.Sprintf("berzins%d", n):           berz,
		fmt.Sprintf("BĒRZIŅŠ%d jān", n):       berz,
		fmt.Sprintf("janis%d@udens", n):       berz,
		fmt.Sprintf("udenszime %d", n):        berz, // the organisation's name finds its people
		fmt.Sprintf("zhukov%d", n):            cyr,  // Latin finds Cyrillic, as a passport writes it
		fmt.Sprintf("zukov%d", n):             cyr,  // and as Latvian does
		fmt.Sprintf("жуков%d", n):             cyr,
		fmt.Sprintf("иванов%d", n):            lat, // Cyrillic finds the Latvian spelling
		fmt.Sprintf("29%06d", n%1000000):      berz,
		fmt.Sprintf("+371 29%06d", n%1000000): berz,
	} {
		if got := find(q); !slices.Contains(got, want) {
			t.Errorf("search %q found %v, want %d among them", q, got, want)
		}
	}
	// A word matches the start of a word only.
	if got := find(fmt.Sprintf("erzins%d", n)); slices.Contains(got, berz) {
		t.Errorf("a word's middle found %v", got)
	}
	if got := find("%"); len(got) != 0 && !slices.Contains(got, berz) {
		t.Logf("punctuation alone lists everything unfiltered: %d rows", len(got))
	}
}

func TestFiltersAndKeysetPaging(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	tag := fmt.Sprintf("lapas%d", n)
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("Lapotājs%d %c", n, 'A'+i)
		contactstest.AddPerson(t, pool, contactstest.Person{Given: "Pēteris", Family: name, Tags: []string{tag},
			Topics: []string{"sport"}, Languages: []string{"lv"}})
		want = append(want, "Pēteris "+name)
	}
	contactstest.AddPerson(t, pool, contactstest.Person{Given: "Cits", Family: "Bezbirkas", Topics: []string{"culture"}})
	f := contacts.ListFilter{Tag: tag, Topic: "sport", Language: "lv", Kind: contacts.Person}
	var got []string
	var after *contacts.Cursor
	for pages := 0; ; pages++ {
		rows, next, err := s.List(ctx(), f, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, names(rows)...)
		if next == nil {
			if pages != 2 {
				t.Errorf("%d pages, want 3", pages+1)
			}
			break
		}
		after = next
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages gave %v, want %v", got, want)
	}
	c, err := s.Count(ctx(), f)
	if err != nil || c.N != 7 || c.More {
		t.Errorf("count %+v, %v", c, err)
	}
	// An organisation's type filters people by their current organisation.
	org := contactstest.Org(t, pool, fmt.Sprintf("Vēstniecība %d", n), contacts.Embassy)
	p := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Konsuls", Family: fmt.Sprintf("Vēstnieks%d", n), OrgID: org, Tags: []string{tag}})
	rows, _, err := s.List(ctx(), contacts.ListFilter{OrgType: contacts.Embassy, Tag: tag}, nil, 10)
	if err != nil || len(rows) != 1 || rows[0].ID != p {
		t.Errorf("embassy people %v, %v", names(rows), err)
	}
	// The type follows the organisation: retyped, its people are listed
	// under the new type; left, the person is listed under it no more.
	listed := func(typ contacts.OrgType) []string {
		t.Helper()
		f := contacts.ListFilter{OrgType: typ, Tag: tag, Kind: contacts.Person}
		rows, _, err := s.List(ctx(), f, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Count(ctx(), f)
		if err != nil || c.N != int64(len(rows)) {
			t.Errorf("%s: count %+v for %d rows, %v", typ, c, len(rows), err)
		}
		return names(rows)
	}
	embassy, err := s.Get(ctx(), org)
	if err != nil {
		t.Fatal(err)
	}
	embassy.OrgType = contacts.International
	if err := s.Update(ctx(), embassy); err != nil {
		t.Fatal(err)
	}
	if got := listed(contacts.International); len(got) != 1 {
		t.Errorf("people of the retyped organisation: %v", got)
	}
	if got := listed(contacts.Embassy); len(got) != 0 {
		t.Errorf("still listed under the old type: %v", got)
	}
	var membership int64
	if err := pool.QueryRow(ctx(), `select id from contact_memberships where person_id = $1`, p).Scan(&membership); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EndMembership(ctx(), membership, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := listed(contacts.International); len(got) != 0 {
		t.Errorf("listed under the type of an organisation left: %v", got)
	}
}

func TestCreateIsIdempotentAndEditIsVersioned(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	c := contacts.Contact{Kind: contacts.Person, GivenName: "Līga", FamilyName: fmt.Sprintf("Versija%d", n), Country: "LV",
		LegalBasis: contacts.PublicTask, Source: "vizītkarte", Emails: []string{fmt.Sprintf("liga%d@example.lv", n)}, Active: true}
	c.Name = contacts.PersonName(c.GivenName, c.FamilyName)
	key := fmt.Sprintf("key-%d", n)
	id, err := s.Create(ctx(), c, key)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Create(ctx(), c, key)
	if err != nil || again != id {
		t.Fatalf("second create of one form: %d, %v; want %d", again, err, id)
	}
	got, err := s.Get(ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	got.Position = "žurnāliste"
	if err := s.Update(ctx(), got); err != nil {
		t.Fatal(err)
	}
	got.Position = "redaktore" // the version read before the first save
	if err := s.Update(ctx(), got); !isConflict(err) {
		t.Errorf("stale edit: %v, want a conflict", err)
	}
	// The audit log names the record by number only.
	var summaries []string
	rows, _ := pool.Query(ctx(), `select summary from audit_log where entity = 'contact' and entity_id = $1`, fmt.Sprint(id))
	for rows.Next() {
		var sm string
		rows.Scan(&sm)
		summaries = append(summaries, sm)
	}
	if len(summaries) != 2 {
		t.Errorf("audit entries %v, want a create and an update", summaries)
	}
	for _, sm := range summaries {
		if strings.Contains(sm, "Līga") || strings.Contains(sm, "Versija") || strings.Contains(sm, "@") {
			t.Errorf("summary %q names the person", sm)
		}
	}
}

func TestMembershipsKeepTheHistoryOfAMove(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	first := contactstest.Org(t, pool, fmt.Sprintf("Pirmā avīze %d", n), contacts.Media)
	second := contactstest.Org(t, pool, fmt.Sprintf("Otrā avīze %d", n), contacts.Media)
	p := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Kārlis", Family: fmt.Sprintf("Pārcēlājs%d", n)})
	m, err := s.AddMembership(ctx(), contacts.Membership{PersonID: p, OrgID: first, Role: "žurnālists"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EndMembership(ctx(), m, fixedNow); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMembership(ctx(), contacts.Membership{PersonID: p, OrgID: second, Role: "redaktors"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMembership(ctx(), contacts.Membership{PersonID: p, OrgID: p}); refusal(err) != "org: contacts.err_org" {
		t.Errorf("a person as organisation: %v", err)
	}
	card, err := s.OpenCard(ctx(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Memberships) != 2 || card.Memberships[0].OrgID != second || card.Memberships[1].EndsOn == nil {
		t.Errorf("memberships %+v", card.Memberships)
	}
	// The search follows the current organisation only.
	rows, _, _ := s.List(ctx(), contacts.ListFilter{Q: fmt.Sprintf("otra avize %d", n)}, nil, 10)
	if len(rows) != 2 { // the organisation and its journalist
		t.Errorf("current organisation's search: %v", names(rows))
	}
	rows, _, _ = s.List(ctx(), contacts.ListFilter{Q: fmt.Sprintf("pirma avize %d", n), Kind: contacts.Person}, nil, 10)
	if len(rows) != 0 {
		t.Errorf("a past organisation still finds %v", names(rows))
	}
	// Renaming the organisation renames it in its people's search.
	if _, err := pool.Exec(ctx(), `update contacts set name = $2 where id = $1`, second, fmt.Sprintf("Trešā avīze %d", n)); err != nil {
		t.Fatal(err)
	}
	rows, _, _ = s.List(ctx(), contacts.ListFilter{Q: fmt.Sprintf("tresa %d", n), Kind: contacts.Person}, nil, 10)
	if len(rows) != 1 || rows[0].ID != p {
		t.Errorf("after the rename: %v", names(rows))
	}
}
