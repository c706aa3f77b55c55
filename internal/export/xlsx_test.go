package export

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestXLSXDeclaresItsRangeAndItsAuthor(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	x, err := NewXLSX("Iesniegumi", "Iesniegumu saraksts", now, []string{"Nr.", "Saņemts", "Termiņš"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	at := time.Date(2026, 5, 11, 6, 30, 0, 0, time.UTC) // 09:30 in Riga
	if err := x.Row("1-12/2026/1", x.DateTime(at), x.Date(time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	if err := x.Row("=1+1", nil, x.Date(time.Time{})); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	sheet := zipFile(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	if !strings.Contains(sheet, `<dimension ref="A1:C3"`) {
		t.Errorf("sheet does not declare A1:C3: %.300s", sheet)
	}
	core := zipFile(t, buf.Bytes(), "docProps/core.xml")
	for _, want := range []string{Author, "Iesniegumu saraksts", "2026-12-04T10:00:00Z"} {
		if !strings.Contains(core, want) {
			t.Errorf("document properties lack %q: %s", want, core)
		}
	}
	if strings.Contains(core, "xuri") || strings.Contains(core, "2006-09-16") {
		t.Errorf("the library's placeholders are left: %s", core)
	}
	book, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := book.GetCellValue("Iesniegumi", "B2")
	if got != "11.05.2026 09:30" {
		t.Errorf("B2 reads %q, want the Riga time as a date-time cell", got)
	}
	typ, _ := book.GetCellType("Iesniegumi", "C2")
	if typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Error("the due date is text, not a date")
	}
}

func zipFile(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	out, _ := io.ReadAll(f)
	return string(out)
}

// Column widths are set after the book is started and before its rows; a
// book with no rows still has its header.
func TestXLSXWidthsAndAnEmptyBook(t *testing.T) {
	x, err := NewXLSX("Lapa", "Tukšs", time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC), []string{"A", "B"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Width(1, 2, 20); err != nil {
		t.Fatalf("width before the rows: %v", err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows("Lapa")
	if len(rows) != 1 || rows[0][0] != "A" {
		t.Errorf("rows %v, want the header alone", rows)
	}
	if w, _ := book.GetColWidth("Lapa", "B"); w != 20 {
		t.Errorf("column B is %v wide", w)
	}
}
