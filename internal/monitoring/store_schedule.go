package monitoring

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// SendReport mails the report to the recipients through client's outbox,
// and marks it sent, keeping its content as mailed (ReportContent), in one
// transaction with its audit entry. A report
// already sent, or one with nobody to send it to, is left as it is; n is
// how many it went to.
func (s *Store) SendReport(ctx context.Context, client *jobs.Client, id int64) (n int, err error) {
	m, err := s.Report(ctx, id)
	if err != nil {
		return 0, err
	}
	if m.Status == Sent {
		return 0, nil
	}
	content, err := s.liveReportContent(ctx, m)
	if err != nil {
		return 0, err
	}
	frozen, err := content.frozen()
	if err != nil {
		return 0, err
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var status ReportStatus
		// The row's lock keeps a second run from sending it again.
		if err := tx.QueryRow(ctx, `select status, summary from monitoring_reports where id = $1 for update`, id).
			Scan(&status, &m.Summary); err != nil {
			return db.NotFound(err, "monitoring report")
		}
		if status == Sent {
			return nil
		}
		all, err := recipients(ctx, tx)
		if err != nil {
			return err
		}
		var ms []mail.Message
		for _, r := range all {
			if r.Active && r.Email != "" {
				ms = append(ms, reportMail(m, content.Cur, content.Prev, r, s.baseURL))
			}
		}
		if len(ms) == 0 {
			return nil
		}
		if _, err := mail.EnqueueMany(ctx, tx, client, ms); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update monitoring_reports set status = 'sent', sent_at = $2, recipients = $3, updated_at = $2,
				content = $4, version = version + 1 where id = $1`, id, s.now(), len(ms), frozen); err != nil {
			return err
		}
		n = len(ms)
		return audit.Record(ctx, tx, reportEntry(id, "dispatch", "nosūtīts (saņēmēju skaits: %d)", n))
	})
	return n, err
}

// sendHour is the hour in Riga a period's report goes out after it ends:
// Monday at 08:00 for the week before, the first day of a month at 08:00
// for the month before.
const sendHour = 8

// SendDueReports makes and mails, for each kind the settings send, the
// report of the last whole period when its hour has come and it has not
// gone out: the schedule's run. It returns how many reports it mailed.
func (s *Store) SendDueReports(ctx context.Context, client *jobs.Client) (int, error) {
	st, err := s.ReportSettings(ctx)
	if err != nil {
		return 0, err
	}
	now := s.now()
	sent := 0
	for _, k := range ReportKinds {
		if (k == Weekly && !st.Weekly) || (k == Monthly && !st.Monthly) {
			continue
		}
		p := k.Last(now)
		end := p.To.In(i18n.Riga)
		if now.Before(time.Date(end.Year(), end.Month(), end.Day(), sendHour, 0, 0, 0, i18n.Riga)) {
			continue
		}
		id, _, err := s.CreateReport(ctx, k, p)
		if err != nil {
			return sent, fmt.Errorf("%s report of %s: %w", k, p.Dates(), err)
		}
		n, err := s.SendReport(ctx, client, id)
		if err != nil {
			return sent, fmt.Errorf("sending report %d: %w", id, err)
		}
		if n > 0 {
			sent++
		}
	}
	return sent, nil
}

// Alert is a jump in a day's coverage the head was told of: of all the
// clippings (no topic) or of a topic's.
type Alert struct {
	ID         int64
	Day        time.Time // midnight in Riga
	TopicID    *int64
	TopicName  string
	Count      int
	Average    float64
	Multiple   float64
	Recipients int
	CreatedAt  time.Time
}

// RecentAlerts are the latest alerts, newest first, at most n.
func (s *Store) RecentAlerts(ctx context.Context, n int) ([]Alert, error) {
	rows, _ := s.pool.Query(ctx, `select a.id, a.day, a.topic_id, coalesce(t.name, ''), a.count, a.average::float8,
			a.multiple::float8, a.recipients, a.created_at
		from monitoring_alerts a left join monitoring_topics t on t.id = a.topic_id
		order by a.created_at desc, a.id desc limit $1`, n)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Alert, error) {
		var a Alert
		err := row.Scan(&a.ID, &a.Day, &a.TopicID, &a.TopicName, &a.Count, &a.Average, &a.Multiple, &a.Recipients, &a.CreatedAt)
		a.Day = fromCivil(a.Day)
		return a, err
	})
}

// CheckSpikes compares today's clippings (in Riga, up to the store's
// clock), all of them and each topic's, with their daily average over
// the SpikeDays before, and alerts the heads by mail through client of
// each count the settings call a spike: once a day for all and once a
// day a topic, each alert one transaction with its audit entry. It
// returns how many alerts it made.
func (s *Store) CheckSpikes(ctx context.Context, client *jobs.Client) (int, error) {
	st, err := s.ReportSettings(ctx)
	if err != nil || !st.SpikeAlerts {
		return 0, err
	}
	now := s.now()
	today := day(now)
	since, tomorrow := today.AddDate(0, 0, -SpikeDays), today.AddDate(0, 0, 1)
	type count struct {
		topic         *int64
		name          string
		today, before int
	}
	var counts []count
	var all count
	if err := s.pool.QueryRow(ctx, `select count(*) filter (where published_at >= $1), count(*) filter (where published_at < $1)
		from monitoring_clippings where published_at >= $2 and published_at < $3`, today, since, tomorrow).
		Scan(&all.today, &all.before); err != nil {
		return 0, err
	}
	counts = append(counts, all)
	rows, _ := s.pool.Query(ctx, `select t.id, t.name, count(*) filter (where c.published_at >= $1), count(*) filter (where c.published_at < $1)
		from monitoring_clippings c join monitoring_clipping_topics ct on ct.clipping_id = c.id join monitoring_topics t on t.id = ct.topic_id
		where c.published_at >= $2 and c.published_at < $3 group by t.id, t.name order by t.id`, today, since, tomorrow)
	var id int64
	var c count
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.name, &c.today, &c.before}, func() error {
		topic := id
		counts = append(counts, count{&topic, c.name, c.today, c.before})
		return nil
	}); err != nil {
		return 0, err
	}
	made := 0
	for _, c := range counts {
		avg, spike := Spike(c.today, c.before, SpikeDays, st.SpikeMultiple, st.SpikeMinimum)
		if !spike {
			continue
		}
		a := Alert{Day: today, TopicID: c.topic, TopicName: c.name, Count: c.today, Average: avg, Multiple: st.SpikeMultiple}
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			err := tx.QueryRow(ctx, `insert into monitoring_alerts (day, topic_id, count, average, multiple, created_at)
				values ($1, $2, $3, round($4::numeric, 2), $5, $6) on conflict on constraint monitoring_alerts_day_topic_key do nothing
				returning id`, civil(today), c.topic, c.today, avg, st.SpikeMultiple, now).Scan(&a.ID)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil // told today already
			}
			if err != nil {
				return err
			}
			rows, _ := tx.Query(ctx, `select full_name, email from users where 'head' = any(roles) and active and email <> ''
				order by id`)
			var ms []mail.Message
			var name, email string
			if _, err := pgx.ForEachRow(rows, []any{&name, &email}, func() error {
				ms = append(ms, alertMail(a, now, name, email, s.baseURL))
				return nil
			}); err != nil {
				return err
			}
			if len(ms) > 0 {
				if _, err := mail.EnqueueMany(ctx, tx, client, ms); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `update monitoring_alerts set recipients = $2 where id = $1`, a.ID, len(ms)); err != nil {
					return err
				}
			}
			a.Recipients = len(ms)
			what := "visas publikācijas"
			if c.topic != nil {
				what = fmt.Sprintf("temats Nr. %d", *c.topic)
			}
			e := audit.Entry{Entity: "monitoring_alert", EntityID: a.ID, Action: "alert",
				Summary: fmt.Sprintf("Brīdinājums Nr. %d: %s, %s publikāciju skaits %d, vidēji %s dienā (saņēmēju skaits: %d)",
					a.ID, what, i18n.Date(today), c.today, lvDecimal(avg, 1), len(ms))}
			return audit.Record(ctx, tx, e)
		})
		if err != nil {
			return made, err
		}
		if a.ID != 0 {
			made++
		}
	}
	return made, nil
}

// lvDecimal is f as the audit log writes it, with a decimal comma.
func lvDecimal(f float64, places int) string {
	return i18n.Decimal(i18n.WithLocale(context.Background(), "lv"), f, places)
}
