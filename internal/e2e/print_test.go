package e2e_test

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// printing: every printable page fits its content on A4 without an empty
// sheet (the booking slip printed a blank second page: the screen layout's
// full height went to paper too). Chromium prints each to PDF as a person's
// "Print" would, and poppler counts the pages.
func printing(t *testing.T, b *browser) {
	official := visitorstest.AddOfficial(t, b.srv.Pool, visitors.Official{Name: "Drukas Pārbaude", Position: "Domes deputāts"},
		visitorstest.Weekly(time.Wednesday, visitors.At(10, 0), visitors.At(12, 0)))
	booking := visitorstest.AddBooking(t, b.srv.Pool, visitorstest.Booking{OfficialID: official, Start: visitorstest.Wednesday(10, 0)})
	tb := b.newTab(t)
	tb.signInAs("clerk")
	for _, path := range []string{
		"/visitors/bookings/" + strconv.FormatInt(booking, 10) + "/slip",
		"/visitors/hours/print",
		"/",
	} {
		tb.open(path)
		pdf := run(tb, "print "+path, chromedp.Action[[]byte](func(ctx context.Context, target *chromedp.Target) ([]byte, error) {
			res, err := cdp.Call(ctx, target, page.PrintToPDF, page.PrintToPDFParams{
				PaperWidth: 8.27, PaperHeight: 11.69, // A4, in inches
			})
			if err != nil {
				return nil, err
			}
			return res.Data, nil
		}))
		if n := pdfPages(t, pdf); n != 1 {
			t.Errorf("%s prints on %d A4 pages, want 1", path, n)
		}
	}
}

// pdfPages counts a PDF's pages with poppler's pdfinfo.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Fatalf("pdfinfo (poppler-utils, which .ci/run installs): %v", err)
	}
	cmd := exec.Command(bin, "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}
