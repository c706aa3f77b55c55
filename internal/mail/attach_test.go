package mail

import (
	"mime"
	"strings"
	"testing"
)

// An attachment's name reaches the reader whole, whatever letters it has:
// RFC 2231's filename* decodes to it, and so do the RFC 2047 words of the
// name, on lines a mail may carry.
func TestAttachmentNamesRoundTrip(t *testing.T) {
	for _, name := range []string{
		"parskats-nedela-2026-11-23.pdf",
		"Pārskats.pdf",
		"Ziņojums; 100% „gatavs” (galīgais), ’25.pdf",
		"Отчёт о визите делегации.pdf",
		"a=?b?=.pdf",
		strings.Repeat("ŽĒĶ ", 37) + "x.pdf",
		strings.Repeat("x", 150),
		`Atskaite "2026"/12:1.pdf`,
		"🙂 smaids.txt",
	} {
		want := safeFileName(name)
		ctype, disp := attachmentHeaderValues(Attachment{Name: name, ContentType: "application/pdf"})
		for _, v := range []string{ctype, disp} {
			for _, line := range strings.Split(v, "\r\n") {
				if len(line) > 998 {
					t.Errorf("%q: a line of %d characters", name, len(line))
				}
			}
		}
		unfold := func(s string) string { return strings.ReplaceAll(s, "\r\n", "") }
		mt, params, err := mime.ParseMediaType(unfold(disp))
		if err != nil || mt != "attachment" || params["filename"] != want {
			t.Errorf("%q: Content-Disposition %q reads as %q %q (%v)", name, disp, mt, params["filename"], err)
		}
		if got, err := new(mime.WordDecoder).DecodeHeader(params["filename"]); err != nil || got != want {
			t.Errorf("%q: the file name reads %q (%v), want %q", name, got, err, want)
		}
		mt, params, err = mime.ParseMediaType(unfold(ctype))
		if err != nil || mt != "application/pdf" {
			t.Errorf("%q: Content-Type %q (%v)", name, ctype, err)
		}
		if got, err := new(mime.WordDecoder).DecodeHeader(params["name"]); err != nil || got != want {
			t.Errorf("%q: the type's name reads %q (%v), want %q", name, got, err, want)
		}
	}
}
