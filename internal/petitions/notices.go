package petitions

import (
	"fmt"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
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

// noticeText is the mail to the person. It is always in Latvian: the
// municipality writes to residents in the state language.
func noticeText(baseURL string, p *Petition, n noticeInfo) (subject, body string) {
	var b strings.Builder
	// The greeting stands alone: a name after "Labdien," would have to be
	// declined (the vocative), which the program cannot do right.
	b.WriteString("Labdien!\n\n")
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
