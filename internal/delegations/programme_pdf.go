package delegations

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
	"github.com/daugavpils/prdesk/internal/web"
)

// writeProgrammePDF prints the programme day by day in the language of
// ctx: the delegation, then each day's items with their time, place,
// activity, people, responsible person and transport.
func writeProgrammePDF(ctx context.Context, out io.Writer, d Delegation, items []Item, people []Participant, now time.Time) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	lang := i18n.Locale(ctx)
	doc := pdf.New(ctx, t("delegations.programme.pdf_title")+": "+d.Title, now)
	doc.AliasNbPages("")
	doc.SetFooterFunc(func() {
		doc.SetY(-14)
		doc.SetFont(pdf.Font, "", 8)
		doc.CellFormat(0, 5, t("delegations.programme.pdf_page", doc.PageNo()), "", 0, "R", false, 0, "")
	})
	doc.AddPage()
	doc.SetFont(pdf.Font, "B", 11)
	doc.MultiCell(0, 6, t("app.municipality"), "", "L", false)
	doc.SetFont(pdf.Font, "", 9)
	doc.MultiCell(0, 5, t("app.department"), "", "L", false)
	doc.Ln(4)
	doc.SetFont(pdf.Font, "B", 16)
	doc.MultiCell(0, 8, t("delegations.programme.pdf_title"), "", "L", false)
	doc.SetFont(pdf.Font, "B", 13)
	doc.MultiCell(0, 7, d.Title, "", "L", false)
	doc.SetFont(pdf.Font, "", 10)
	doc.MultiCell(0, 5, periodText(d)+" · "+place(ctx, d), "", "L", false)
	doc.Ln(3)
	days := Days(items)
	if len(days) == 0 {
		doc.MultiCell(0, 5, t("delegations.programme.empty_print"), "", "L", false)
	}
	for _, day := range days {
		doc.Ln(2)
		doc.SetFont(pdf.Font, "B", 12)
		doc.SetFillColor(230, 236, 240)
		doc.CellFormat(0, 7, i18n.Weekday(ctx, day.Date)+", "+i18n.Date(day.Date), "", 1, "L", true, 0, "")
		for _, it := range day.Items {
			doc.SetFont(pdf.Font, "B", 10)
			y := doc.GetY()
			doc.CellFormat(28, 5, timeRange(it), "", 0, "L", false, 0, "")
			doc.SetXY(38, y)
			doc.MultiCell(0, 5, it.ActivityIn(lang), "", "L", false)
			doc.SetFont(pdf.Font, "", 9)
			row := func(label, value string) {
				if value == "" {
					return
				}
				doc.SetX(38)
				doc.MultiCell(0, 4.5, label+": "+value, "", "L", false)
			}
			row(t("delegations.programme.place"), it.Place)
			row(t("delegations.programme.people"), peopleText(it, people))
			row(t("delegations.programme.responsible"), it.Responsible)
			row(t("delegations.programme.transport"), it.Transport)
			doc.Ln(1.5)
		}
	}
	return pdf.Output(doc, out)
}

func (h *Handler) programmePDF(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if lang := form.URLValues(r).Get("lang"); lang == "lv" || lang == "en" {
		ctx = i18n.WithLocale(ctx, lang)
	}
	items, err := h.store.Programme(ctx, d.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	people, err := h.store.People(ctx, d.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="programma-%d-%s.pdf"`, d.ID, i18n.Locale(ctx)))
	if err := writeProgrammePDF(ctx, w, d, items, people, h.now()); err != nil {
		web.Error(w, r, err)
	}
}
