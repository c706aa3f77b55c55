// Package pdf starts every letter and extract PR Desk prints: A4, the
// municipality as author, the document's language and title, and fonts
// that print Latvian and Russian names alike.
package pdf

import (
	"bytes"
	"context"
	"crypto/md5"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// The letters carry their own font (the static build has no system fonts):
// DejaVu Sans cut down to Latin with its Latvian letters and to Cyrillic,
// of which the library embeds only the glyphs a letter uses. See font/LICENSE.
var (
	//go:embed font/DejaVuSans-LatinCyrillic.ttf
	fontRegular []byte
	//go:embed font/DejaVuSans-Bold-LatinCyrillic.ttf
	fontBold []byte
)

// Font is the family the fonts are registered under, regular ("") and bold ("B").
const Font = "dejavu"

// New is an A4 portrait document titled title, in the language of ctx,
// made at now, with the fonts registered.
func New(ctx context.Context, title string, now time.Time) *fpdf.Fpdf {
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetMargins(25, 20, 20)
	doc.SetAutoPageBreak(true, 20)
	doc.AddUTF8FontFromBytes(Font, "", fontRegular)
	doc.AddUTF8FontFromBytes(Font, "B", fontBold)
	doc.SetTitle(title, true)
	doc.SetAuthor(i18n.T(ctx, "app.municipality"), true)
	doc.SetCreator("PR Desk", false)
	doc.SetLang(i18n.Locale(ctx))
	doc.SetCreationDate(now)
	doc.SetModificationDate(now)
	return doc
}

// Output writes doc to w as a finished letter: the library's PDF, and an
// incremental update (a PDF's own way of adding to a file without
// rewriting it) that the library cannot write itself: the viewer shows
// the document's title in its title bar (DisplayDocTitle), and the
// trailer carries the file's identifier, which archives and signature
// tools expect.
func Output(doc *fpdf.Fpdf, w io.Writer) error {
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return err
	}
	out, err := finish(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

var (
	trailerRe = regexp.MustCompile(`trailer\s*<<\s*/Size (\d+)\s*/Root (\d+) 0 R\s*/Info (\d+) 0 R\s*>>\s*startxref\s*(\d+)\s*%%EOF\s*$`)
)

// finish appends the update to a PDF as the library writes it.
func finish(pdf []byte) ([]byte, error) {
	m := trailerRe.FindSubmatch(pdf)
	if m == nil {
		return nil, errors.New("pdf: the library's trailer is not as expected")
	}
	size, root, info, prev := string(m[1]), string(m[2]), string(m[3]), string(m[4])
	start := bytes.Index(pdf, []byte("\n"+root+" 0 obj\n"))
	if start < 0 {
		return nil, errors.New("pdf: no catalog object")
	}
	body := pdf[start+len("\n"+root+" 0 obj\n"):]
	end := bytes.Index(body, []byte("\nendobj"))
	if end < 0 {
		return nil, errors.New("pdf: the catalog object does not end")
	}
	catalog := bytes.TrimSpace(body[:end])
	if !bytes.HasPrefix(catalog, []byte("<<")) || !bytes.HasSuffix(catalog, []byte(">>")) {
		return nil, errors.New("pdf: the catalog is not a dictionary")
	}
	sum := md5.Sum(pdf)
	id := hex.EncodeToString(sum[:])

	out := bytes.NewBuffer(append(make([]byte, 0, len(pdf)+512), pdf...))
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	objAt := out.Len()
	fmt.Fprintf(out, "%s 0 obj\n%s\n/ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n",
		root, catalog[:len(catalog)-2])
	xrefAt := out.Len()
	fmt.Fprintf(out, "xref\n0 1\n0000000000 65535 f \n%s 1\n%010d 00000 n \n", root, objAt)
	fmt.Fprintf(out, "trailer\n<<\n/Size %s\n/Root %s 0 R\n/Info %s 0 R\n/ID [<%s> <%s>]\n/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n",
		size, root, info, id, id, prev, xrefAt)
	return out.Bytes(), nil
}
