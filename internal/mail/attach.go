package mail

import (
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// attachmentHeader writes an attachment part's Content-Type and
// Content-Disposition itself, so that a name with Latvian letters reaches
// every reader:
//
//	Content-Type: application/pdf;
//	 name="=?UTF-8?q?Ned=C4=93=C4=BCas_p=C4=81rskats.pdf?="
//	Content-Disposition: attachment;
//	 filename="=?UTF-8?q?Ned=C4=93=C4=BCas_p=C4=81rskats.pdf?=";
//	 filename*=UTF-8''Ned%C4%93%C4%BCas%20p%C4%81rskats.pdf
//
// filename* (RFC 2231, continued as filename*0*, filename*1*, … over
// lines of less than 78 characters) is what current readers take; the
// RFC 2047 words in the quoted name and filename are what older ones
// (and many webmail readers) decode. A name of plain ASCII letters is
// written as it is.
func attachmentHeader(a Attachment) gomail.FileOption {
	ctype, disposition := attachmentHeaderValues(a)
	return func(f *gomail.File) {
		f.Header.Set(string(gomail.HeaderContentType), ctype)
		f.Header.Set(string(gomail.HeaderContentDisposition), disposition)
		f.Header.Set(string(gomail.HeaderContentTransferEnc), string(gomail.EncodingB64))
	}
}

// fold is where a header's value goes on to its next line.
const fold = "\r\n "

func attachmentHeaderValues(a Attachment) (ctype, disposition string) {
	name := safeFileName(a.Name)
	if isPlainName(name) {
		return fmt.Sprintf(`%s; name="%s"`, a.ContentType, name),
			fmt.Sprintf(`attachment; filename="%s"`, name)
	}
	// mime's Q words are at most 75 characters, joined by spaces: a fold
	// between two words is white space a decoder drops.
	words := strings.ReplaceAll(mime.QEncoding.Encode("UTF-8", name), " ", fold)
	ctype = a.ContentType + ";" + fold + `name="` + words + `"`
	disposition = "attachment;" + fold + `filename="` + words + `";` + fold + rfc2231("filename", name)
	return ctype, disposition
}

// rfc2231 is param*=UTF-8”… with name percent-encoded, continued as
// param*0*=…; param*1*=… when it is long (RFC 2231, sections 3 and 4).
func rfc2231(param, name string) string {
	const most = 60 // encoded characters a line
	var parts []string
	var b strings.Builder
	for _, c := range []byte(name) {
		enc := string(c)
		if !isAttrChar(c) {
			enc = fmt.Sprintf("%%%02X", c)
		}
		if b.Len()+len(enc) > most {
			parts = append(parts, b.String())
			b.Reset()
		}
		b.WriteString(enc)
	}
	parts = append(parts, b.String())
	if len(parts) == 1 {
		return param + "*=UTF-8''" + parts[0]
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		if i == 0 {
			p = "UTF-8''" + p
		}
		out[i] = fmt.Sprintf("%s*%d*=%s", param, i, p)
	}
	return strings.Join(out, ";"+fold)
}

// isAttrChar is RFC 2231's attribute-char: what may stand unencoded.
func isAttrChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// isPlainName is a name that a quoted string carries as it is, short
// enough for its line.
func isPlainName(name string) bool {
	if len(name) > 60 {
		return false
	}
	for _, c := range []byte(name) {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// safeFileName replaces what a quoted string or a reader's file system
// would take otherwise (quotes, backslashes, slashes, colons, …) with "_".
func safeFileName(name string) string {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "_")
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`"\/:*?<>|`, r) {
			return '_'
		}
		return r
	}, name)
}
