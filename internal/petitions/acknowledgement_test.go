package petitions_test

import (
	"fmt"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// tool finds a reader of PDFs (poppler-utils, qpdf; .ci/run installs
// them): missing, the test is skipped, unless CI requires it.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("PRDESK_REQUIRE_BROWSER") == "1" {
			t.Fatalf("%s is not installed, and CI requires it", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// The acknowledgement of a person with a Russian name, made through
// internal/pdf: the name prints in the embedded DejaVu (not as blank
// space), the viewer shows the title, the language is Latvian, the file
// has its identifier, and the address of /status is a link.
func TestAcknowledgementPrintsACyrillicNameWithALink(t *testing.T) {
	srv := server(t)
	p := register(t, srv.Pool, petitionstest.Sub{Name: "Иванов Пётр Сергеевич", Address: "Ул. Ригас 1, Даугавпилс",
		Reply: petitions.ReplyPost, By: "staff"})
	res := srv.Client(t, "staff").Get(t, fmt.Sprintf("/petitions/%d/acknowledgement.pdf", p.ID))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("acknowledgement.pdf: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	file := filepath.Join(t.TempDir(), "ack.pdf")
	if err := os.WriteFile(file, []byte(res.Body), 0o644); err != nil {
		t.Fatal(err)
	}

	// fpdf names the font by its family ("utf8dejavu") and embeds only the
	// glyphs used, without the subset prefix pdffonts looks for.
	fonts := run(t, "pdffonts", file)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
	if len(lines) == 0 {
		t.Fatalf("no fonts:\n%s", fonts)
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if !strings.Contains(strings.ToLower(f[0]), "dejavu") || len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("a font is not the embedded DejaVu with a Unicode map: %s", line)
		}
	}
	text := run(t, "pdftotext", file, "-")
	for _, want := range []string{"Иванов Пётр Сергеевич", "Даугавпилс", p.RegNumber, p.CheckCode, "/status"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter's text lacks %q:\n%s", want, text)
		}
	}
	info := run(t, "pdfinfo", file)
	if !strings.Contains(info, "Title:") || !strings.Contains(info, p.RegNumber) {
		t.Errorf("pdfinfo shows no title with the number:\n%s", info)
	}

	// The glyphs themselves, not only the text extracted (which reads the
	// Unicode map and would not notice blank glyphs): the name, the first
	// line under the letterhead, inks its strip of the page (pixels at
	// 72 dpi are points).
	dir := t.TempDir()
	run(t, "pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-x", "70", "-y", "135", "-W", "200", "-H", "16", file, filepath.Join(dir, "name"))
	if ink := inkOf(t, dir); ink < 300 {
		t.Errorf("the name's line inked %d pixels: the Cyrillic glyphs do not print", ink)
	}

	if out := run(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	all := run(t, "qpdf", "--json=2", "--json-key=qpdf", file)
	for _, want := range []string{`"/Subtype": "/Link"`, `"/S": "/URI"`, `/status`, `"/DisplayDocTitle": true`, `"/Lang": "u:lv"`, `"/ID"`} {
		if !strings.Contains(all, want) {
			t.Errorf("the file lacks %s", want)
		}
	}
	if !strings.Contains(all, `"/URI": "u:`+srv.URL+`/status"`) {
		t.Errorf("the link does not lead to %s/status", srv.URL)
	}
}

// inkOf counts the dark pixels of the one PNG pdftoppm wrote into dir.
func inkOf(t *testing.T, dir string) int {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, "*.png"))
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
