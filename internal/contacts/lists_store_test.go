package contacts_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/errs"
)

func newList(t *testing.T, s *contacts.Store, name string, members ...int64) int64 {
	t.Helper()
	id, err := s.CreateList(ctx(), contacts.MailingList{Name: name, Kind: contacts.StaticList}, "")
	if err != nil {
		t.Fatalf("list %q: %v", name, err)
	}
	for _, m := range members {
		if _, err := s.AddListMember(ctx(), id, m); err != nil {
			t.Fatalf("member %d: %v", m, err)
		}
	}
	return id
}

func person(t *testing.T, pool *pgxpool.Pool, family string, optOut bool, emails ...string) int64 {
	t.Helper()
	return contactstest.AddPerson(t, pool, contactstest.Person{Given: "Sarakstu", Family: family, Emails: emails, OptOut: optOut})
}

func recipientIDs(rs []contacts.Recipient) []int64 {
	var out []int64
	for _, r := range rs {
		out = append(out, r.ContactID)
	}
	slices.Sort(out)
	return out
}

func reasonOf(set contacts.RecipientSet, id int64) contacts.Reason {
	for _, r := range set.LeftOut {
		if r.ContactID == id {
			return r.Reason
		}
	}
	return "reachable"
}

// A list counts those a mailing reaches, and says of the others why not:
// asked for no mail, no address, an organisation that closed, an address
// another member has.
func TestAListCountsWhoItReachesAndWhyNotTheOthers(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	a := person(t, pool, fmt.Sprintf("A%d", n), false, fmt.Sprintf("kopa%d@example.lv", n))
	optedOut := person(t, pool, fmt.Sprintf("B%d", n), true, fmt.Sprintf("b%d@example.lv", n))
	noEmail := person(t, pool, fmt.Sprintf("C%d", n), false)
	closed := contactstest.Org(t, pool, fmt.Sprintf("D slēgtā redakcija %d", n), contacts.Media, fmt.Sprintf("d%d@example.lv", n))
	if _, err := pool.Exec(ctx(), `update contacts set active = false where id = $1`, closed); err != nil {
		t.Fatal(err)
	}
	same := person(t, pool, fmt.Sprintf("E%d", n), false, fmt.Sprintf("kopa%d@example.lv", n))
	list := newList(t, s, fmt.Sprintf("Skaitīšanas saraksts %d", n), a, optedOut, noEmail, closed, same)

	card, err := s.OpenList(ctx(), list)
	if err != nil {
		t.Fatal(err)
	}
	r := card.Reach
	if r.Members != 5 || r.Reachable != 1 || r.LeftOut() != 4 || r.Repeated != 0 ||
		r.Left[contacts.ReasonOptedOut] != 1 || r.Left[contacts.ReasonNoEmail] != 1 ||
		r.Left[contacts.ReasonInactive] != 1 || r.Left[contacts.ReasonSameEmail] != 1 {
		t.Errorf("reach %+v", r)
	}
	set, err := s.Recipients(ctx(), []int64{list}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recipientIDs(set.Recipients), []int64{a}) {
		t.Errorf("recipients %v, want only %d", recipientIDs(set.Recipients), a)
	}
	for id, want := range map[int64]contacts.Reason{optedOut: contacts.ReasonOptedOut, noEmail: contacts.ReasonNoEmail,
		closed: contacts.ReasonInactive, same: contacts.ReasonSameEmail} {
		if got := reasonOf(set, id); got != want {
			t.Errorf("%d left out as %q, want %q", id, got, want)
		}
	}
	for _, l := range set.LeftOut {
		if l.Reason == contacts.ReasonSameEmail && l.SameAs != a {
			t.Errorf("same e-mail as %d, want %d", l.SameAs, a)
		}
	}
	lines, err := s.MailingLists(ctx(), false)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(lines, func(l contacts.ListLine) bool { return l.ID == list })
	if i < 0 || lines[i].Reach.Reachable != 1 || lines[i].Reach.Members != 5 {
		t.Errorf("the lists page: %+v", lines)
	}
}

