package press

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// How far ahead the reminders look: a journalist's deadline a day ahead
// (interviews are agreed in hours), an official text two days before the
// day it is needed (a draft still has to be approved).
const (
	InterviewNotice = 24 * time.Hour
	TextNoticeDays  = 2
)

// Reminder is one deadline to remind someone of.
type Reminder struct {
	Kind        string // "interview" or "text"
	ID          int64
	What        string // the topic or the occasion
	Due         time.Time
	Email, Name string
}

// remindee is the address a reminder goes to: the responsible person's
// (or author's) account, failing that the account that registered it.
const remindee = `coalesce(nullif(r.email, ''), c.email, ''), coalesce(nullif(r.full_name, ''), c.full_name, '')`

// DueReminders lists the open interview requests whose deadline is within
// InterviewNotice and the official texts not yet approved that are needed
// within TextNoticeDays, not yet reminded of that deadline, with whom to
// remind; those with nobody to write to are left out.
func (s *Store) DueReminders(ctx context.Context) ([]Reminder, error) {
	now := s.now()
	l := now.In(i18n.Riga)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	rows, _ := s.pool.Query(ctx, `
		select 'interview', i.id, i.topic, i.deadline_at, `+remindee+`
		from press_interviews i left join users r on r.id = i.responsible_id left join users c on c.id = i.created_by
		where i.status in ('new', 'agreeing') and i.deadline_at > $1 and i.deadline_at <= $2
		  and i.deadline_reminded_for is distinct from i.deadline_at
		union all
		select 'text', t.id, t.occasion, t.needed_on::timestamp at time zone 'Europe/Riga', `+remindee+`
		from press_official_texts t left join users r on r.id = t.author_id left join users c on c.id = t.created_by
		where t.status in ('requested', 'drafting', 'approval') and t.needed_on >= $3::date and t.needed_on <= $3::date + $4::int
		  and t.due_reminded_for is distinct from t.needed_on
		order by 4, 2`, now, now.Add(InterviewNotice), today, TextNoticeDays)
	all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Reminder, error) {
		var r Reminder
		err := row.Scan(&r.Kind, &r.ID, &r.What, &r.Due, &r.Email, &r.Name)
		return r, err
	})
	var out []Reminder
	for _, r := range all {
		if r.Email != "" {
			out = append(out, r)
		}
	}
	return out, err
}

// reminderMail is the reminder, in Latvian.
func reminderMail(r Reminder) mail.Message {
	ctx := i18n.WithLocale(context.Background(), "lv")
	if r.Kind == "interview" {
		args := i18n.M{"topic": r.What, "due": i18n.DateTime(r.Due), "id": r.ID}
		return mail.Message{To: r.Email, ToName: r.Name, Entity: "press_interview", EntityID: r.ID,
			Subject: i18n.T(ctx, "press.reminder.interview_subject", args), Body: i18n.T(ctx, "press.reminder.interview_body", args)}
	}
	args := i18n.M{"occasion": r.What, "due": i18n.Date(r.Due), "id": r.ID}
	return mail.Message{To: r.Email, ToName: r.Name, Entity: "press_text", EntityID: r.ID,
		Subject: i18n.T(ctx, "press.reminder.text_subject", args), Body: i18n.T(ctx, "press.reminder.text_body", args)}
}

// SendReminders queues, through client, every reminder due at the store's
// clock and returns how many it queued. Each is a transaction of its own
// that marks the deadline reminded under the row's lock, so two runs never
// send one twice, and a moved deadline is reminded of again.
func (s *Store) SendReminders(ctx context.Context, client *jobs.Client) (int, error) {
	due, err := s.DueReminders(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range due {
		queued := false
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			mark, e := `update press_interviews set deadline_reminded_for = deadline_at
				where id = $1 and deadline_at = $2 and status in ('new', 'agreeing')
				  and deadline_reminded_for is distinct from deadline_at`,
				interviewEntry(r.ID, "remind", "nosūtīts atgādinājums par žurnālista termiņu %s", i18n.DateTime(r.Due))
			if r.Kind == "text" {
				mark, e = `update press_official_texts set due_reminded_for = needed_on
					where id = $1 and needed_on = ($2::timestamptz at time zone 'Europe/Riga')::date
					  and status in ('requested', 'drafting', 'approval') and due_reminded_for is distinct from needed_on`,
					officialEntry(r.ID, "remind", "nosūtīts atgādinājums: teksts vajadzīgs %s", i18n.Date(r.Due))
			}
			tag, err := tx.Exec(ctx, mark, r.ID, r.Due)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			if _, err := mail.Enqueue(ctx, tx, client, reminderMail(r)); err != nil {
				return err
			}
			queued = true
			return audit.Record(ctx, tx, e)
		})
		if err != nil {
			return sent, fmt.Errorf("press reminder of %s %d: %w", r.Kind, r.ID, err)
		}
		if queued {
			sent++
		}
	}
	return sent, nil
}
