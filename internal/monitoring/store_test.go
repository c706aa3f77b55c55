package monitoring_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/privacy"
)

var serial atomic.Int64

func unique(t *testing.T, base string) string {
	return fmt.Sprintf("%s %s %d", base, strings.ReplaceAll(t.Name(), "/", " "), serial.Add(1))
}

func refusal(err error) string {
	if fe, ok := errs.AsField(err); ok {
		return fe.Field + ": " + fe.Key
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// signedIn is a context of a new staff member, and their name.
func signedIn(t *testing.T, pool *pgxpool.Pool) (context.Context, string) {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("monitoring-%d-%d", time.Now().UnixNano()%1e9, serial.Add(1))
	var id int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		id, err = auth.Insert(ctx, tx, &auth.User{Username: name, FullName: "Ilze Vērtētāja", Roles: []auth.Role{auth.RoleStaff}, Active: true}, "x", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth.WithUser(ctx, &auth.User{ID: id, Username: name}), "Ilze Vērtētāja"
}

func TestClippingKeepsItsEvaluationAndWhoJudgedIt(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx, judge := signedIn(t, pool)
	outlet := monitoringtest.Outlet(t, pool, unique(t, "Gorod.lv"))
	unit := contactstest.Org(t, pool, unique(t, "Daugavpils Satiksme"), contacts.MunicipalCompany)
	mayor := contactstest.NewPerson(t, pool, "Andris", unique(t, "Mērs"))
	topic := monitoringtest.AddTopic(t, pool, "Transports")

	if _, err := s.CreateClipping(ctx, monitoring.Clipping{Title: "Bez medija", PublishedAt: time.Now(), MediaType: monitoring.Online,
		Language: monitoring.Latvian, Tone: monitoring.Unjudged}); refusal(err) != "outlet_id: monitoring.clipping.outlet_required" {
		t.Fatalf("no outlet: %s", refusal(err))
	}
	if _, err := s.CreateClipping(ctx, monitoring.Clipping{OutletID: mayor, Title: "Persona medija vietā", PublishedAt: time.Now(),
		MediaType: monitoring.Online, Language: monitoring.Latvian, Tone: monitoring.Unjudged}); !strings.HasPrefix(refusal(err), "outlet_id: ") {
		t.Fatalf("a person for an outlet: %s", refusal(err))
	}

	published := time.Date(2026, 11, 30, 9, 15, 0, 0, i18n.Riga)
	id, err := s.CreateClipping(ctx, monitoring.Clipping{OutletID: outlet, Title: "Tramvajs kursēs biežāk", PublishedAt: published,
		URL: "https://gorod.lv/novosti/1?utm_source=fb", MediaType: monitoring.Online, Language: monitoring.Russian,
		Tone: monitoring.Positive, TopicIDs: []int64{topic}, MentionIDs: []int64{unit, mayor}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Clipping(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Tone != monitoring.Positive || c.TonedBy != judge || c.TonedAt == nil {
		t.Errorf("judged on entry: %q by %q at %v", c.Tone, c.TonedBy, c.TonedAt)
	}
	if len(c.TopicIDs) != 1 || len(c.MentionIDs) != 2 {
		t.Errorf("links: topics %v, mentions %v", c.TopicIDs, c.MentionIDs)
	}

	// A stale form overwrites nothing.
	stale := c
	c.Tone, c.MentionIDs = monitoring.Negative, []int64{unit}
	if err := s.UpdateClipping(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateClipping(ctx, stale); !strings.HasSuffix(refusal(err), "errors.conflict") {
		t.Fatalf("a stale form: %s", refusal(err))
	}
	after, _ := s.Clipping(ctx, id)
	if after.Tone != monitoring.Negative || len(after.MentionIDs) != 1 {
		t.Errorf("after the edit: %q, mentions %v", after.Tone, after.MentionIDs)
	}
	lines, err := s.Timeline(ctx, "monitoring_clipping", id)
	if err != nil || len(lines) != 2 || lines[0].Action != "tone" || !strings.Contains(lines[0].Summary, "„Pozitīva” → „Negatīva”") {
		t.Errorf("timeline: %+v %v", lines, err)
	}
	for _, l := range lines {
		if strings.Contains(l.Summary, "Tramvajs") {
			t.Errorf("a summary carries the title: %q", l.Summary)
		}
	}

	// The same article again, its address with other tracking and a
	// trailing slash, or a near-identical title that day: shown before
	// saving.
	again := monitoring.Clipping{OutletID: outlet, Title: "Tramvajs kursēs biežāk!", PublishedAt: published.Add(3 * time.Hour)}
	if d, err := s.Duplicates(ctx, again); err != nil || len(d) != 1 || d[0].ID != id {
		t.Errorf("a similar title the same day: %v %v", d, err)
	}
	again.PublishedAt = published.AddDate(0, 0, 2)
	if d, _ := s.Duplicates(ctx, again); len(d) != 0 {
		t.Errorf("a similar title two days later is another article: %v", d)
	}
	again.URL = "http://www.gorod.lv/novosti/1/"
	if d, _ := s.Duplicates(ctx, again); len(d) != 1 {
		t.Errorf("the same address: %v", d)
	}
}

func TestListSearchesWordsDiacriticBlindAndFilters(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx := context.Background()
	outlet := monitoringtest.Outlet(t, pool, unique(t, "Latgales Laiks"))
	word := fmt.Sprintf("Sprīdītis%d", serial.Add(1))
	base := time.Date(2026, 10, 1, 12, 0, 0, 0, i18n.Riga)
	var ids []int64
	for i := range 3 {
		ids = append(ids, monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, Title: "Daugavpilī " + word,
			Body: "Pilsētas domē apsprieda ielu remontus.", PublishedAt: base.Add(time.Duration(i) * time.Hour), Tone: monitoring.Neutral}))
	}
	folded := strings.ToLower(strings.ReplaceAll(word, "ī", "i"))
	p, err := s.List(ctx, monitoring.ListQuery{Q: "daugavpil " + folded[:len(folded)-2]})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 3 || len(p.Rows) != 3 || p.Rows[0].ID != ids[2] {
		t.Fatalf("search newest first: %d rows of %d, %+v", len(p.Rows), p.Total, p.Rows)
	}
	if p, _ := s.List(ctx, monitoring.ListQuery{Q: folded, OutletID: outlet, Tone: monitoring.Negative}); p.Total != 0 {
		t.Errorf("tone filter: %d", p.Total)
	}
	if p, _ := s.List(ctx, monitoring.ListQuery{Q: folded, Sort: monitoring.Oldest, From: base.Add(30 * time.Minute)}); p.Total != 2 || p.Rows[0].ID != ids[1] {
		t.Errorf("from, oldest first: %d %+v", p.Total, p.Rows)
	}
	n, err := s.Export(ctx, monitoring.ListQuery{Q: folded}, "csv", func(monitoring.Clipping, []string) error { return nil })
	if err != nil || n != 3 {
		t.Errorf("export: %d %v", n, err)
	}
	// A name in Russian or Latvian quotes, or against an angle bracket, is
	// a word like any other: unaccent makes «» into <<>>, which the text
	// parser would drop as a tag.
	quoted := fmt.Sprintf("Ледоход%d", serial.Add(1))
	id := monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, Title: "Театр «" + quoted + "» открыл сезон",
		Body: "Skatītāji<" + word + "x>ieradās", PublishedAt: base})
	for _, q := range []string{strings.ToLower(quoted), word + "x"} {
		if p, err := s.List(ctx, monitoring.ListQuery{Q: q}); err != nil || p.Total != 1 || p.Rows[0].ID != id {
			t.Errorf("q=%s: %d found (%v)", q, p.Total, err)
		}
	}
}

func TestTopicNamesAreUniqueAndClosedTopicsStay(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx := context.Background()
	name := unique(t, "Kultūra")
	id, err := s.CreateTopic(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTopic(ctx, strings.ToUpper(name)); refusal(err) != "name: monitoring.topics.name_taken" {
		t.Fatalf("the same name in capitals: %s", refusal(err))
	}
	c := monitoringtest.AddClipping(t, pool, monitoring.Clipping{TopicIDs: []int64{id}})
	if err := s.UpdateTopic(ctx, monitoring.Topic{ID: id, Name: name, Active: false, Version: 1}); err != nil {
		t.Fatal(err)
	}
	// A closed topic is offered to no new clipping, and stays on its own.
	if _, err := s.CreateClipping(ctx, monitoring.Clipping{OutletID: monitoringtest.Outlet(t, pool, unique(t, "Medijs")), Title: "X",
		PublishedAt: time.Now(), MediaType: monitoring.Online, Language: monitoring.Latvian, Tone: monitoring.Unjudged,
		TopicIDs: []int64{id}}); refusal(err) != "topics: monitoring.clipping.topic_unknown" {
		t.Fatalf("a closed topic on a new clipping: %s", refusal(err))
	}
	old, _ := s.Clipping(ctx, c)
	old.Title = "Labots virsraksts"
	if err := s.UpdateClipping(ctx, old); err != nil {
		t.Fatalf("a clipping keeps its closed topic on an edit: %v", err)
	}
}

func TestADataSubjectFindsTheClippingsTheyWrote(t *testing.T) {
	pool := dbtest.Pool(t)
	family := fmt.Sprintf("Kalniņa%d", serial.Add(1))
	id := monitoringtest.AddClipping(t, pool, monitoring.Clipping{Title: "Skolu remonti", Author: "Līga " + family + ", LETA"})
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{Title: "Par " + family + " rakstīja citi", Author: "Jānis Ozols"})
	ctx := i18n.WithLocale(context.Background(), "lv")
	found, err := monitoring.PrivacySource(monitoring.Deps{}).Find(ctx, pool, privacy.Person{Name: "liga " + strings.ToLower(family)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].ID != id || len(found[0].Sections) != 1 {
		t.Fatalf("found %+v", found)
	}
}