// Lists combined give each person once: on two lists, on a list and picked
// by hand, and two contacts with one address.
func TestRecipientsAreDeduplicatedAcrossListsAndByEmail(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	a := person(t, pool, fmt.Sprintf("Apvieno A%d", n), false, fmt.Sprintf("a%d@example.lv", n))
	b := person(t, pool, fmt.Sprintf("Apvieno B%d", n), false, fmt.Sprintf("b%d@example.lv", n))
	c := person(t, pool, fmt.Sprintf("Apvieno C%d", n), false, fmt.Sprintf("c%d@example.lv", n))
	// The same address twice, written differently by two records.
	d := person(t, pool, fmt.Sprintf("Apvieno D%d", n), false, fmt.Sprintf("redakcija%d@example.lv", n))
	e := contactstest.Org(t, pool, fmt.Sprintf("Apvieno E redakcija %d", n), contacts.Media, fmt.Sprintf("redakcija%d@example.lv", n))
	l1 := newList(t, s, fmt.Sprintf("Pirmais %d", n), a, b, d)
	l2 := newList(t, s, fmt.Sprintf("Otrais %d", n), b, c, e)
	set, err := s.Recipients(ctx(), []int64{l1, l2}, []int64{a, c})
	if err != nil {
		t.Fatal(err)
	}
	got := recipientIDs(set.Recipients)
	if len(got) != 4 || slices.Compact(slices.Clone(got)) == nil {
		t.Errorf("recipients %v", got)
	}
	addresses := map[string]int{}
	for _, r := range set.Recipients {
		addresses[r.Email]++
		if addresses[r.Email] > 1 {
			t.Errorf("%s twice", r.Email)
		}
	}
	if len(set.LeftOut) != 1 || set.LeftOut[0].Reason != contacts.ReasonSameEmail {
		t.Errorf("left out %+v", set.LeftOut)
	}
	// a: list and picked; b: two lists; c: list and picked.
	if set.Reach.Repeated != 3 || set.Reach.Members != 5 || set.Reach.Reachable != 4 {
		t.Errorf("reach %+v", set.Reach)
	}
	_, reach, err := s.CombinedReach(ctx(), []int64{l1, l2})
	if err != nil || reach.Repeated != 1 || reach.Reachable != 4 {
		t.Errorf("combined %+v %v", reach, err)
	}
}

// Whoever asked for no mailings is never a recipient: on a static list, in
// a saved filter, picked by hand, or opting out after being added.
func TestAnOptedOutPersonIsNeverARecipient(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	tag := fmt.Sprintf("atteikums%d", n)
	out := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Neraksti", Family: fmt.Sprintf("Man%d", n),
		Emails: []string{fmt.Sprintf("ne%d@example.lv", n)}, Tags: []string{tag}, OptOut: true})
	later := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Vēlāk", Family: fmt.Sprintf("Atteicās%d", n),
		Emails: []string{fmt.Sprintf("velak%d@example.lv", n)}, Tags: []string{tag}})
	static := newList(t, s, fmt.Sprintf("Atteikušies %d", n), out, later)
	filter, err := s.CreateList(ctx(), contacts.MailingList{Name: fmt.Sprintf("Atteikušies filtrs %d", n), Kind: contacts.SavedFilter,
		Filter: contacts.ListFilter{Tag: tag}}, "")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Get(ctx(), later)
	c.OptOut = true
	if err := s.Update(ctx(), c); err != nil {
		t.Fatal(err)
	}
	set, err := s.Recipients(ctx(), []int64{static, filter}, []int64{out, later})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Recipients) != 0 {
		t.Errorf("recipients %v", recipientIDs(set.Recipients))
	}
	if reasonOf(set, out) != contacts.ReasonOptedOut || reasonOf(set, later) != contacts.ReasonOptedOut {
		t.Errorf("left out %+v", set.LeftOut)
	}
	for _, l := range []int64{static, filter} {
		card, _ := s.OpenList(ctx(), l)
		if card.Reach.Reachable != 0 || card.Reach.Left[contacts.ReasonOptedOut] != 2 {
			t.Errorf("list %d: %+v", l, card.Reach)
		}
	}
}

