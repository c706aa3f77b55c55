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

// every reads every page of the list of f, limit rows a page, and fails
// when a contact comes twice.
func every(t *testing.T, s *contacts.Store, f contacts.ListFilter, limit int) []int64 {
	t.Helper()
	var ids []int64
	var after *contacts.Cursor
	for range 100 {
		rows, next, err := s.List(ctx(), f, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if slices.Contains(ids, r.ID) {
				t.Fatalf("%+v: contact %d on two pages", f, r.ID)
			}
			ids = append(ids, r.ID)
		}
		if next == nil {
			return ids
		}
		after = next
	}
	t.Fatal("more than 100 pages")
	return nil
}

// The search's paths: a rare word read by id from the words' index, common
// words walking the list's order (and, when the walk does not fill the
// page, the rarest word's contacts by id after all), in every order, with
// the filters, in both scripts, by e-mail and phone.
func TestSearchPaths(t *testing.T) {
	s, pool := newStore(t)
	// Five contacts are "common" here, and the walk gives up after two.
	defer contacts.SetSearchLimits(4, 2, true)()
	n := contactstest.Unique()
	word := fmt.Sprintf("Kalns%d", n) // every one of them
	org := contactstest.Org(t, pool, word+" Media", contacts.Media)
	var people []int64
	// A tag and a topic of their own: a filter of few contacts.
	tag, topic := fmt.Sprintf("tv%d", n), fmt.Sprintf("sports%d", n)
	// Jānis is not rare across the test database; his given name here is.
	jānis := fmt.Sprintf("Jānis%d", n)
	for i, given := range []string{"Anna", jānis, "Pēteris", "Zane", "Ārija", "Oļegs"} {
		p := contactstest.Person{Given: given, Family: fmt.Sprintf("%s %c", word, 'A'+i),
			Emails: []string{fmt.Sprintf("%s.%d@kalns.lv", []string{"anna", "janis", "peteris", "zane", "arija", "olegs"}[i], n)}}
		if i == 0 {
			// Two words that begin with the search word: found once.
			p.Emails = append(p.Emails, strings.ToLower(word)+"a@kalns.lv")
		}
		if i%2 == 0 {
			p.Tags, p.Topics, p.OrgID = []string{tag}, []string{topic}, org
		}
		p.OptOut = i == 3
		if i == 5 {
			p.Country = "EE"
		}
		people = append(people, contactstest.AddPerson(t, pool, p))
	}
	phone := fmt.Sprintf("+37129%06d", n%1000000)
	cyr := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Дмитрий", Family: fmt.Sprintf("Жуков%d", n), Phones: []string{phone}, OrgID: org})
	// Changed at times of their own, the first person last.
	for i, id := range append([]int64{org, cyr}, people...) {
		if _, err := pool.Exec(ctx(), `update contacts set updated_at = $2 where id = $1`, id, fixedNow.Add(-time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx(), `update contacts set updated_at = $2 where id = $1`, people[0], fixedNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		f    contacts.ListFilter
		plan string
		want []int64 // in the list's order
	}{
		{"a common word, walked then read by id", contacts.ListFilter{Q: word}, "common",
			append(append([]int64{}, people...), org, cyr)}, // "Kalns… A" … "Kalns… F", "Kalns… Media", and its member in Cyrillic
		{"a common prefix", contacts.ListFilter{Q: strings.ToLower(word[:len(word)-1])}, "common", nil},
		{"a rare word", contacts.ListFilter{Q: fmt.Sprintf("ZANE.%d", n)}, "rare 0", []int64{people[3]}},
		{"two words, the rare one read by id", contacts.ListFilter{Q: word + " " + strings.ToLower(jānis)}, "rare 1", []int64{people[1]}},
		{"two words, no match", contacts.ListFilter{Q: word + " nekā"}, "none", nil},
		{"Cyrillic", contacts.ListFilter{Q: fmt.Sprintf("жуков%d", n)}, "rare 0", []int64{cyr}},
		{"Latin for Cyrillic", contacts.ListFilter{Q: fmt.Sprintf("Zhukov%d", n)}, "rare 0", []int64{cyr}},
		{"Latvian Latin for Cyrillic", contacts.ListFilter{Q: fmt.Sprintf("žukovs%d", n)}, "none", nil},
		{"a phone without 371", contacts.ListFilter{Q: phone[4:8]}, "", nil},
		{"a phone in full", contacts.ListFilter{Q: "+371 " + phone[4:]}, "", []int64{cyr}},
		{"an e-mail", contacts.ListFilter{Q: fmt.Sprintf("arija.%d@kalns.lv", n)}, "rare 0", []int64{people[4]}},
		{"a common word and a tag", contacts.ListFilter{Q: word, Tag: tag}, "filtered", []int64{people[0], people[2], people[4]}},
		{"a common word and a topic, people", contacts.ListFilter{Q: word, Topic: topic, Kind: contacts.Person}, "filtered",
			[]int64{people[0], people[2], people[4]}},
		{"a common word and a country", contacts.ListFilter{Q: word, Country: "EE"}, "filtered", []int64{people[5]}},
		{"a common word and the opted out", contacts.ListFilter{Q: word, OptedOut: true}, "filtered", []int64{people[3]}},
		{"a common word and organisations", contacts.ListFilter{Q: word, Kind: contacts.Organisation}, "common", []int64{org}},
		{"a rare word and the organisation's type", contacts.ListFilter{Q: fmt.Sprintf("dmitrij zukov%d", n), OrgType: contacts.Media}, "", []int64{cyr}},
		{"a rare word and another type", contacts.ListFilter{Q: fmt.Sprintf("zhukov%d", n), OrgType: contacts.School}, "rare 0", []int64{}},
		{"by type: the organisation first", contacts.ListFilter{Q: word, Sort: contacts.SortType}, "common",
			append(append([]int64{org}, people...), cyr)},
		{"by the last change", contacts.ListFilter{Q: word, Sort: contacts.SortUpdated}, "common",
			[]int64{people[0], org, cyr, people[1], people[2], people[3], people[4], people[5]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.plan != "" {
				if plan, err := contacts.SearchPlan(ctx(), s, tc.f); err != nil || plan != tc.plan {
					t.Errorf("plan %q, %v; want %q", plan, err, tc.plan)
				}
			}
			// Common words read from the words' first letters, and walked;
			// a filter's few checked for the words, and not.
			for _, prefix := range []bool{true, false} {
				for _, filterRows := range []int{0, 5000} {
					restore, restoreFilter := contacts.SetSearchLimits(4, 2, prefix), contacts.SetFilterRows(filterRows)
					for _, limit := range []int{2, 50} {
						got := every(t, s, tc.f, limit)
						if tc.want != nil && !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
							t.Errorf("prefix %v, filter of %d, %d a page: found %v, want %v", prefix, filterRows, limit, got, tc.want)
						}
						if tc.want == nil && tc.plan != "none" && len(got) == 0 {
							t.Errorf("prefix %v, filter of %d, %d a page: found nothing", prefix, filterRows, limit)
						}
					}
					restoreFilter()
					restore()
				}
			}
			// Counted through the words' contacts by id, and through the
			// directory's order as for a word of very many contacts; each
			// by a store of its own, which remembers no crowded word.
			for _, countIDs := range []int{20000, 0} {
				restore, restoreWalk := contacts.SetCountIDs(countIDs), contacts.SetCountWalk(1<<30)
				c, err := freshStore(pool).Count(ctx(), tc.f)
				restoreWalk()
				restore()
				if err != nil {
					t.Fatal(err)
				}
				if tc.want != nil && (c.More || c.N != int64(len(tc.want))) {
					t.Errorf("count (by id up to %d rows) %+v, want %d", countIDs, c, len(tc.want))
				}
			}
		})
	}

	// position is where contact id comes in the list's order.
	position := func(id int64) int {
		var n int
		if err := pool.QueryRow(ctx(), `select count(*) from contacts where merged_into is null
			and (sort_key, id) <= (select sort_key, id from contacts where id = $1)`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// A word of very many contacts with a filter of many is counted in the
	// first contacts of the list's order: "more than" those it found
	// there, or, when it found none, exactly through the word's contacts.
	func() {
		defer contacts.SetCountIDs(0)()
		defer contacts.SetFilterRows(0)()           // as for a tag of thousands
		f := contacts.ListFilter{Q: word, Tag: tag} // people 0, 2 and 4
		for _, tc := range []struct {
			walk int
			want contacts.Count
		}{
			{position(people[2]), contacts.Count{N: 2, More: true}},
			{position(people[0]) - 1, contacts.Count{N: 3}},
		} {
			restore := contacts.SetCountWalk(tc.walk)
			c, err := s.Count(ctx(), f)
			restore()
			if err != nil || c != tc.want {
				t.Errorf("counted in the first %d contacts: %+v, %v; want %+v", tc.walk, c, err, tc.want)
			}
		}
	}()

	// A word found crowded is remembered: the store counts its matches
	// in the list's order again, though the word now counts as few, and
	// a store that never found it so counts them by id.
	func() {
		f := contacts.ListFilter{Q: word, Tag: tag} // people 0, 2 and 4
		remembering := freshStore(pool)
		restoreWalk := contacts.SetCountWalk(position(people[2]))
		defer restoreWalk()
		restoreIDs := contacts.SetCountIDs(0)
		defer restoreIDs()
		defer contacts.SetFilterRows(0)()
		if c, err := remembering.Count(ctx(), f); err != nil || c != (contacts.Count{N: 2, More: true}) {
			t.Fatalf("crowded: %+v, %v", c, err)
		}
		contacts.SetCountIDs(20000)
		if c, err := remembering.Count(ctx(), f); err != nil || c != (contacts.Count{N: 2, More: true}) {
			t.Errorf("the word found crowded is not remembered: %+v, %v", c, err)
		}
		if c, err := freshStore(pool).Count(ctx(), f); err != nil || c != (contacts.Count{N: 3}) {
			t.Errorf("a store that never found it crowded: %+v, %v", c, err)
		}
	}()

	// Two common words that match few together: those few, by id.
	zane := fmt.Sprintf("zane%d", n)
	contactstest.AddPerson(t, pool, contactstest.Person{Given: zane, Family: "Upīte"})
	contactstest.AddPerson(t, pool, contactstest.Person{Given: zane, Family: word + " Z"})
	func() {
		defer contacts.SetSearchLimits(1, 2, true)()
		f := contacts.ListFilter{Q: word + " " + zane}
		if plan, err := contacts.SearchPlan(ctx(), s, f); err != nil || plan != "both" {
			t.Errorf("two common words: plan %q, %v", plan, err)
		}
		rows, _, err := s.List(ctx(), f, nil, 10)
		c, _ := s.Count(ctx(), f)
		if err != nil || len(rows) != 1 || rows[0].Name != zane+" "+word+" Z" || c.N != 1 {
			t.Errorf("two common words found %v (%v), count %+v", names(rows), err, c)
		}
	}()

	// Typeahead: the lookup's search, one kind, a few letters.
	found, err := s.Search(ctx(), fmt.Sprintf("kalns%d o", n), contacts.Person, 10)
	if err != nil || len(found) != 1 || found[0].ID != people[5] {
		t.Errorf("typeahead found %+v, %v", found, err)
	}
	// The lookup for an organisation reads organisations, for a person people.
	if found, err := s.Search(ctx(), word, contacts.Organisation, 10); err != nil || len(found) != 1 || found[0].ID != org {
		t.Errorf("typeahead for an organisation found %+v, %v", found, err)
	}
	if found, err := s.Search(ctx(), word[:3], contacts.Person, 3); err != nil || len(found) != 3 || found[0].Kind != contacts.Person {
		t.Errorf("typeahead for people, 3 letters, found %+v, %v", found, err)
	}
	// A word's middle finds nothing, whichever path.
	if rows, _, _ := s.List(ctx(), contacts.ListFilter{Q: word[1:]}, nil, 10); len(rows) != 0 {
		t.Errorf("a word's middle found %v", names(rows))
	}
	// A rename reaches the words: the old word finds no more, the new one does.
	if _, err := pool.Exec(ctx(), `update contacts set name = $2 where id = $1`, org, fmt.Sprintf("Upe%d Media", n)); err != nil {
		t.Fatal(err)
	}
	if rows, _, _ := s.List(ctx(), contacts.ListFilter{Q: fmt.Sprintf("upe%d", n)}, nil, 10); len(rows) != 5 {
		t.Errorf("after the rename the organisation and its 4 people, found %v", names(rows))
	}
}
