// Package presstest builds the press area's records for tests, and gives
// the route × role test a real path for every route with a parameter.
package presstest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/press"
)

// Clock is the fixtures' clock; a test that needs them at a set time
// changes it.
var Clock = time.Now

// Store is a store on pool with the directory and Clock.
func Store(pool *pgxpool.Pool) *press.Store {
	return press.NewStore(press.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: Clock}), Now: Clock})
}

// Latvian is a Latvian text with title, for an Input.
func Latvian(title string) press.Text {
	return press.Text{Lang: press.Latvian, Status: press.TextReady, Title: title,
		Lead: "Daugavpils pilsētas pašvaldība informē.", Body: "Relīzes teksts: " + title + "."}
}

// AddRelease saves in (a Latvian text made from a title when it has none)
// as a draft and returns its id.
func AddRelease(t testing.TB, pool *pgxpool.Pool, in press.Input) int64 {
	t.Helper()
	if len(in.Content.Texts) == 0 {
		in.Content.Texts = []press.Text{Latvian("Jaunā tilta atklāšana")}
	}
	id, err := Store(pool).Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Approve takes release id through approval, as the head would.
func Approve(t testing.TB, pool *pgxpool.Pool, id int64) {
	t.Helper()
	ctx := context.Background()
	s := Store(pool)
	r, err := s.Release(ctx, id)
	if err == nil {
		err = s.Submit(ctx, id, r.Version)
	}
	if err == nil {
		err = s.Approve(ctx, id, r.Version+1, r.CurrentVersion, "")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// RouteSamples are real paths for every route of the area with a path
// parameter, on records made for the test.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	id := AddRelease(t, pool, press.Input{Content: press.Content{Texts: []press.Text{Latvian("Maršruta relīze")}}})
	p := "/press/" + strconv.FormatInt(id, 10)
	return []apptest.RouteSample{
		{Pattern: "/press/{id}", Path: p},
		{Pattern: "/press/{id}/edit", Path: p + "/edit"},
		{Pattern: "/press/{id}/versions/{no}", Path: p + "/versions/1"},
		{Pattern: "/press/{id}/compare", Path: p + "/compare"},
		{Pattern: "/press/{id}/submit", Path: p + "/submit"},
		{Pattern: "/press/{id}/withdraw", Path: p + "/withdraw"},
		{Pattern: "/press/{id}/approve", Path: p + "/approve"},
		{Pattern: "/press/{id}/return", Path: p + "/return"},
	}
}
