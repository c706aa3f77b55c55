package mail_test

import (
	"bytes"
	"errors"
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

// fakeSMTP is a real SMTP server on 127.0.0.1 that keeps what it receives.
type fakeSMTP struct {
	Addr string
	User string // AUTH PLAIN is required with these credentials
	Pass string

	mu       sync.Mutex
	received []received
	reject   *smtp.SMTPError // answer to RCPT TO while set
}

type received struct {
	From string
	To   []string
	Data []byte
}

func startSMTP(t *testing.T, user, pass string) *fakeSMTP {
	t.Helper()
	f := &fakeSMTP{User: user, Pass: pass}
	srv := smtp.NewServer(f)
	srv.Domain = "mail.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.Addr = l.Addr().String()
	go srv.Serve(l) //nolint:errcheck
	t.Cleanup(func() { srv.Close() })
	return f
}

// Reject makes RCPT TO fail with err until Accept.
func (f *fakeSMTP) Reject(err *smtp.SMTPError) { f.mu.Lock(); f.reject = err; f.mu.Unlock() }

func (f *fakeSMTP) Accept() { f.Reject(nil) }

// To returns the messages received for addr.
func (f *fakeSMTP) To(addr string) []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []received
	for _, r := range f.received {
		for _, to := range r.To {
			if to == addr {
				out = append(out, r)
			}
		}
	}
	return out
}

func (f *fakeSMTP) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{srv: f}, nil }

type session struct {
	srv    *fakeSMTP
	authed bool
	cur    received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.srv.User || pass != s.srv.Pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.User != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.cur = received{From: from}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.srv.mu.Lock()
	reject := s.srv.reject
	s.srv.mu.Unlock()
	if reject != nil {
		return reject
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	s.srv.mu.Lock()
	s.srv.received = append(s.srv.received, s.cur)
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }

// decoded is a received message as its reader would see it.
type decoded struct {
	Header  netmail.Header
	To      *netmail.Address
	Subject string
	Body    string // line ends normalised to \n
}

func decode(t *testing.T, data []byte) decoded {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, data)
	}
	var d decoded
	d.Header = msg.Header
	if d.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	if d.To, err = netmail.ParseAddress(msg.Header.Get("To")); err != nil {
		t.Fatalf("To %q: %v", msg.Header.Get("To"), err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Fatalf("Content-Type %q, want text/plain; charset=UTF-8", msg.Header.Get("Content-Type"))
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	d.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return d
}
