package mail_test

import (
	"testing"

	"github.com/daugavpils/prdesk/internal/mail"
)

// SMTP_URL comes from the server's environment, typed by an administrator:
// whatever it is, ParseSMTPURL answers without failing, and what it accepts
// names a host, a port and a TLS mode.
func FuzzParseSMTPURL(f *testing.F) {
	for _, s := range []string{"smtp://mail.daugavpils.lv", "smtps://user%40dome:p%C4%81role@mail.daugavpils.lv:465",
		"smtp://127.0.0.1:2525?tls=none&auth=plain-noenc", "smtp://[::1]:25?tls=starttls", "smtp://h?tls=bogus",
		"smtp://h:99999", "smtp:///", "http://h", "smtp://h/path", "%zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := mail.ParseSMTPURL(raw)
		if err != nil {
			return
		}
		if s.Host == "" || s.Port < 1 || s.Port > 65535 {
			t.Errorf("ParseSMTPURL(%q) accepted %+v", raw, s)
		}
		switch s.TLS {
		case mail.TLSImplicit, mail.TLSStartTLS, mail.TLSNone:
		default:
			t.Errorf("ParseSMTPURL(%q): TLS %q", raw, s.TLS)
		}
	})
}
