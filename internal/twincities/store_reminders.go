package twincities

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

// ReviewReminder is an agreement whose review is near, with whom to remind.
type ReviewReminder struct {
	AgreementID int64
	City        string
	ReviewOn    time.Time
	Email, Name string
}

// reviewRecipient is the address a review reminder goes to: the
// coordinator's on our side, from the directory; failing that, the account
// that registered the agreement.
const reviewRecipient = `coalesce(nullif(` + coordinatorEmail + `, ''), u.email, '')`

// DueReviews lists the agreements whose review reminder is due at the
// store's clock (Agreement.ReviewDue) and who is to get it; an agreement
// with nobody to write to is left out.
func (s *Store) DueReviews(ctx context.Context) ([]ReviewReminder, error) {
	limit := s.today().Add(ReviewNotice)
	rows, err := s.pool.Query(ctx, `
		select a.id, a.city, a.review_on, `+reviewRecipient+`, coalesce(`+coordinatorName+`, u.full_name, '')
		from twin_agreements a left join users u on u.id = a.created_by
		where a.status <> 'ended' and a.review_on is not null and a.review_on <= $1
		  and a.review_reminded_for is distinct from a.review_on
		order by a.review_on, a.id`, limit)
	if err != nil {
		return nil, err
	}
	all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReviewReminder, error) {
		var r ReviewReminder
		err := row.Scan(&r.AgreementID, &r.City, &r.ReviewOn, &r.Email, &r.Name)
		return r, err
	})
	var out []ReviewReminder
	for _, r := range all {
		if r.Email != "" {
			out = append(out, r)
		}
	}
	return out, err
}

// reviewMail is the reminder, in Latvian.
func reviewMail(r ReviewReminder) mail.Message {
	ctx := i18n.WithLocale(context.Background(), "lv")
	args := i18n.M{"city": r.City, "date": i18n.Date(r.ReviewOn), "id": r.AgreementID}
	return mail.Message{To: r.Email, ToName: r.Name, Entity: "twin_agreement", EntityID: r.AgreementID,
		Subject: i18n.T(ctx, "twincities.reminder.subject", args), Body: i18n.T(ctx, "twincities.reminder.body", args)}
}

// SendReviewReminders queues, through client, the reminder of every review
// due at the store's clock, and returns how many it queued. Each is a
// transaction of its own that marks the review date reminded under the
// row's lock, so two runs never send one twice, and a changed review date
// is reminded of again.
func (s *Store) SendReviewReminders(ctx context.Context, client *jobs.Client) (int, error) {
	due, err := s.DueReviews(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range due {
		queued := false
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `update twin_agreements set review_reminded_for = review_on
				where id = $1 and review_on = $2 and status <> 'ended' and review_reminded_for is distinct from review_on`,
				r.AgreementID, r.ReviewOn)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			if _, err := mail.Enqueue(ctx, tx, client, reviewMail(r)); err != nil {
				return err
			}
			queued = true
			return audit.Record(ctx, tx, entry(r.AgreementID, "remind", "nosūtīts atgādinājums par pārskatīšanu %s", i18n.Date(r.ReviewOn)))
		})
		if err != nil {
			return sent, fmt.Errorf("review reminder of agreement %d: %w", r.AgreementID, err)
		}
		if queued {
			sent++
		}
	}
	return sent, nil
}
