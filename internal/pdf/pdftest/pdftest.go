// Package pdftest reads what a PDF says, for the tests of every area that
// prints one: poppler's pdftotext, its runs of white space made one space
// so that a test looks for words, not for where lines broke.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Text is the words of pdf as pdftotext reads them, one space between
// each. Without poppler-utils the test is skipped, unless
// PRDESK_REQUIRE_BROWSER=1 (CI) requires them.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("PRDESK_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) is not installed, and PRDESK_REQUIRE_BROWSER=1 requires it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
