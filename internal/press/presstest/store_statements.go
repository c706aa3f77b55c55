package presstest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/press"
)

// As is a context in which username (a demo account) is signed in, for
// the store's use cases that act as a person. The demo accounts are made
// in a database that has no account yet.
func As(t testing.TB, pool *pgxpool.Pool, username string) context.Context {
	t.Helper()
	ctx := context.Background()
	var id int64
	find := func() error {
		return pool.QueryRow(ctx, `select id from users where username = $1`, username).Scan(&id)
	}
	err := find()
	if errors.Is(err, pgx.ErrNoRows) {
		if err = demo.SeedAccounts(ctx, pool); err == nil {
			err = find()
		}
	}
	if err != nil {
		t.Fatalf("presstest: account %s: %v", username, err)
	}
	u, err := auth.NewUsers(pool).ByID(ctx, id)
	if err != nil {
		t.Fatalf("presstest: account %s: %v", username, err)
	}
	return auth.WithUser(ctx, u)
}

// ActiveEmergency is the emergency in force by the fixtures' clock: the
// one there is, or one declared by the head from a minute ago for two
// hours (so that it ends by itself and leaves later tests free to declare
// their own).
func ActiveEmergency(t testing.TB, pool *pgxpool.Pool) press.Emergency {
	t.Helper()
	s := Store(pool)
	ctx := As(t, pool, "head")
	e, err := s.ActiveEmergency(ctx)
	if err == nil {
		return e
	}
	if !errors.Is(err, errs.NotFound) {
		t.Fatal(err)
	}
	now := Clock()
	ends := now.Add(2 * time.Hour)
	id, err := s.DeclareEmergency(ctx, press.Emergency{Title: "Vētras postījumi pilsētā", StartsAt: now.Add(-time.Minute), EndsAt: &ends,
		TargetMinutes: press.DefaultTargetMinutes, Template: "Pašvaldība ir informēta par [kas noticis]. Nākamā informācija tiks sniegta [kad]."})
	if err != nil {
		t.Fatal(err)
	}
	if e, err = s.Emergency(ctx, id); err != nil {
		t.Fatal(err)
	}
	return e
}

// AddStatement submits p to emergency, as username, with sensible
// defaults (a unit's name, all media, a short text), and returns its id.
func AddStatement(t testing.TB, pool *pgxpool.Pool, username string, emergency int64, p press.Statement) int64 {
	t.Helper()
	p.EmergencyID = emergency
	if p.UnitName == "" && p.UnitID == nil {
		p.UnitName = "Komunālās saimniecības pārvalde"
	}
	if p.Channel == "" {
		p.Channel = "Visi mediji"
	}
	if p.Body == "" {
		p.Body = "Pašvaldība ir informēta par koku nogāšanu Rīgas ielā. Ielu atbrīvos līdz vakaram."
	}
	id, err := Store(pool).SubmitStatement(As(t, pool, username), p)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
