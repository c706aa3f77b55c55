package press

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Invitation is one mailing of an event's invitation, with its mails
// counted by where the outbox has them.
type Invitation struct {
	ID         int64
	Lists      int // how many mailing lists it went to
	People     int // and journalists picked one by one
	Recipients int
	LeftOut    int
	SentAt     time.Time
	SentBy     string
	Counts     map[DeliveryState]int
}

// Invitable tells whether an invitation to e may still go out: not to an
// event held, cancelled or over.
func (e Event) Invitable(now time.Time) bool {
	return e.Status != EventCancelled && e.Status != EventHeld && now.Before(e.EndsAt)
}

// InvitePreview is who an invitation to event id sent to lists and people
// would reach now, and who it would leave out and why; it changes nothing.
func (s *Store) InvitePreview(ctx context.Context, id int64, lists, people []int64) (contacts.RecipientSet, error) {
	var set contacts.RecipientSet
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := scanEvent(tx.QueryRow(ctx, `select `+eventColumns+` from press_events e where e.id = $1`, id)); err != nil {
			return db.NotFound(err, "press event")
		}
		var err error
		set, err = contacts.RecipientsTx(ctx, tx, lists, people)
		return err
	})
	return set, err
}

// InviteResult is what Invite did.
type InviteResult struct {
	InvitationID int64
	Mails        int
	LeftOut      int
}

// Invite mails event id's invitation, as the page drew the event at
// version, to lists and people: one mail a recipient, opted-out people,
// addresses twice and closed organisations left out, with link (the public
// accreditation form) when accreditation is open. A planned event becomes
// announced. All in one transaction with its audit entry.
func (s *Store) Invite(ctx context.Context, id int64, version int, lists, people []int64, link string) (InviteResult, error) {
	var res InviteResult
	if len(lists)+len(people) == 0 {
		return res, errs.Field("lists", "press.send.none_chosen")
	}
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		e, err := scanEvent(tx.QueryRow(ctx, `select `+eventColumns+` from press_events e where e.id = $1 for update`, id))
		if err != nil {
			return db.NotFound(err, "press event")
		}
		now := s.now()
		if e.Version != version || !e.Invitable(now) {
			return ErrWrongStatus
		}
		set, err := contacts.RecipientsTx(ctx, tx, lists, people)
		if err != nil {
			return err
		}
		if len(set.Recipients) == 0 {
			return errs.Field("lists", "press.invite.nobody")
		}
		if s.jobs == nil {
			return fmt.Errorf("press: no job client to queue mail")
		}
		speakers, err := speakerNames(ctx, tx, e.Speakers)
		if err != nil {
			return err
		}
		if !e.Accrediting(now) {
			link = ""
		}
		if err := tx.QueryRow(ctx, `insert into press_invitations (event_id, list_ids, person_ids, recipients, left_out, sent_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7) returning id`, id, nonNilIDs(lists), nonNilIDs(people), len(set.Recipients),
			len(set.LeftOut), now, audit.ActorID(ctx)).Scan(&res.InvitationID); err != nil {
			return err
		}
		msgs := make([]mail.Message, len(set.Recipients))
		for i, rc := range set.Recipients {
			name := ""
			if rc.Kind == contacts.Person {
				name = rc.Name
			}
			subject, body := invitationMail(e, speakers, link, name)
			msgs[i] = mail.Message{To: rc.Email, ToName: rc.Name, Subject: subject, Body: body,
				Entity: "press_invitation", EntityID: res.InvitationID}
		}
		if _, err := mail.EnqueueMany(ctx, tx, s.jobs, msgs); err != nil {
			return err
		}
		res.Mails, res.LeftOut = len(msgs), len(set.LeftOut)
		if e.Status == EventPlanned {
			if _, err := tx.Exec(ctx, `update press_events set status = 'announced', version = version + 1, updated_at = $2
				where id = $1`, id, now); err != nil {
				return err
			}
		}
		en := eventEntry(id, "invite", "nosūtīts ielūgums (ielūgums #%d, adresātu skaits: %d, izlaisti: %d)",
			res.InvitationID, res.Mails, res.LeftOut)
		en.Details = map[string]any{"lists": lists, "people": people}
		return audit.Record(ctx, tx, en)
	})
	return res, err
}

// speakerNames are the event's speakers as the directory names them now.
func speakerNames(ctx context.Context, q db.Querier, ids []int64) ([]string, error) {
	rows, _ := q.Query(ctx, `select k.name from unnest($1::bigint[]) with ordinality as s(id, n)
		join contacts c on c.id = s.id join contacts k on k.id = coalesce(c.merged_into, c.id) order by s.n`, nonNilIDs(ids))
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// invitationMail is the invitation one recipient gets, in Latvian: the
// event, its time and place and speakers, and where to accredit.
func invitationMail(e Event, speakers []string, link, name string) (string, string) {
	lv := i18n.WithLocale(context.Background(), "lv")
	place := e.Place
	if e.Room != "" {
		place += ", " + e.Room
	}
	at := e.StartsAt.In(i18n.Riga)
	var b []byte
	if name != "" {
		b = fmt.Appendf(b, "%s\n\n", i18n.T(lv, "press.invite.mail_greeting_name", name))
	} else {
		b = fmt.Appendf(b, "%s\n\n", i18n.T(lv, "press.invite.mail_greeting"))
	}
	b = fmt.Appendf(b, "%s\n\n", i18n.T(lv, "press.invite.mail_body", eventKindName(lv, e.Kind), e.Title,
		i18n.LongDate(lv, at), at.Format("15:04"), place))
	if len(speakers) > 0 {
		b = fmt.Appendf(b, "%s\n", i18n.T(lv, "press.invite.mail_speakers"))
		for _, s := range speakers {
			b = fmt.Appendf(b, "– %s\n", s)
		}
		b = append(b, '\n')
	}
	if link != "" {
		b = fmt.Appendf(b, "%s\n%s\n\n", i18n.T(lv, "press.invite.mail_accredit"), link)
	}
	b = fmt.Appendf(b, "%s\n", i18n.T(lv, "press.invite.mail_signature"))
	return i18n.T(lv, "press.invite.mail_subject", e.Title, i18n.Date(at)), string(b)
}

// Invitations are event id's invitations, the latest first, with their
// mails counted.
func (s *Store) Invitations(ctx context.Context, id int64) ([]Invitation, error) {
	rows, _ := s.pool.Query(ctx, `select i.id, cardinality(i.list_ids), cardinality(i.person_ids), i.recipients, i.left_out,
			i.sent_at, coalesce((select u.full_name from users u where u.id = i.created_by), ''),
			coalesce((select jsonb_object_agg(st, n) from (select `+deliveryState+` as st, count(*) as n
				from mail_outbox o where o.entity = 'press_invitation' and o.entity_id = i.id::text group by 1) c), '{}')
		from press_invitations i where i.event_id = $1 order by i.id desc`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Invitation, error) {
		var v Invitation
		err := row.Scan(&v.ID, &v.Lists, &v.People, &v.Recipients, &v.LeftOut, &v.SentAt, &v.SentBy, &v.Counts)
		return v, err
	})
}
