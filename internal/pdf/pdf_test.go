package pdf

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// poppler reads PDFs as people's viewers do; .ci/run installs it.
func poppler(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("PRDESK_REQUIRE_BROWSER") == "1" {
			t.Fatalf("%s (poppler-utils) is not installed, and CI requires it", tool)
		}
		t.Skipf("%s (poppler-utils) is not installed", tool)
	}
	return p
}

func render(t *testing.T, text string) []byte {
	t.Helper()
	ctx := i18n.WithLocale(context.Background(), "lv")
	doc := New(ctx, "Pārbaude", time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC))
	doc.AddPage()
	doc.SetFont(Font, "B", 28)
	doc.MultiCell(0, 14, text, "", "L", false)
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// inked counts the dark pixels of the first page drawn at 50 dpi: a glyph
// the font lacks prints as blank space, which text extraction (reading
// the ToUnicode map) would not notice.
func inked(t *testing.T, pdf []byte) int {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(poppler(t, "pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(matches) != 1 {
		t.Fatalf("pdftoppm wrote %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return darkPixels(img)
}

func darkPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

func TestCyrillicAndLatvianNamesPrint(t *testing.T) {
	cyr := render(t, "Иванов Пётр Сергеевич")
	lat := render(t, "Bērziņš Jānis Ēriks")
	// The Cyrillic name inks about as much as a Latin one of its length; a
	// font without Cyrillic leaves the page blank.
	c, l := inked(t, cyr), inked(t, lat)
	if l == 0 {
		t.Fatal("the Latvian name printed nothing")
	}
	if c < l/2 {
		t.Errorf("the Cyrillic name inked %d pixels, the Latvian one %d: Cyrillic glyphs are missing", c, l)
	}
	text := pdfText(t, cyr)
	if !strings.Contains(text, "Иванов Пётр Сергеевич") {
		t.Errorf("text extracted: %q", text)
	}
	fonts := pdfFonts(t, cyr)
	if !strings.Contains(fonts, "emb sub uni") && !(strings.Contains(fonts, "yes yes yes")) {
		t.Errorf("the font is not embedded as a subset with a Unicode map:\n%s", fonts)
	}
}

// A letter embeds only the glyphs it uses: two fonts of 60-70 KB each
// would otherwise go with every acknowledgement.
func TestALetterStaysSmall(t *testing.T) {
	if n := len(render(t, "Iesniegums Nr. 1-12/2026/7 reģistrēts. Иванов Пётр")); n > 40_000 {
		t.Errorf("a one-line letter is %d bytes", n)
	}
}

func TestMetadata(t *testing.T) {
	doc := render(t, "Teksts")
	for _, want := range []string{"/Lang (lv)", "/Title", "/Author"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("the document lacks %s", want)
		}
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(poppler(t, "pdftotext"), "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfFonts(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(poppler(t, "pdffonts"), "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	return string(out)
}

// A letter's viewer shows its title, and the trailer identifies the file;
// qpdf, a strict reader, finds the file sound.
func TestTitleShownAndFileIdentified(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), "lv")
	doc := New(ctx, "Iesnieguma Nr. 1-12/2026/7 apliecinājums", time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC))
	doc.AddPage()
	doc.SetFont(Font, "", 12)
	doc.Write(6, "Sveiki, Иванов!")
	var buf bytes.Buffer
	if err := Output(doc, &buf); err != nil {
		t.Fatal(err)
	}
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		if os.Getenv("PRDESK_REQUIRE_BROWSER") == "1" {
			t.Fatal("qpdf is not installed, and CI requires it")
		}
		t.Skip("qpdf is not installed")
	}
	file := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	show := func(what string) string {
		out, err := exec.Command(qpdf, "--show-object="+what, file).CombinedOutput()
		if err != nil {
			t.Fatalf("qpdf --show-object=%s: %v\n%s", what, err, out)
		}
		return string(out)
	}
	if tr := show("trailer"); !strings.Contains(tr, "/ID [ <") {
		t.Errorf("the trailer has no /ID: %s", tr)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "Иванов") {
		t.Errorf("after the update the text reads %q", text)
	}
	root := regexp.MustCompile(`/Root (\d+) 0 R`).FindStringSubmatch(show("trailer"))
	if root == nil {
		t.Fatal("no /Root in the trailer")
	}
	cat := show(root[1])
	for _, want := range []string{"/DisplayDocTitle true", "/Lang (lv)", "/Pages 1 0 R"} {
		if !strings.Contains(cat, want) {
			t.Errorf("the catalog lacks %s: %s", want, cat)
		}
	}
}
