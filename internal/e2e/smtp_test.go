package e2e_test

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// mailServer is a real SMTP server on 127.0.0.1 that keeps what it
// receives, so a journey can read the mail a person would get. It takes mail
// without authentication: point the app at it with
// SMTP_URL=smtp://<Addr>?tls=none.
type mailServer struct {
	Addr string

	mu       sync.Mutex
	received []mailMessage
}

// mailMessage is one received mail as its reader would see it.
type mailMessage struct {
	From    string // envelope sender
	To      string // envelope recipient
	Header  netmail.Header
	Subject string // decoded
	Body    string // decoded text, line ends normalised to \n
	Raw     []byte
}

// startMailServer starts the server; it stops when t ends.
func startMailServer(t *testing.T) *mailServer {
	t.Helper()
	m := &mailServer{}
	srv := smtp.NewServer(mailBackend{m})
	srv.Domain = "mail.test"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.Addr = l.Addr().String()
	go srv.Serve(l) //nolint:errcheck
	t.Cleanup(func() { srv.Close() })
	return m
}

// SMTPURL is the SMTP_URL that sends to this server.
func (m *mailServer) SMTPURL() string { return "smtp://" + m.Addr + "?tls=none" }

// To is the mail received for addr, oldest first.
func (m *mailServer) To(addr string) []mailMessage {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []mailMessage
	for _, r := range m.received {
		if strings.EqualFold(r.To, addr) {
			out = append(out, r)
		}
	}
	return out
}

type mailBackend struct{ m *mailServer }

func (b mailBackend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &mailSession{m: b.m}, nil
}

type mailSession struct {
	m    *mailServer
	from string
	to   []string
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from, s.to = from, nil
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

// Data keeps one copy a recipient, decoded; a message that cannot be read
// is refused, so the sender's outbox shows the failure.
func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := decodeMail(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	for _, to := range s.to {
		msg.From, msg.To = s.from, to
		s.m.received = append(s.m.received, msg)
	}
	return nil
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

// decodeMail reads a single-part text message: headers, an encoded-word
// subject, and a quoted-printable, 7bit or 8bit body.
func decodeMail(raw []byte) (mailMessage, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return mailMessage{}, err
	}
	out := mailMessage{Header: msg.Header, Raw: raw}
	if out.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return mailMessage{}, err
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return mailMessage{}, err
	}
	out.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return out, nil
}