// A saved filter's members are found when it is read: a person added to
// the directory later is on it, one who no longer matches is not.
func TestASavedFilterIsEvaluatedWhenRead(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	tag := fmt.Sprintf("kultūra%d", n)
	add := func(family string, topics ...string) int64 {
		return contactstest.AddPerson(t, pool, contactstest.Person{Given: "Filtra", Family: family, Topics: topics,
			Tags: []string{tag}, Emails: []string{fmt.Sprintf("%s%d@example.lv", family, n)}})
	}
	a := add("Ozola", "culture")
	add("Sporta", "sport")
	f := contacts.ListFilter{Tag: tag, Topic: "culture", Kind: contacts.Person}
	list, err := s.CreateList(ctx(), contacts.MailingList{Name: fmt.Sprintf("Žurnālisti: kultūra %d", n), Kind: contacts.SavedFilter, Filter: f}, "")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := s.GetList(ctx(), list)
	if l.Filter != f {
		t.Errorf("stored filter %+v, want %+v", l.Filter, f)
	}
	b := add("Bērziņa", "culture", "education")
	set, err := s.Recipients(ctx(), []int64{list}, nil)
	if err != nil || !slices.Equal(recipientIDs(set.Recipients), []int64{a, b}) {
		t.Errorf("recipients %v (%v), want %d %d", recipientIDs(set.Recipients), err, a, b)
	}
	if _, err := pool.Exec(ctx(), `update contacts set topics = '{sport}' where id = $1`, a); err != nil {
		t.Fatal(err)
	}
	rows, next, err := s.ListMembers(ctx(), l, false, nil, 10)
	if err != nil || next != nil || len(rows) != 1 || rows[0].ContactID != b {
		t.Errorf("members %+v %v", rows, err)
	}
}

// Merging two contacts moves their places on lists to the one kept, once
// each; a mailing to the lists reaches the person once.
func TestMergeMovesListMemberships(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	keep := person(t, pool, fmt.Sprintf("Paturētā%d", n), false, fmt.Sprintf("keep%d@example.lv", n))
	drop := person(t, pool, fmt.Sprintf("Dzēstā%d", n), false, fmt.Sprintf("drop%d@example.lv", n))
	both := newList(t, s, fmt.Sprintf("Abi %d", n), keep, drop)
	only := newList(t, s, fmt.Sprintf("Tikai dzēstā %d", n), drop)
	if err := s.Merge(ctx(), keep, drop, 1, 1); err != nil {
		t.Fatal(err)
	}
	var rows, dropRows int
	pool.QueryRow(ctx(), `select count(*) filter (where contact_id = $1), count(*) filter (where contact_id = $2)
		from mailing_list_members where list_id = any($3)`, keep, drop, []int64{both, only}).Scan(&rows, &dropRows)
	if rows != 2 || dropRows != 0 {
		t.Errorf("after the merge: kept on %d lists, dropped on %d", rows, dropRows)
	}
	set, err := s.Recipients(ctx(), []int64{both, only}, []int64{drop})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recipientIDs(set.Recipients), []int64{keep}) || set.Reach.Members != 1 {
		t.Errorf("recipients %v, reach %+v", recipientIDs(set.Recipients), set.Reach)
	}
	lists, err := s.ListsOf(ctx(), keep)
	if err != nil || len(lists) != 2 {
		t.Errorf("the kept person's lists: %d %v", len(lists), err)
	}
}

