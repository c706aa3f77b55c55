package charts

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
)

// TestWriteSamplesToLookAt writes the sample charts as a page and a PDF into the folder
// PRDESK_CHARTS_SAMPLE names, for a person to look at (a screenshot of
// the page, pdftoppm of the PDF): no test can tell that a chart reads well.
func TestWriteSamplesToLookAt(t *testing.T) {
	dir := os.Getenv("PRDESK_CHARTS_SAMPLE")
	if dir == "" {
		t.Skip("PRDESK_CHARTS_SAMPLE names no folder to write the samples to")
	}
	ctx := i18n.WithLocale(context.Background(), "lv")
	var page bytes.Buffer
	page.WriteString(`<!doctype html><html lang="lv"><meta charset="utf-8"><title>Charts</title>` +
		`<body style="font-family: 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif; max-width: 900px; margin: 1rem auto">`)
	sizes := [][2]int{{860, 360}, {860, 340}, {860, 300}, {860, 200}}
	for i, c := range samples() {
		page.WriteString(`<figure style="margin: 0 0 1rem">`)
		if err := SVG(c, sizes[i][0], sizes[i][1]).Render(ctx, &page); err != nil {
			t.Fatal(err)
		}
		page.WriteString(`</figure>`)
	}
	if err := os.WriteFile(filepath.Join(dir, "charts.html"), page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	doc := pdf.New(ctx, "Mediju monitorings", time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC))
	doc.AddPage()
	y := 20.0
	heights := []float64{75, 70, 60, 35}
	for i, c := range samples() {
		DrawPDF(ctx, doc, c, 25, y, 165, heights[i])
		y += heights[i] + 5
	}
	var out bytes.Buffer
	if err := pdf.Output(doc, &out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "charts.pdf"), out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
