package pdf

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// BenchmarkLetter is one page of a letter, as the registry's
// acknowledgement is: the figure behind the README's choice of this
// library over printing HTML through Chromium.
func BenchmarkLetter(b *testing.B) {
	ctx := i18n.WithLocale(context.Background(), "lv")
	for b.Loop() {
		doc := New(ctx, "Iesnieguma apliecinājums", time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC))
		doc.AddPage()
		doc.SetFont(Font, "B", 13)
		doc.MultiCell(0, 6, "Daugavpils valstspilsētas pašvaldība", "", "L", false)
		doc.SetFont(Font, "", 11)
		for range 12 {
			doc.MultiCell(0, 5, "Jūsu iesniegums Nr. 1-12/2026/7 ir reģistrēts 11.05.2026.; atbildi sniegsim līdz 25.05.2026. Иванов Пётр Сергеевич.", "", "L", false)
		}
		if err := Output(doc, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
