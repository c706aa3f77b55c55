// Package mailtest is a real SMTP server for tests (go-smtp on 127.0.0.1):
// it keeps every message it receives, decoded as its reader would see it,
// so that a test reads the mail a person would get.
//
//	srv := mailtest.Start(t, mailtest.Options{})
//	cfg.SMTPURL = srv.URL()
//	... srv.To("jānis@example.lv")
package mailtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options are how the server receives.
type Options struct {
	// User and Pass, when set, require AUTH PLAIN with them before MAIL.
	User, Pass string
}

// Server is the running server; it stops when the test ends.
type Server struct {
	Addr string
	opts Options

	mu       sync.Mutex
	received []Message
	reject   *smtp.SMTPError // the answer to RCPT TO while set
}

// Message is one received mail, one a recipient.
type Message struct {
	From    string // envelope sender
	To      string // envelope recipient
	Header  netmail.Header
	Subject string // decoded
	Body    string // decoded text, line ends normalised to \n
	Raw     []byte
}

// Start starts a server on a free port of 127.0.0.1.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	return StartAt(t, "127.0.0.1:0", opts)
}

// StartAt starts a server listening on addr: a mail server coming back
// where the app was told it is.
func StartAt(t testing.TB, addr string, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "mail.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go srv.Serve(l) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the SMTP_URL that sends to this server in plain text, with the
// credentials when it requires them.
func (s *Server) URL() string {
	if s.opts.User == "" {
		return "smtp://" + s.Addr + "?tls=none"
	}
	return fmt.Sprintf("smtp://%s:%s@%s?tls=none&auth=plain-noenc",
		urlEscape(s.opts.User), urlEscape(s.opts.Pass), s.Addr)
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Reject makes RCPT TO fail with err (a 4xx or 5xx answer) until Accept.
func (s *Server) Reject(err *smtp.SMTPError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = err
}

// Accept takes mail again after Reject.
func (s *Server) Accept() { s.Reject(nil) }

// To is the mail received for addr (compared without regard to case), oldest first.
func (s *Server) To(addr string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.received {
		if strings.EqualFold(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
}

// All is every message received, oldest first.
func (s *Server) All() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.received...)
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (se *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != se.s.opts.User || pass != se.s.opts.Pass {
			return errors.New("invalid credentials")
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.opts.User != "" && !se.authed {
		return smtp.ErrAuthRequired
	}
	se.from, se.to = from, nil
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.s.mu.Lock()
	reject := se.s.reject
	se.s.mu.Unlock()
	if reject != nil {
		return reject
	}
	se.to = append(se.to, to)
	return nil
}

// Data keeps one copy a recipient, decoded; a message its reader could not
// read is refused, so that the sender's outbox shows the failure.
func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := Decode(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	se.s.mu.Lock()
	defer se.s.mu.Unlock()
	for _, to := range se.to {
		msg.From, msg.To = se.from, to
		se.s.received = append(se.s.received, msg)
	}
	return nil
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }

// Decode reads a single-part UTF-8 text message as a mail reader would:
// the headers, an encoded-word subject, and a quoted-printable, 7bit or
// 8bit body. Anything else is an error.
func Decode(raw []byte) (Message, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	out := Message{Header: msg.Header, Raw: raw}
	if out.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		return Message{}, fmt.Errorf("content type %q, want text/plain; charset=UTF-8", msg.Header.Get("Content-Type"))
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "", "7bit", "8bit":
	default:
		return Message{}, fmt.Errorf("content transfer encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return Message{}, err
	}
	out.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return out, nil
}
