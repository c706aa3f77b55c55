package petitions_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The registry's exports go through internal/export: dates a spreadsheet
// reads as dates, a declared range, the municipality as author, and text
// that never runs as a formula.
func TestExportsWriteDatesRangeAndProperties(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	received := time.Date(2026, 6, 1, 9, 30, 0, 0, i18n.Riga)
	due := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	answered := time.Date(2026, 6, 9, 0, 0, 0, 0, time.UTC)
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Иванов Пётр " + tag, Subject: "=1+1", Received: received, Due: due})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Bērziņa Anna " + tag, Subject: "@SUM(A1)", Received: received.Add(time.Hour),
		Due: due, State: petitions.Answered, Answered: answered})

	res := head.Get(t, "/petitions/export.csv?sort=received&name="+tag)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("csv: %d", res.StatusCode)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("csv rows: %v", rows)
	}
	byName := map[string][]string{}
	for _, row := range rows[1:] {
		byName[strings.Fields(row[4])[0]] = row
	}
	iv, be := byName["Иванов"], byName["Bērziņa"]
	if iv == nil || be == nil {
		t.Fatalf("csv names: %v", rows)
	}
	// dd.mm.yyyy without the final dot: a spreadsheet reads it as a date.
	if iv[1] != "01.06.2026 09:30" || iv[8] != "15.06.2026" || be[10] != "09.06.2026" {
		t.Errorf("csv dates: received %q, due %q, answered %q", iv[1], iv[8], be[10])
	}
	if iv[5] != "'=1+1" || be[5] != "'@SUM(A1)" {
		t.Errorf("csv subjects %q, %q: formulas are not neutralised", iv[5], be[5])
	}

	res = head.Get(t, "/petitions/export.xlsx?sort=received&name="+tag)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != export.XLSXType {
		t.Fatalf("xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheet := "Iesniegumi"
	if dim, err := book.GetSheetDimension(sheet); err != nil || dim != "A1:K3" {
		t.Errorf("the sheet declares %q (%v), want A1:K3", dim, err)
	}
	props, err := book.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != export.Author || props.Title != "Iesniegumu reģistrs" || !strings.HasPrefix(props.Created, "2026-06-10T") {
		t.Errorf("document properties: %+v", props)
	}
	var ivRow, beRow int
	for i := 2; i <= 3; i++ {
		name, _ := book.GetCellValue(sheet, cell(t, 5, i))
		switch {
		case strings.HasPrefix(name, "Иванов"):
			ivRow = i
		case strings.HasPrefix(name, "Bērziņa"):
			beRow = i
		}
	}
	if ivRow == 0 || beRow == 0 {
		t.Fatal("xlsx names not found")
	}
	for _, c := range []struct {
		col, row int
		want     string
	}{{2, ivRow, "01.06.2026 09:30"}, {9, ivRow, "15.06.2026"}, {11, beRow, "09.06.2026"}} {
		ref := cell(t, c.col, c.row)
		if got, _ := book.GetCellValue(sheet, ref); got != c.want {
			t.Errorf("%s reads %q, want %q", ref, got, c.want)
		}
		// A date cell holds a number (the serial date) with a date format, not text.
		if typ, _ := book.GetCellType(sheet, ref); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is text, not a date", ref)
		}
		raw, _ := book.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if strings.Contains(raw, ".") && strings.Count(raw, ".") > 1 {
			t.Errorf("%s holds %q, not a serial date", ref, raw)
		}
	}
	subj := cell(t, 6, ivRow)
	if f, _ := book.GetCellFormula(sheet, subj); f != "" {
		t.Errorf("%s is the formula %q", subj, f)
	}
	if v, _ := book.GetCellValue(sheet, subj); v != "=1+1" {
		t.Errorf("%s reads %q, want the text as typed", subj, v)
	}
}

func cell(t *testing.T, col, row int) string {
	t.Helper()
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
