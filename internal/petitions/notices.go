package petitions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// noticeInfo is what a notice to the person tells them.
type noticeInfo struct {
	kind          string // extension, forwarding, answer
	newDue        time.Time
	reason        string
	institution   string
	answerNumber  string
	answerOn      time.Time
	answerText    string
	answerChannel string
	hasFile       bool
}

// noticeChannel is how the person is told: their reply channel, or "" when
// nobody can be told (anonymous, or no way to reach them). E-mail without an
// address falls back to post.
func noticeChannel(p *Petition) string {
	if p.Anonymous {
		return ""
	}
	ch := ""
	if p.ReplyChannel != nil {
		ch = *p.ReplyChannel
	}
	switch {
	case ch == string(ReplyEmail) && p.PersonEmail == "":
		ch = ""
	case ch == string(ReplyEAddress) && !p.HasEAddress:
		ch = ""
	}
	if ch == "" {
		switch {
		case p.PersonEmail != "":
			ch = string(ReplyEmail)
		case p.PersonAddress != "":
			ch = string(ReplyPost)
		}
	}
	return ch
}

// notify tells the person inside tx, by their channel: e-mail goes through
// the outbox; post, in person and e-address (sent through the state's
// e-address system, outside PR Desk) wait for staff as "to print". Each
// notice is a row the card shows and a line of the timeline.
func (h *Handler) notify(ctx context.Context, tx pgx.Tx, p *Petition, n noticeInfo) error {
	ch := noticeChannel(p)
	if ch == "" {
		return nil
	}
	status := "to_print"
	var outboxID *int64
	if ch == string(ReplyEmail) {
		subject, body := noticeText(h.deps.BaseURL, p, n)
		id, err := mail.Enqueue(ctx, tx, h.deps.Jobs, mail.Message{
			To: p.PersonEmail, ToName: p.PersonName, Subject: subject, Body: body,
			Entity: "petition", EntityID: p.ID,
		})
		if err != nil {
			return fmt.Errorf("notice mail: %w", err)
		}
		outboxID, status = &id, "queued"
	}
	var noticeID int64
	err := tx.QueryRow(ctx, `insert into petition_notices (petition_id, kind, channel, outbox_id, status, created_by)
		values ($1, $2, $3, $4, $5, `+userIDSQL(ctx)+`) returning id`,
		p.ID, n.kind, ch, outboxID, status).Scan(&noticeID)
	if err != nil {
		return err
	}
	return AddEvent(ctx, tx, p.ID, "notice", "", "", "", map[string]any{
		"notice_id": noticeID, "kind": n.kind, "channel": ch, "status": status,
	})
}

// noticeText is the mail to the person. It is always in Latvian: the
// municipality writes to residents in the state language.
func noticeText(baseURL string, p *Petition, n noticeInfo) (subject, body string) {
	var b strings.Builder
	greeting := "Labdien!"
	if p.PersonName != "" {
		greeting = "Labdien, " + p.PersonName + "!"
	}
	fmt.Fprintf(&b, "%s\n\n", greeting)
	received := i18n.Date(p.ReceivedAt)
	switch n.kind {
	case "extension":
		subject = "Iesnieguma " + p.RegNumber + " izskatīšanas termiņš pagarināts"
		fmt.Fprintf(&b, "Jūsu iesniegumam Nr. %s (saņemts %s) izskatīšanas termiņš ir pagarināts līdz %s\n", // the date ends with its own dot
			p.RegNumber, received, i18n.Date(n.newDue))
		if n.reason != "" {
			fmt.Fprintf(&b, "Iemesls: %s\n", n.reason)
		}
	case "forwarding":
		subject = "Iesniegums " + p.RegNumber + " pārsūtīts kompetentajai iestādei"
		fmt.Fprintf(&b, "Jūsu iesniegums Nr. %s (saņemts %s) nav pašvaldības kompetencē, tāpēc tas ir pārsūtīts iestādei, kuras kompetencē ir jautājuma izlemšana: %s.\n",
			p.RegNumber, received, n.institution)
		b.WriteString("Turpmāk atbildi Jums sniegs šī iestāde.\n")
	case "answer":
		subject = "Atbilde uz iesniegumu " + p.RegNumber
		fmt.Fprintf(&b, "Uz Jūsu iesniegumu Nr. %s (saņemts %s) ir sagatavota atbilde Nr. %s, %s\n", // the date ends with its own dot
			p.RegNumber, received, n.answerNumber, i18n.Date(n.answerOn))
		if n.answerText != "" {
			fmt.Fprintf(&b, "\n%s\n", n.answerText)
		}
		if n.hasFile {
			switch n.answerChannel {
			case string(ReplyPost):
				b.WriteString("\nParakstītā atbilde Jums nosūtīta pa pastu.\n")
			case string(ReplyEAddress):
				b.WriteString("\nParakstītā atbilde Jums nosūtīta uz e-adresi.\n")
			case string(ReplyInPerson):
				b.WriteString("\nParakstīto atbildi varat saņemt klātienē pašvaldības Klientu apkalpošanas centrā.\n")
			default:
				b.WriteString("\nParakstītā atbilde pievienota dokumentā, ko pašvaldība Jums nosūta atsevišķi.\n")
			}
		}
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\nIesnieguma statusu varat pārbaudīt: %s/status (norādiet reģistrācijas numuru un pārbaudes kodu no apstiprinājuma).\n",
			strings.TrimRight(baseURL, "/"))
	}
	b.WriteString("\nAr cieņu\nDaugavpils valstspilsētas pašvaldība\nSabiedrisko attiecību un mārketinga nodaļa\n")
	return subject, b.String()
}

// markNotice records that a notice waiting to be printed (or sent through the
// e-address system) has been handed over for delivery.
func (h *Handler) markNotice(ctx context.Context, tx pgx.Tx, p *Petition, noticeID int64) (string, error) {
	var kind, ch string
	err := tx.QueryRow(ctx, `update petition_notices set status = 'handed_over', updated_at = now()
		where id = $1 and petition_id = $2 and status = 'to_print' returning kind, channel`, noticeID, p.ID).Scan(&kind, &ch)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", errs.Conflict
	}
	if err != nil {
		return "", err
	}
	details := map[string]any{"notice_id": noticeID, "kind": kind, "channel": ch, "status": "handed_over"}
	if err := AddEvent(ctx, tx, p.ID, "notice_sent", "", "", "", details); err != nil {
		return "", err
	}
	if err := audit.Record(ctx, tx, audit.Entry{Entity: "petition", EntityID: p.ID, Action: "notice_sent",
		Summary: fmt.Sprintf("Iesniegums %s: paziņojums personai atzīmēts kā nosūtīts", p.RegNumber), Details: details}); err != nil {
		return "", err
	}
	return i18n.T(ctx, "petitions.card.done.notice_sent"), nil
}
