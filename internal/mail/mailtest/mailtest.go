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
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
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
	// Attachments are the files of a multipart/mixed mail, in order.
	Attachments []Attachment
	Raw         []byte
}

// Attachment is one file of a mail, as a reader saves it.
type Attachment struct {
	// Name is Content-Disposition's filename as a current reader takes it
	// (RFC 2231's filename* first, else an RFC 2047 filename decoded);
	// TypeName is Content-Type's name as an older reader decodes it (RFC 2047).
	Name, TypeName string
	ContentType    string // the bare media type
	Content        []byte // decoded
	Header         textproto.MIMEHeader
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

// Decode reads a UTF-8 text message as a mail reader would: the headers,
// an encoded-word subject, and a quoted-printable, 7bit or 8bit body; or
// a multipart/mixed one of such a text and attachments (base64, each with
// a file name). Anything else is an error.
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
	if err == nil && mediaType == "multipart/mixed" {
		return decodeMixed(out, msg.Body, params["boundary"])
	}
	out.Body, err = textBody(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return out, err
}

// textBody is a text part's words.
func textBody(contentType, cte string, r io.Reader) (string, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		return "", fmt.Errorf("content type %q, want text/plain; charset=UTF-8", contentType)
	}
	switch cte := strings.ToLower(cte); cte {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "", "7bit", "8bit":
	default:
		return "", fmt.Errorf("content transfer encoding %q", cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

// decodeMixed reads a multipart/mixed body: its first part is the text,
// each other an attachment.
func decodeMixed(out Message, body io.Reader, boundary string) (Message, error) {
	if boundary == "" {
		return out, errors.New("multipart/mixed without a boundary")
	}
	mr := multipart.NewReader(body, boundary)
	for i := 0; ; i++ {
		// NextRawPart: the part as sent, quoted-printable not yet decoded.
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			if i == 0 {
				return out, errors.New("multipart/mixed without parts")
			}
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if i == 0 {
			if out.Body, err = textBody(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return out, fmt.Errorf("the text part: %w", err)
			}
			continue
		}
		a, err := decodeAttachment(p)
		if err != nil {
			return out, fmt.Errorf("part %d: %w", i+1, err)
		}
		out.Attachments = append(out.Attachments, a)
	}
}

func decodeAttachment(p *multipart.Part) (Attachment, error) {
	a := Attachment{Header: p.Header}
	dec := new(mime.WordDecoder)
	mediaType, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
	if err != nil {
		return a, fmt.Errorf("content type %q: %w", p.Header.Get("Content-Type"), err)
	}
	a.ContentType = mediaType
	if a.TypeName, err = dec.DecodeHeader(params["name"]); err != nil {
		return a, fmt.Errorf("name %q: %w", params["name"], err)
	}
	disp, dparams, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" {
		return a, fmt.Errorf("content disposition %q, want an attachment (%v)", p.Header.Get("Content-Disposition"), err)
	}
	// mime decodes filename* (RFC 2231) into filename, ahead of a plain one.
	if a.Name, err = dec.DecodeHeader(dparams["filename"]); err != nil || a.Name == "" {
		return a, fmt.Errorf("file name %q (%v)", dparams["filename"], err)
	}
	if cte := strings.ToLower(p.Header.Get("Content-Transfer-Encoding")); cte != "base64" {
		return a, fmt.Errorf("content transfer encoding %q, want base64", cte)
	}
	if a.Content, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, p)); err != nil {
		return a, fmt.Errorf("base64: %w", err)
	}
	return a, nil
}
