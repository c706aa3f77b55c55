package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of SMTP_URL's tls parameter.
const (
	TLSNone     = "none"     // plain text, for a relay on the same host or a trusted segment
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS; refused if the server lacks it
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
)

// SMTPSettings is SMTP_URL taken apart.
type SMTPSettings struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      string // TLSNone, TLSStartTLS or TLSImplicit
	Auth     string // a go-mail mechanism name; "auto" picks the strongest the server offers
}

// ParseSMTPURL reads
//
//	smtp://[user[:password]@]host[:port][?tls=none|starttls|tls][&auth=MECH]
//	smtps://[user[:password]@]host[:port]
//
// smtps means tls=tls. Without tls=, smtp:// uses STARTTLS. The port defaults
// to 465 for tls, 25 for none and 587 for starttls. User and password are
// URL-encoded (a "@" in a user name is %40). With a user, auth defaults to
// auto: the strongest mechanism the server offers, and never a password in
// the clear over tls=none. Other values: plain, login, cram-md5, scram-sha-1,
// scram-sha-256, xoauth2, none, and plain-noenc or login-noenc to allow a
// clear-text password over tls=none on a trusted network.
func ParseSMTPURL(raw string) (SMTPSettings, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTPSettings{}, errors.New("not a URL")
	}
	var s SMTPSettings
	switch u.Scheme {
	case "smtp":
		s.TLS = TLSStartTLS
	case "smtps":
		s.TLS = TLSImplicit
	default:
		return s, errors.New("the scheme must be smtp:// or smtps://")
	}
	s.Host = u.Hostname()
	if s.Host == "" {
		return s, errors.New("no host")
	}
	if u.Path != "" && u.Path != "/" {
		return s, errors.New("no path is allowed after the host and port")
	}
	q := u.Query()
	for k := range q {
		if k != "tls" && k != "auth" {
			return s, fmt.Errorf("unknown parameter %q (tls, auth)", k)
		}
	}
	if v := q.Get("tls"); v != "" {
		if u.Scheme == "smtps" && v != TLSImplicit {
			return s, errors.New("smtps:// always uses TLS")
		}
		switch v {
		case TLSNone, TLSStartTLS, TLSImplicit:
			s.TLS = v
		default:
			return s, fmt.Errorf("tls=%s: want none, starttls or tls", v)
		}
	}
	switch {
	case u.Port() != "":
		p, err := strconv.Atoi(u.Port())
		if err != nil || p < 1 || p > 65535 {
			return s, errors.New("the port must be a number from 1 to 65535")
		}
		s.Port = p
	case s.TLS == TLSImplicit:
		s.Port = 465
	case s.TLS == TLSNone:
		s.Port = 25
	default:
		s.Port = 587
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	s.Auth = q.Get("auth")
	if s.Auth == "" && s.Username != "" {
		s.Auth = "auto"
	}
	if s.Auth != "" {
		var t gomail.SMTPAuthType
		if err := t.UnmarshalString(s.Auth); err != nil || t == gomail.SMTPAuthCustom {
			return s, fmt.Errorf("auth=%s: unknown mechanism", s.Auth)
		}
	}
	return s, nil
}

// Addr is host:port, for logs (the password never is).
func (s SMTPSettings) Addr() string { return s.Host + ":" + strconv.Itoa(s.Port) }

func (s SMTPSettings) options() ([]gomail.Option, error) {
	opts := []gomail.Option{
		gomail.WithPort(s.Port),
		gomail.WithTimeout(30 * time.Second),
	}
	switch s.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	if s.Auth != "" {
		var t gomail.SMTPAuthType
		if err := t.UnmarshalString(s.Auth); err != nil {
			return nil, err
		}
		opts = append(opts, gomail.WithSMTPAuth(t), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	return opts, nil
}

// Config is how mail leaves PR Desk.
type Config struct {
	SMTPURL string       // SMTP_URL, see ParseSMTPURL; empty: see Register
	From    string       // MAIL_FROM: "PR Desk <prdesk@daugavpils.lv>" or a bare address
	Demo    bool         // demo mode: without SMTPURL, mail is written to the log
	Logger  *slog.Logger // default slog.Default()
	// Now is the clock a failed mail's next try is counted from (the app's
	// Config.Now). Nil leaves the retries to River's default policy: only
	// for tests whose mail never fails.
	Now func() time.Time
}

// Validate checks SMTP_URL and MAIL_FROM, so a typo stops the server at start
// rather than failing every mail later.
func (c Config) Validate() error {
	if c.SMTPURL != "" {
		if _, err := ParseSMTPURL(c.SMTPURL); err != nil {
			return fmt.Errorf("SMTP_URL: %w", err)
		}
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("MAIL_FROM: %q is not an address", c.From)
	}
	return nil
}

// sender delivers one outbox row or says why not.
type sender interface {
	send(ctx context.Context, o Outbox, atts []Attachment) error
}

type smtpSender struct {
	settings SMTPSettings
	from     *netmail.Address
}

func (s smtpSender) send(ctx context.Context, o Outbox, atts []Attachment) error {
	m := gomail.NewMsg()
	if err := m.FromFormat(s.from.Name, s.from.Address); err != nil {
		return err
	}
	if err := m.AddToFormat(o.ToName, o.ToAddress); err != nil {
		return permanentError{fmt.Errorf("recipient: %w", err)}
	}
	m.Subject(o.Subject)
	m.SetBodyString(gomail.TypeTextPlain, o.BodyText)
	for _, a := range atts {
		// With attachments the mail is multipart/mixed: the text first, then
		// each file in base64 under the headers attachmentHeader writes.
		if err := m.AttachReader(a.Name, bytes.NewReader(a.Content), attachmentHeader(a)); err != nil {
			return err
		}
	}
	// The same id on every attempt lets a receiving server drop a duplicate
	// when an earlier attempt was delivered but its reply was lost.
	m.SetMessageIDWithValue(fmt.Sprintf("prdesk.outbox.%d.%d@%s", o.ID, o.CreatedAt.Unix(), domainOf(s.from.Address)))
	// RFC 3834: out-of-office replies must not answer automatic notices.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	opts, err := s.settings.options()
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.settings.Host, opts...)
	if err != nil {
		return err
	}
	err = c.DialAndSendWithContext(ctx, m)
	var se *gomail.SendError
	if errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600 &&
		(se.Reason == gomail.ErrSMTPRcptTo || se.Reason == gomail.ErrSMTPDataClose) {
		// The server refused this recipient or this message for good; other
		// 5xx replies (MAIL FROM, AUTH) are our configuration and are retried
		// so that fixing it gets every waiting mail out.
		return permanentError{err}
	}
	return err
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

// logSender is demo mode without SMTP: the mail is the log line.
type logSender struct{ logger *slog.Logger }

func (s logSender) send(ctx context.Context, o Outbox, atts []Attachment) error {
	var files []string
	for _, a := range atts {
		files = append(files, fmt.Sprintf("%s (%s, %d B)", a.Name, a.ContentType, len(a.Content)))
	}
	s.logger.InfoContext(ctx, "mail written to the log instead of sent (demo mode, no SMTP_URL)",
		"outbox_id", o.ID, "to", o.ToAddress, "to_name", o.ToName, "subject", o.Subject, "body", o.BodyText,
		"attachments", files, "entity", o.Entity, "entity_id", o.EntityID)
	return nil
}

// permanentError is a failure that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }
