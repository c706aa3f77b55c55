package mail_test

import (
	"testing"

	"github.com/daugavpils/prdesk/internal/mail"
)

func TestParseSMTPURL(t *testing.T) {
	for raw, want := range map[string]mail.SMTPSettings{
		"smtp://relay.daugavpils.lv":                           {Host: "relay.daugavpils.lv", Port: 587, TLS: mail.TLSStartTLS},
		"smtp://relay:2525?tls=none":                           {Host: "relay", Port: 2525, TLS: mail.TLSNone},
		"smtp://relay?tls=none":                                {Host: "relay", Port: 25, TLS: mail.TLSNone},
		"smtp://relay?tls=tls":                                 {Host: "relay", Port: 465, TLS: mail.TLSImplicit},
		"smtps://relay":                                        {Host: "relay", Port: 465, TLS: mail.TLSImplicit},
		"smtp://prdesk%40daugavpils.lv:p%C4%81ss%3A@relay:587": {Host: "relay", Port: 587, TLS: mail.TLSStartTLS, Username: "prdesk@daugavpils.lv", Password: "pāss:", Auth: "auto"},
		"smtp://u:p@relay?tls=none&auth=plain-noenc":           {Host: "relay", Port: 25, TLS: mail.TLSNone, Username: "u", Password: "p", Auth: "plain-noenc"},
		"smtp://[::1]:25?tls=none":                             {Host: "::1", Port: 25, TLS: mail.TLSNone},
	} {
		got, err := mail.ParseSMTPURL(raw)
		if err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", raw, got, err, want)
		}
	}
	for _, raw := range []string{
		"", "relay:25", "http://relay", "smtp://", "smtp://relay:0", "smtp://relay:99999", "smtp://relay:x",
		"smtp://relay?tls=maybe", "smtp://relay?tsl=none", "smtps://relay?tls=none", "smtp://relay/path",
		"smtp://u:p@relay?auth=telepathy",
	} {
		if _, err := mail.ParseSMTPURL(raw); err == nil {
			t.Errorf("%q: accepted", raw)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := []mail.Config{
		{From: "PR Desk <prdesk@daugavpils.lv>"},
		{From: "prdesk@daugavpils.lv", SMTPURL: "smtp://relay"},
		{From: "Sabiedrisko attiecību nodaļa <prdesk@daugavpils.lv>"},
	}
	for _, c := range ok {
		if err := c.Validate(); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
	bad := []mail.Config{
		{From: ""},
		{From: "PR Desk"},
		{From: "prdesk@daugavpils.lv", SMTPURL: "relay:25"},
	}
	for _, c := range bad {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v: accepted", c)
		}
	}
}
