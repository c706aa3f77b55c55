package petitions

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The letters carry their own font, cut down to the Latin letters and
// punctuation Latvian needs, so that ā, č, ņ and ž print on any machine
// (the static build has no system fonts). See pdffont/LICENSE.
var (
	//go:embed pdffont/DejaVuSans-LatinExt.ttf
	fontRegular []byte
	//go:embed pdffont/DejaVuSans-Bold-LatinExt.ttf
	fontBold []byte
)

// docAccusative names a document type as the object of a Latvian sentence.
var docAccusative = map[DocType]string{
	TypeSubmission: "iesniegumu",
	TypeLetter:     "vēstuli",
	TypeProposal:   "priekšlikumu",
	TypeComplaint:  "sūdzību",
	TypeSuggestion: "ierosinājumu",
}

// municipalityAddress is the sender's address on letters.
const municipalityAddress = "Krišjāņa Valdemāra iela 1, Daugavpils, LV-5401"

// acknowledgementPDF is the printable letter confirming receipt: for a
// person who wants the answer by post, in person or to their e-address.
func (h *Handler) acknowledgementPDF(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	p, rule, err := h.store.PrintAcknowledgement(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := writeAcknowledgement(&buf, p, rule, h.store.baseURLOf(r.Context()), h.deps.Now()); err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="apstiprinajums-%d.pdf"`, p.ID))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// writeAcknowledgement draws the letter, in Latvian: the municipality writes
// to residents in the state language.
func writeAcknowledgement(out *bytes.Buffer, p *Petition, rule Rule, baseURL string, now time.Time) error {
	ctx := i18n.WithLocale(context.Background(), "lv")
	pdf := newPDF(ctx, "Apstiprinājums "+p.RegNumber)
	pdf.AddPage()
	letterHead(ctx, pdf)
	pdf.Ln(12)

	pdf.SetFont("dejavu", "", 11)
	pdf.MultiCell(0, 5.5, p.PersonName, "", "L", false)
	if p.PersonAddress != "" {
		pdf.MultiCell(0, 5.5, p.PersonAddress, "", "L", false)
	}
	pdf.Ln(8)
	pdf.MultiCell(0, 5.5, "Daugavpilī, "+i18n.Date(now), "", "R", false)
	pdf.Ln(6)

	pdf.SetFont("dejavu", "B", 12)
	pdf.MultiCell(0, 6, "Apstiprinājums par iesnieguma saņemšanu", "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("dejavu", "", 11)
	para := func(s string) {
		pdf.MultiCell(0, 5.5, s, "", "L", false)
		pdf.Ln(3)
	}
	para(fmt.Sprintf("%s %s saņēma Jūsu %s. Dokuments reģistrēts ar numuru %s.",
		i18n.T(ctx, "app.municipality"), i18n.DateTime(p.ReceivedAt), docAccusative[p.DocType], p.RegNumber))
	// i18n.Date ends with the ordinal dot, which also ends the sentence.
	due := "Atbildi sniegsim līdz " + i18n.Date(p.DueDate)
	if rule.BasisLV != "" {
		due += " Termiņa pamats: " + strings.TrimSuffix(rule.BasisLV, ".") + "."
	}
	para(due)

	pdf.SetFont("dejavu", "B", 11)
	tbl := [][2]string{
		{"Reģistrācijas numurs", p.RegNumber},
		{"Saņemšanas datums", i18n.Date(p.ReceivedAt)},
		{"Paredzamais atbildes datums", i18n.Date(p.DueDate)},
		{"Pārbaudes kods", p.CheckCode},
	}
	for _, row := range tbl {
		pdf.SetFont("dejavu", "", 11)
		pdf.CellFormat(70, 7, row[0], "1", 0, "L", false, 0, "")
		pdf.SetFont("dejavu", "B", 11)
		pdf.CellFormat(0, 7, row[1], "1", 1, "L", false, 0, "")
	}
	pdf.Ln(4)
	pdf.SetFont("dejavu", "", 11)
	if baseURL != "" {
		para(fmt.Sprintf("Iesnieguma virzību varat pārbaudīt tīmekļa vietnē %s/status, norādot reģistrācijas numuru un pārbaudes kodu.", baseURL))
	}
	para("Ja termiņu būs nepieciešams pagarināt vai iesniegums būs jāpārsūta citai iestādei, mēs Jums par to paziņosim.")
	pdf.Ln(6)
	para("Ar cieņu\n" + i18n.T(ctx, "app.department"))
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(out)
}

// newPDF is an A4 document in the municipality's name with the embedded
// fonts registered as "dejavu" (regular and "B"), for every letter and
// extract the registry prints. ctx gives the language of its metadata.
func newPDF(ctx context.Context, title string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(25, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(i18n.T(ctx, "app.municipality"), true)
	return pdf
}

// letterHead is the sender's block at the top of the first page.
func letterHead(ctx context.Context, pdf *fpdf.Fpdf) {
	pdf.SetFont("dejavu", "B", 13)
	pdf.MultiCell(0, 6, i18n.T(ctx, "app.municipality"), "", "L", false)
	pdf.SetFont("dejavu", "", 10)
	pdf.MultiCell(0, 5, i18n.T(ctx, "app.department"), "", "L", false)
	pdf.MultiCell(0, 5, municipalityAddress, "", "L", false)
}

// ruleOfExplanation is the rule a stored deadline was computed with.
func ruleOfExplanation(raw []byte) Rule {
	var d Deadline
	if json.Unmarshal(raw, &d) != nil {
		return Rule{}
	}
	return d.Rule
}
