package press

import (
	"slices"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// The mail a journalist gets is in the release's language, not in the
// language of the page that sent it: its fixed words are kept here for
// each of the release's languages (the catalogues have Latvian and English
// only, for the interface).
type mailWords struct {
	greeting, embargo, embargoSubject, contact, department, footer string
}

var mailTexts = map[Lang]mailWords{
	Latvian: {
		greeting:       "Labdien!",
		embargo:        "EMBARGO: nepublicēt līdz %s",
		embargoSubject: "[EMBARGO līdz %s] ",
		contact:        "Kontaktpersona",
		department:     "Daugavpils valstspilsētas pašvaldības Sabiedrisko attiecību un mārketinga nodaļa",
		footer:         "Jūs saņemat šo vēstuli kā plašsaziņas līdzekļu kontakts. Ja turpmāk nevēlaties saņemt preses relīzes, atbildiet uz šo vēstuli.",
	},
	Russian: {
		greeting:       "Здравствуйте!",
		embargo:        "ЭМБАРГО: не публиковать до %s",
		embargoSubject: "[ЭМБАРГО до %s] ",
		contact:        "Контактное лицо",
		department:     "Отдел по связям с общественностью и маркетингу самоуправления государственного города Даугавпилс",
		footer:         "Вы получаете это письмо как контакт средств массовой информации. Если вы больше не хотите получать пресс-релизы, ответьте на это письмо.",
	},
	English: {
		greeting:       "Hello,",
		embargo:        "EMBARGO: not for publication before %s",
		embargoSubject: "[EMBARGO until %s] ",
		contact:        "Contact person",
		department:     "Public Relations and Marketing Department, Daugavpils State City Municipality",
		footer:         "You receive this mail as a media contact. If you no longer wish to receive press releases, reply to this mail.",
	},
}

// MailLang is the language of a recipient's mail: Latvian for anyone who
// reads it or whose languages the directory does not know; otherwise the
// first of their languages the release has ready.
func MailLang(c Content, langs []string) Lang {
	if len(langs) == 0 || slices.Contains(langs, string(Latvian)) {
		return Latvian
	}
	for _, l := range langs {
		if t, ok := c.Text(Lang(l)); ok && t.Status == TextReady {
			return t.Lang
		}
	}
	return Latvian
}

// ContactCard is what a mail says of the contact person.
type ContactCard struct {
	Name, Phone, Email string
}

// MailOf is the mail of release text t (in its language) to a recipient
// named name: the subject with the embargo, the addressee's name standing
// alone above the greeting (the program never declines a name), the
// embargo, the text, the contact person and why the recipient gets it.
func MailOf(t Text, embargo *time.Time, contact *ContactCard, name string) (subject, body string) {
	w := mailTexts[t.Lang]
	subject = t.Title
	var b strings.Builder
	if name != "" {
		b.WriteString(name + "\n\n")
	}
	b.WriteString(w.greeting + "\n\n")
	if embargo != nil {
		at := i18n.DateTime(*embargo)
		subject = sprintf(w.embargoSubject, at) + subject
		b.WriteString(sprintf(w.embargo, at) + "\n\n")
	}
	b.WriteString(t.Title + "\n\n")
	if t.Lead != "" {
		b.WriteString(t.Lead + "\n\n")
	}
	b.WriteString(t.Body + "\n")
	if contact != nil {
		b.WriteString("\n" + w.contact + ": " + contact.Name)
		for _, s := range []string{contact.Phone, contact.Email} {
			if s != "" {
				b.WriteString(", " + s)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n--\n" + w.department + "\n" + w.footer + "\n")
	// A subject is one line of at most 300 characters.
	subject = strings.Join(strings.Fields(subject), " ")
	if r := []rune(subject); len(r) > 300 {
		subject = string(r[:299]) + "…"
	}
	return subject, b.String()
}

func sprintf(format, at string) string { return strings.Replace(format, "%s", at, 1) }
