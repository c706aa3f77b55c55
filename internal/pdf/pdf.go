// Package pdf starts every letter and extract PR Desk prints: A4, the
// municipality as author, the document's language and title, and fonts
// that print Latvian and Russian names alike.
package pdf

import (
	"context"
	_ "embed"
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
