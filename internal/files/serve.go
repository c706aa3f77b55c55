package files

import (
	"io"
	"net/http"
	"strings"
)

// Serve answers with a stored file: its stored (sniffed) type, shown in the
// browser when inline or offered for download otherwise, under its name in
// full UTF-8. Range and conditional requests work (http.ServeContent), with
// the content hash as a strong ETag. The caller has already checked that the
// viewer may see the file.
func Serve(w http.ResponseWriter, r *http.Request, f File, rc io.ReadSeeker, inline bool) {
	mt := f.MediaType
	if !Known(mt) {
		// Never expected (the table checks the type), but never served as anything a browser runs.
		mt, inline = "application/octet-stream", false
	}
	if mt == DOCX {
		// No browser shows a Word document; it is always a download.
		inline = false
	}
	h := w.Header()
	h.Set("Content-Type", mt)
	h.Set("Content-Disposition", ContentDisposition(inline, DownloadName(f)))
	h.Set("X-Content-Type-Options", "nosniff")
	// Files are personal data: no shared cache keeps them, and the browser asks
	// again each time (a 304 through the ETag when nothing changed).
	h.Set("Cache-Control", "private, max-age=0")
	if f.SHA256 != "" {
		h.Set("ETag", `"`+f.SHA256+`"`)
	}
	http.ServeContent(w, r, "", f.CreatedAt, rc)
}

// ContentDisposition is the header value for name: an ASCII filename for old
// clients ("Iesniegums_Berzins.pdf") and the exact one as RFC 6266/8187
// filename* ("Iesniegums_B%C4%93rzi%C5%86%C5%A1.pdf").
func ContentDisposition(inline bool, name string) string {
	kind := "attachment"
	if inline {
		kind = "inline"
	}
	return kind + `; filename="` + asciiName(name) + `"; filename*=UTF-8''` + encodeRFC8187(name)
}

// latin maps the letters of Latvian (and a few neighbours') names to plain ASCII.
var latin = strings.NewReplacer(
	"ā", "a", "č", "c", "ē", "e", "ģ", "g", "ī", "i", "ķ", "k", "ļ", "l", "ņ", "n", "š", "s", "ū", "u", "ž", "z",
	"Ā", "A", "Č", "C", "Ē", "E", "Ģ", "G", "Ī", "I", "Ķ", "K", "Ļ", "L", "Ņ", "N", "Š", "S", "Ū", "U", "Ž", "Z",
	"ō", "o", "Ō", "O", "ŗ", "r", "Ŗ", "R", "ä", "a", "Ä", "A", "ö", "o", "Ö", "O", "ü", "u", "Ü", "U", "õ", "o", "Õ", "O",
	"ą", "a", "ę", "e", "ė", "e", "į", "i", "ų", "u", "Ą", "A", "Ę", "E", "Ė", "E", "Į", "I", "Ų", "U",
)

func asciiName(name string) string {
	name = latin.Replace(name)
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// encodeRFC8187 percent-encodes every byte that is not an attr-char.
func encodeRFC8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
