package petitions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
	"github.com/daugavpils/prdesk/internal/web"
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

// acknowledgementPDF is the printable letter confirming receipt, whichever
// way the person wants the answer: it carries the check code /status asks
// for, which a person who came to the desk may want on paper.
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
// to residents in the state language. The letter is made by internal/pdf
// (DejaVu with Cyrillic, so that a Russian name prints; its title shown by
// the viewer, its language, the file's identifier), and the address of
// /status is a link.
func writeAcknowledgement(out io.Writer, p *Petition, rule Rule, baseURL string, now time.Time) error {
	ctx := i18n.WithLocale(context.Background(), "lv")
	doc := pdf.New(ctx, "Apstiprinājums par iesnieguma "+p.RegNumber+" saņemšanu", now)
	doc.AddPage()
	if err := drawAcknowledgement(ctx, doc, p, rule, baseURL, now); err != nil {
		return err
	}
	return pdf.Output(doc, out)
}

func drawAcknowledgement(ctx context.Context, doc *fpdf.Fpdf, p *Petition, rule Rule, baseURL string, now time.Time) error {
	letterHead(ctx, doc)
	doc.Ln(12)

	doc.SetFont(pdf.Font, "", 11)
	doc.MultiCell(0, 5.5, p.PersonName, "", "L", false)
	if p.PersonAddress != "" {
		doc.MultiCell(0, 5.5, p.PersonAddress, "", "L", false)
	}
	doc.Ln(8)
	doc.MultiCell(0, 5.5, "Daugavpilī, "+i18n.Date(now), "", "R", false)
	doc.Ln(6)

	doc.SetFont(pdf.Font, "B", 12)
	doc.MultiCell(0, 6, "Apstiprinājums par iesnieguma saņemšanu", "", "L", false)
	doc.Ln(4)
	doc.SetFont(pdf.Font, "", 11)
	para := func(s string) {
		doc.MultiCell(0, 5.5, s, "", "L", false)
		doc.Ln(3)
	}
	para(fmt.Sprintf("%s %s saņēma Jūsu %s. Dokuments reģistrēts ar numuru %s.",
		i18n.T(ctx, "app.municipality"), i18n.DateTime(p.ReceivedAt), docAccusative[p.DocType], p.RegNumber))
	// i18n.Date ends with the ordinal dot, which also ends the sentence.
	due := "Atbildi sniegsim līdz " + i18n.Date(p.DueDate)
	if rule.BasisLV != "" {
		due += " Termiņa pamats: " + strings.TrimSuffix(rule.BasisLV, ".") + "."
	}
	para(due)

	doc.SetFont(pdf.Font, "B", 11)
	tbl := [][2]string{
		{"Reģistrācijas numurs", p.RegNumber},
		{"Saņemšanas datums", i18n.Date(p.ReceivedAt)},
		{"Paredzamais atbildes datums", i18n.Date(p.DueDate)},
		{"Pārbaudes kods", p.CheckCode},
	}
	for _, row := range tbl {
		doc.SetFont(pdf.Font, "", 11)
		doc.CellFormat(70, 7, row[0], "1", 0, "L", false, 0, "")
		doc.SetFont(pdf.Font, "B", 11)
		doc.CellFormat(0, 7, row[1], "1", 1, "L", false, 0, "")
	}
	doc.Ln(4)
	doc.SetFont(pdf.Font, "", 11)
	if baseURL != "" {
		// The address is a link (a PDF link annotation), in the colour
		// and underline a reader expects of one.
		link := strings.TrimSuffix(baseURL, "/") + "/status"
		doc.Write(5.5, "Iesnieguma virzību varat pārbaudīt tīmekļa vietnē ")
		doc.SetTextColor(0, 70, 160)
		doc.SetFont(pdf.Font, "U", 11)
		doc.WriteLinkString(5.5, link, link)
		doc.SetTextColor(0, 0, 0)
		doc.SetFont(pdf.Font, "", 11)
		doc.Write(5.5, ", norādot reģistrācijas numuru un pārbaudes kodu.")
		doc.Ln(5.5 + 3)
	}
	para("Ja termiņu būs nepieciešams pagarināt vai iesniegums būs jāpārsūta citai iestādei, mēs Jums par to paziņosim.")
	doc.Ln(6)
	para("Ar cieņu\n" + i18n.T(ctx, "app.department"))
	return doc.Error()
}

// letterHead is the sender's block at the top of the first page.
func letterHead(ctx context.Context, doc *fpdf.Fpdf) {
	doc.SetFont(pdf.Font, "B", 13)
	doc.MultiCell(0, 6, i18n.T(ctx, "app.municipality"), "", "L", false)
	doc.SetFont(pdf.Font, "", 10)
	doc.MultiCell(0, 5, i18n.T(ctx, "app.department"), "", "L", false)
	doc.MultiCell(0, 5, municipalityAddress, "", "L", false)
}

// ruleOfExplanation is the rule a stored deadline was computed with.
func ruleOfExplanation(raw []byte) Rule {
	var d Deadline
	if json.Unmarshal(raw, &d) != nil {
		return Rule{}
	}
	return d.Rule
}
