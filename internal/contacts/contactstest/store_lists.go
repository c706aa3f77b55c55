package contactstest

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
)

// StaticList adds a static mailing list of the name with the contacts on
// it, and returns its id.
func StaticList(t testing.TB, pool *pgxpool.Pool, name string, members ...int64) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := pool.QueryRow(ctx, `insert into mailing_lists (name, kind) values ($1, 'static') returning id`, name).Scan(&id); err != nil {
		t.Fatalf("contactstest: list %q: %v", name, err)
	}
	for _, m := range members {
		if _, err := pool.Exec(ctx, `insert into mailing_list_members (list_id, contact_id) values ($1, $2)`, id, m); err != nil {
			t.Fatalf("contactstest: list member: %v", err)
		}
	}
	return id
}

// FilterList adds a saved filter of the name, and returns its id.
func FilterList(t testing.TB, pool *pgxpool.Pool, name string, f contacts.ListFilter) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `insert into mailing_lists (name, kind, filter) values ($1, 'filter', $2) returning id`,
		name, f.QueryString()).Scan(&id)
	if err != nil {
		t.Fatalf("contactstest: saved filter %q: %v", name, err)
	}
	return id
}

// ListRouteSamples are real paths for the mailing lists' routes with a
// path parameter. The forms posted are refused (an empty name, no member
// picked) or change nothing another role's request needs: archive and
// restore carry a stale version.
func ListRouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	n := Unique()
	person := NewPerson(t, pool, "Saraksta", fmt.Sprintf("Paraudziņa%d", n))
	list := StaticList(t, pool, fmt.Sprintf("Maršruta paraugu saraksts %d", n), person)
	l := "/contacts/lists/" + strconv.FormatInt(list, 10)
	stale := url.Values{"version": {"999"}}
	return []apptest.RouteSample{
		{Pattern: "/contacts/lists/{id}", Path: l},
		{Pattern: "/contacts/lists/{id}/edit", Path: l + "/edit", Form: url.Values{"name": {""}, "version": {"1"}}},
		{Pattern: "/contacts/lists/{id}/archive", Path: l + "/archive", Form: stale},
		{Pattern: "/contacts/lists/{id}/restore", Path: l + "/restore", Form: stale},
		{Pattern: "/contacts/lists/{id}/members", Path: l + "/members", Form: url.Values{}},
		{Pattern: "/contacts/lists/{id}/members/{contact}/remove", Path: l + "/members/" + strconv.FormatInt(person, 10) + "/remove"},
		{Pattern: "/contacts/lists/{id}/export.csv", Path: l + "/export.csv"},
		{Pattern: "/contacts/lists/{id}/export.xlsx", Path: l + "/export.xlsx"},
		{Pattern: "/contacts/{id}/lists", Path: "/contacts/" + strconv.FormatInt(person, 10) + "/lists", Form: url.Values{"list": {strconv.FormatInt(list, 10)}}},
	}
}