func TestListFormsRulesInTheStore(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	name := fmt.Sprintf("Reģionālie mediji %d", n)
	key := fmt.Sprintf("list-key-%d", n)
	id, err := s.CreateList(ctx(), contacts.MailingList{Name: name, Kind: contacts.StaticList}, key)
	if err != nil {
		t.Fatal(err)
	}
	// A double click saves one list.
	if again, err := s.CreateList(ctx(), contacts.MailingList{Name: name, Kind: contacts.StaticList}, key); err != nil || again != id {
		t.Errorf("the same form twice: %d, %d (%v)", id, again, err)
	}
	// Two lists in use with one name are refused beside the name.
	if _, err := s.CreateList(ctx(), contacts.MailingList{Name: name, Kind: contacts.StaticList}, ""); refusal(err) != "name: contacts.lists.err_name_taken" {
		t.Errorf("a second list of the name: %v", err)
	}
	// A stale form is a conflict, and changes nothing.
	if err := s.UpdateList(ctx(), contacts.MailingList{ID: id, Name: name + " (jauns)", Version: 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateList(ctx(), contacts.MailingList{ID: id, Name: name + " (vecs)", Version: 1}); !isConflict(err) {
		t.Errorf("stale edit: %v", err)
	}
	// Archived: out of the lists in use, refused to press, back in use again.
	if err := s.ArchiveList(ctx(), id, 2, true); err != nil {
		t.Fatal(err)
	}
	if err := s.ArchiveList(ctx(), id, 2, true); !isConflict(err) {
		t.Errorf("archiving twice: %v", err)
	}
	if _, err := s.Recipients(ctx(), []int64{id}, nil); !errors.Is(err, errs.Invalid) {
		t.Errorf("recipients of an archived list: %v", err)
	}
	if _, err := s.AddListMember(ctx(), id, person(t, pool, fmt.Sprintf("Arhīva%d", n), false)); refusal(err) != "member: contacts.lists.err_not_static" {
		t.Errorf("adding to an archived list: %v", err)
	}
	if err := s.ArchiveList(ctx(), id, 3, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Recipients(ctx(), []int64{id, 1 << 50}, nil); !errors.Is(err, errs.NotFound) {
		t.Errorf("a list that is not: %v", err)
	}
	var actions []string
	rows, _ := pool.Query(ctx(), `select action from audit_log where entity = 'mailing_list' and entity_id = $1 order by id`, fmt.Sprint(id))
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	if !slices.Equal(actions, []string{"create", "update", "archive", "restore"}) {
		t.Errorf("audit %v", actions)
	}
}

// "Add all found" puts the directory's filter's people on a static list,
// those on it already once.
func TestAddingTheFoundToAList(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	tag := fmt.Sprintf("visi%d", n)
	var people []int64
	for i := range 3 {
		people = append(people, contactstest.AddPerson(t, pool, contactstest.Person{Given: "Atrastā", Family: fmt.Sprintf("Nr%d-%d", i, n),
			Tags: []string{tag}, Emails: []string{fmt.Sprintf("atr%d-%d@example.lv", i, n)}}))
	}
	list := newList(t, s, fmt.Sprintf("Atrastie %d", n), people[0])
	added, err := s.AddFoundToList(ctx(), list, contacts.ListFilter{Tag: tag})
	if err != nil || added != 2 {
		t.Fatalf("added %d, %v", added, err)
	}
	l, _ := s.GetList(ctx(), list)
	first, next, err := s.ListMembers(ctx(), l, false, nil, 2)
	if err != nil || len(first) != 2 || next == nil {
		t.Fatalf("first page %d %v %v", len(first), next, err)
	}
	rest, next, err := s.ListMembers(ctx(), l, false, next, 2)
	if err != nil || len(rest) != 1 || next != nil {
		t.Errorf("second page %d %v %v", len(rest), next, err)
	}
	if err := s.RemoveListMember(ctx(), list, people[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveListMember(ctx(), list, people[1]); !errors.Is(err, errs.NotFound) {
		t.Errorf("removing twice: %v", err)
	}
	filter, _ := s.CreateList(ctx(), contacts.MailingList{Name: fmt.Sprintf("Filtrs %d", n), Kind: contacts.SavedFilter, Filter: contacts.ListFilter{Tag: tag}}, "")
	if _, err := s.AddFoundToList(ctx(), filter, contacts.ListFilter{Tag: tag}); refusal(err) != "list: contacts.lists.err_not_static" {
		t.Errorf("adding to a saved filter: %v", err)
	}
}
