package charts

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
)

// pdfText reads a PDF as people's viewers do (poppler; .ci/run installs it).
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("PRDESK_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) is not installed, and CI requires it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}

func TestPDFPrintsLatvianAndCyrillicNames(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), "lv")
	doc := pdf.New(ctx, "Mediju monitorings", time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC))
	doc.AddPage()
	doc.SetFont(pdf.Font, "", 11)
	doc.SetDrawColor(1, 2, 3)
	outlets := []string{"Daugavpils Vēstnesis", "Наш город", "LSM.lv"}
	DrawPDF(ctx, doc, Chart{
		Title: "Publikācijas pēc toņa", Kind: Columns, Categories: outlets,
		Series: []Series{
			{Name: "Pozitīva", Tone: Positive, Values: []float64{4, 2, 1}},
			{Name: "Negatīva", Tone: Negative, Values: []float64{1, 3, 0}},
		},
		ValueLabel: "Publikācijas",
	}, 25, 20, 160, 70)
	if y := doc.GetY(); y != 90 {
		t.Errorf("the cursor is at %v after a chart that ends at 90", y)
	}
	if r, g, b := doc.GetDrawColor(); r != 1 || g != 2 || b != 3 {
		t.Errorf("the draw colour is left %d, %d, %d", r, g, b)
	}
	DrawPDF(ctx, doc, Chart{
		Title: "Visvairāk rakstījušie mediji", Kind: HBars, Categories: outlets,
		Series: []Series{{Name: "Publikācijas", Values: []float64{1234, 987, 402}}},
	}, 25, 100, 160, 50)
	DrawPDF(ctx, doc, Chart{Title: "Tēmas", Kind: HBars, NoData: "Šajā laikā publikāciju nav."}, 25, 160, 160, 30)
	var out bytes.Buffer
	if err := pdf.Output(doc, &out); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, out.Bytes())
	for _, want := range []string{
		"Publikācijas pēc toņa", "Visvairāk rakstījušie mediji", "Pozitīva", "Negatīva",
		"Daugavpils Vēstnesis", "Наш город", "1 234", "Šajā laikā publikāciju nav.",
	} {
		if !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), want) {
			t.Errorf("the PDF does not read %q:\n%s", want, text)
		}
	}
}
