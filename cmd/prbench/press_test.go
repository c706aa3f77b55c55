package main

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/press"
)

// The press area's generator, at a hundredth of its size, writes what the
// store would: the search text of the current version, versions and
// decisions that fit each status, one sending a sent release with exactly
// the deliveries asked for, each with its outbox row in the language
// MailLang picks.
func TestSeedPress(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	orgs, people, releases, deliveries := benchOrgs, benchPeople, benchReleases, benchDeliveries
	benchOrgs, benchPeople, benchReleases, benchDeliveries = 500, 6000, 500, 20_000
	defer func() { benchOrgs, benchPeople, benchReleases, benchDeliveries = orgs, people, releases, deliveries }()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if err := seedContacts(ctx, tx); err != nil {
		t.Fatal(err)
	}
	// The directory's generator turns the triggers off; the area's keeps
	// every check of the schema.
	if _, err := tx.Exec(ctx, `set local session_replication_role = origin`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := seedPress(ctx, tx); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated in %s", time.Since(start))

	var nReleases, sent, nDeliveries, outbox, sendings, wrongCount, wrongSearch, shortBodies, longBodies, ru, marker int
	err = tx.QueryRow(ctx, `
		with r as (select * from press_releases where idempotency_key = $1 or char_length(idempotency_key) = 32)
		select (select count(*) from r), (select count(*) from r where status = 'sent'),
		    (select count(*) from press_deliveries d join r on r.id = d.release_id),
		    (select count(*) from mail_outbox o join r on o.entity = 'press_release' and o.entity_id = r.id::text),
		    (select count(*) from press_sendings s join r on r.id = s.release_id),
		    (select count(*) from press_sendings s join r on r.id = s.release_id
		     where s.recipients <> (select count(*) from press_deliveries d where d.sending_id = s.id) or s.version_no <> r.approved_version),
		    (select count(*) from r where r.search <> lower(prdesk_unaccent(
		        (select v.topic from press_release_versions v where v.release_id = r.id and v.no = r.current_version) ||
		        (select string_agg(E'\n' || t.title || E'\n' || t.lead || E'\n' || t.body, '' order by array_position(array['lv','ru','en'], t.lang))
		         from press_release_texts t where t.release_id = r.id and t.version_no = r.current_version)))),
		    (select count(*) from press_release_texts t join r on r.id = t.release_id where t.lang = 'lv' and char_length(t.body) < 800),
		    (select count(*) from press_release_texts t join r on r.id = t.release_id where t.lang = 'lv' and char_length(t.body) > 2000),
		    (select count(*) from r where 'ru' = any(languages)),
		    (select count(*) from r where idempotency_key = $1)`, benchPressKey).
		Scan(&nReleases, &sent, &nDeliveries, &outbox, &sendings, &wrongCount, &wrongSearch, &shortBodies, &longBodies, &ru, &marker)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d releases, %d sent, %d in Russian too, %d deliveries", nReleases, sent, ru, nDeliveries)
	if nReleases != 500 || marker != 1 || sent < 400 || sendings != sent || nDeliveries != 20_000 || outbox != 20_000 ||
		wrongCount != 0 || wrongSearch != 0 || shortBodies != 0 || longBodies != 0 || ru < 50 || ru > 160 {
		t.Errorf("%d releases (marker %d), %d sent, %d sendings, %d deliveries, %d outbox rows, %d sendings miscounted, "+
			"%d search texts unlike the store's, %d Latvian bodies under 800 and %d over 2 000 characters, %d in Russian",
			nReleases, marker, sent, sendings, nDeliveries, outbox, wrongCount, wrongSearch, shortBodies, longBodies, ru)
	}
	// The store's folding, from Go, for a few.
	rows, _ := tx.Query(ctx, `select id from press_releases where char_length(idempotency_key) = 32 and current_version = 2
		and 'ru' = any(languages) order by id limit 5`)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		t.Fatalf("releases with two versions in two languages: %v, %v", ids, err)
	}
	for _, id := range ids {
		var topic string
		if err := tx.QueryRow(ctx, `select v.topic from press_release_versions v join press_releases r on r.id = v.release_id
			and v.no = r.current_version where r.id = $1`, id).Scan(&topic); err != nil {
			t.Fatal(err)
		}
		rows, _ := tx.Query(ctx, `select t.lang, t.status, t.title, t.lead, t.body from press_release_texts t
			join press_releases r on r.id = t.release_id and t.version_no = r.current_version
			where r.id = $1 order by array_position(array['lv','ru','en'], t.lang)`, id)
		texts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (press.Text, error) {
			var x press.Text
			err := row.Scan(&x.Lang, &x.Status, &x.Title, &x.Lead, &x.Body)
			return x, err
		})
		if err != nil {
			t.Fatal(err)
		}
		folded := topic
		for _, x := range texts {
			folded += "\n" + x.Title + "\n" + x.Lead + "\n" + x.Body
		}
		var same bool
		if err := tx.QueryRow(ctx, `select search = lower(prdesk_unaccent($2)) from press_releases where id = $1`, id, folded).Scan(&same); err != nil || !same {
			t.Errorf("release %d: the search text is not the store's (%v)", id, err)
		}
	}
	// Each mail in the language MailLang picks for its recipient.
	rows, _ = tx.Query(ctx, `
		select d.lang, c.languages, coalesce((select t.status = 'ready' from press_release_texts t
		    where t.release_id = d.release_id and t.version_no = s.version_no and t.lang = 'ru'), false),
		    o.status, o.attempts, o.subject, o.body_text
		from press_deliveries d join press_sendings s on s.id = d.sending_id join contacts c on c.id = d.contact_id
		join mail_outbox o on o.id = d.outbox_id`)
	type mailRow struct {
		lang     string
		langs    []string
		ruReady  bool
		status   string
		attempts int
		subject  string
		body     string
	}
	mails, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (mailRow, error) {
		var m mailRow
		err := row.Scan(&m.lang, &m.langs, &m.ruReady, &m.status, &m.attempts, &m.subject, &m.body)
		return m, err
	})
	if err != nil {
		t.Fatal(err)
	}
	byState := map[string]int{}
	inRussian := 0
	for _, m := range mails {
		c := press.Content{Texts: []press.Text{{Lang: press.Latvian, Status: press.TextReady}}}
		if m.ruReady {
			c.Texts = append(c.Texts, press.Text{Lang: press.Russian, Status: press.TextReady})
		}
		if want := press.MailLang(c, m.langs); string(want) != m.lang {
			t.Fatalf("a mail in %s to someone reading %v (Russian ready: %v), want %s", m.lang, m.langs, m.ruReady, want)
		}
		if m.lang == "ru" {
			inRussian++
		}
		switch {
		case m.status == "failed" && m.attempts < 8:
			byState["refused"]++
		default:
			byState[m.status]++
		}
		if m.subject == "" || len(m.body) < 900 {
			t.Fatalf("a mail %q of %d bytes", m.subject, len(m.body))
		}
	}
	t.Logf("mails by state %v, %d in Russian", byState, inRussian)
	if byState["sent"] < 18_000 || byState["failed"] < 300 || byState["refused"] < 150 || byState["pending"] == 0 || inRussian == 0 {
		t.Errorf("mails by state %v, %d in Russian", byState, inRussian)
	}
	var members int
	if err := tx.QueryRow(ctx, `select count(*) from mailing_list_members m join mailing_lists l on l.id = m.list_id
		where l.idempotency_key = $1`, benchSendListKey).Scan(&members); err != nil || members < 3000 {
		t.Errorf("the measured sending's list has %d members (%v)", members, err)
	}
	var sample string
	if err := tx.QueryRow(ctx, `select title || ' | ' || lead || ' | ' || left(body, 300) from press_release_texts
		where lang = 'lv' order by release_id limit 1`).Scan(&sample); err == nil {
		t.Log(sample)
	}
	if err := tx.QueryRow(ctx, `select title || ' | ' || lead || ' | ' || left(body, 300) from press_release_texts
		where lang = 'ru' order by release_id limit 1`).Scan(&sample); err == nil {
		t.Log(sample)
	}
}
